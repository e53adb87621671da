extension Metrics {
  static let regressionMetrics: [Metric] = [
    .singleColumn(
      "rmse", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "root mean squared error: sqrt(mean((y - p)^2))"
    ) { truth, predicted, _ in meanSquaredError(truth, predicted).squareRoot() },
    .singleColumn(
      "mse", higherIsBetter: false, input: .numbers(.anyFinite), definition: "mean squared error: mean((y - p)^2)"
    ) { truth, predicted, _ in meanSquaredError(truth, predicted) },
    .meanOverColumns(
      "mean_columnwise_rmse", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "RMSE of each target column, averaged over the columns"
    ) { truth, predicted, _ in meanSquaredError(truth, predicted).squareRoot() },
    .singleColumn(
      "rmsle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "root mean squared logarithmic error: sqrt(mean((ln(1 + p) - ln(1 + y))^2))"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted).squareRoot() },
    .singleColumn(
      "msle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "mean squared logarithmic error: mean((ln(1 + p) - ln(1 + y))^2)"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted) },
    .meanOverColumns(
      "mean_columnwise_rmsle", higherIsBetter: false, input: .numbers(.nonNegative),
      definition: "RMSLE of each target column, averaged over the columns"
    ) { truth, predicted, _ throws(MetricFailure) in try meanSquaredLogError(truth, predicted).squareRoot() },
    .singleColumn(
      "mae", higherIsBetter: false, input: .numbers(.anyFinite), definition: "mean absolute error: mean(|y - p|)"
    ) { truth, predicted, _ in CompensatedSum.mean(truth.count) { abs(truth[$0] - predicted[$0]) } },
    .singleColumn(
      "median_absolute_error", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "median of |y - p| (the mean of the two middle values for an even row count)"
    ) { truth, predicted, _ in medianAbsoluteError(truth, predicted) },
    .singleColumn(
      "r2", higherIsBetter: true, input: .numbers(.anyFinite),
      definition: "coefficient of determination: 1 - sum((y - p)^2) / sum((y - mean(y))^2); undefined for constant y"
    ) { truth, predicted, _ throws(MetricFailure) in try rSquared(truth, predicted) },
    .singleColumn(
      "mape", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "mean absolute percentage error as a fraction: mean(|y - p| / |y|); undefined if some y = 0"
    ) { truth, predicted, _ throws(MetricFailure) in try meanAbsolutePercentageError(truth, predicted) },
    .singleColumn(
      "smape", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "symmetric MAPE in percent: mean(200 |p - y| / (|y| + |p|)), a 0/0 term counts 0"
    ) { truth, predicted, _ in symmetricMeanAbsolutePercentageError(truth, predicted) },
    .singleColumn(
      "rmspe", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "root mean squared percentage error sqrt(mean(((y - p) / y)^2)) over the rows with y != 0"
    ) { truth, predicted, _ throws(MetricFailure) in try rootMeanSquaredPercentageError(truth, predicted) },
    .singleColumn(
      "poisson_deviance", higherIsBetter: false, input: .numbers(.positive),
      definition: "mean Poisson deviance: mean(2 (y ln(y / p) - y + p)), with y ln y = 0 at y = 0"
    ) { truth, predicted, _ throws(MetricFailure) in try meanPoissonDeviance(truth, predicted) },
    .singleColumn(
      "pinball", higherIsBetter: false, input: .numbers(.anyFinite),
      parameters: [
        MetricParameter("alpha", .real, default: nil, "the quantile predicted, in (0, 1)", range: .openUnitInterval)
      ],
      definition: "mean pinball (quantile) loss: mean(alpha max(y - p, 0) + (1 - alpha) max(p - y, 0))"
    ) { truth, predicted, parameters in pinballLoss(truth, predicted, alpha: parameters.real("alpha")) },
  ]

  /// Mean of (truth - predicted)^2.
  /// - Complexity: O(n), no allocation.
  static func meanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
    CompensatedSum.mean(truth.count) { index in
      let difference = truth[index] - predicted[index]
      return difference * difference
    }
  }

  /// Mean of (ln(1 + predicted) - ln(1 + truth))^2; negative answers have no logarithm to compare.
  static func meanSquaredLogError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let negative = truth.firstIndex(where: { $0 < 0 }) {
      throw .undefinedOnAnswers("a logarithmic error needs answers >= 0, but row \(negative) is \(truth[negative])")
    }
    return CompensatedSum.mean(truth.count) { index in
      let difference = Elementary.log1p(predicted[index]) - Elementary.log1p(truth[index])
      return difference * difference
    }
  }

  /// The median of |truth - predicted|, as numpy's median (mean of the two middle values for even n).
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  static func medianAbsoluteError(_ truth: [Double], _ predicted: [Double]) -> Double {
    var keys = truth.indices.map { RadixSort.orderedKey(abs(truth[$0] - predicted[$0])) }
    RadixSort.sortKeys(&keys)
    let middle = keys.count / 2
    let upper = RadixSort.value(ofKey: keys[middle])
    guard keys.count % 2 == 0 else { return upper }
    return (RadixSort.value(ofKey: keys[middle - 1]) + upper) / 2
  }

  static func rSquared(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    // Tested on the values, not on the computed variance: a mean of equal values may round off them.
    guard truth.contains(where: { $0 != truth[0] }) else {
      throw .undefinedOnAnswers("R² is undefined when every answer has the same value (\(truth[0]))")
    }
    let mean = CompensatedSum.mean(truth.count) { truth[$0] }
    let totalSquares = CompensatedSum.of(truth.count) { (truth[$0] - mean) * (truth[$0] - mean) }
    let residualSquares = CompensatedSum.of(truth.count) { (truth[$0] - predicted[$0]) * (truth[$0] - predicted[$0]) }
    return 1 - residualSquares / totalSquares
  }

  static func meanAbsolutePercentageError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let zero = truth.firstIndex(of: 0) {
      throw .undefinedOnAnswers("MAPE divides by the answer, but the answer of row \(zero) is 0")
    }
    return CompensatedSum.mean(truth.count) { abs(truth[$0] - predicted[$0]) / abs(truth[$0]) }
  }

  static func symmetricMeanAbsolutePercentageError(_ truth: [Double], _ predicted: [Double]) -> Double {
    CompensatedSum.mean(truth.count) { index in
      let scale = abs(truth[index]) + abs(predicted[index])
      return scale == 0 ? 0 : 200 * abs(predicted[index] - truth[index]) / scale
    }
  }

  /// Kaggle Rossmann's RMSPE: rows whose answer is 0 are left out of the mean.
  static func rootMeanSquaredPercentageError(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure)
    -> Double
  {
    var sum = CompensatedSum()
    var counted = 0
    for index in truth.indices where truth[index] != 0 {
      let relative = (truth[index] - predicted[index]) / truth[index]
      sum.add(relative * relative)
      counted += 1
    }
    guard counted > 0 else { throw .undefinedOnAnswers("RMSPE skips answers equal to 0, and every answer is 0") }
    return (sum.value / Double(counted)).squareRoot()
  }

  static func meanPoissonDeviance(_ truth: [Double], _ predicted: [Double]) throws(MetricFailure) -> Double {
    if let negative = truth.firstIndex(where: { $0 < 0 }) {
      throw .undefinedOnAnswers("Poisson deviance needs answers >= 0, but row \(negative) is \(truth[negative])")
    }
    return CompensatedSum.mean(truth.count) { index in
      let y = truth[index]
      let p = predicted[index]
      let yLogRatio = y == 0 ? 0 : y * Elementary.log(y / p)
      return 2 * (yLogRatio - y + p)
    }
  }

  /// sklearn's `mean_pinball_loss`: under-prediction costs alpha per unit, over-prediction 1 - alpha.
  static func pinballLoss(_ truth: [Double], _ predicted: [Double], alpha: Double) -> Double {
    CompensatedSum.mean(truth.count) { index in
      let difference = truth[index] - predicted[index]
      return difference >= 0 ? alpha * difference : (alpha - 1) * difference
    }
  }
}
