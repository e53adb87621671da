extension Metrics {
  /// Kaggle's clipping bound: probabilities are moved into [eps, 1 - eps] so a confident miss costs ~34.5.
  static let probabilityEpsilon = 1e-15

  static let probabilisticMetrics: [Metric] = [
    .singleColumn(
      "log_loss", higherIsBetter: false, input: .binaryScores(.unitInterval),
      definition: "binary cross-entropy -mean(y ln p + (1 - y) ln(1 - p)), p clipped to [1e-15, 1 - 1e-15]"
    ) { truth, predicted, _ in binaryLogLoss(truth, predicted) },
    .meanOverColumns(
      "mean_columnwise_log_loss", higherIsBetter: false, input: .binaryScores(.unitInterval),
      definition: "binary log loss of each label column, averaged over the columns"
    ) { truth, predicted, _ in binaryLogLoss(truth, predicted) },
    Metric(
      name: "multiclass_log_loss", higherIsBetter: false, input: .classProbabilities,
      definition: "-mean over rows of sum_c y_c ln p_c; p clipped to [1e-15, 1 - 1e-15], then rows rescaled to sum 1"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      return try multiclassLogLoss(truth, predicted)
    },
    Metric(
      name: "kl_divergence", higherIsBetter: false, input: .numbers(.unitInterval),
      definition: "mean over rows of sum_c y_c ln(y_c / p_c), p clipped to [1e-15, 1 - 1e-15], y_c = 0 adds 0"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      return try klDivergence(truth, predicted)
    },
  ]

  @inline(__always)
  static func clippedProbability(_ p: Double) -> Double {
    min(max(p, probabilityEpsilon), 1 - probabilityEpsilon)
  }

  /// The answers are exactly 0 or 1 (the engine checks `.binaryScores` answers).
  static func binaryLogLoss(_ truth: [Double], _ predicted: [Double]) -> Double {
    -CompensatedSum.mean(truth.count) { index in
      let p = clippedProbability(predicted[index])
      return truth[index] == 1 ? Elementary.log(p) : Elementary.log(1 - p)
    }
  }

  /// Kaggle's multi-class log loss: clip every probability, rescale the row to sum 1, then cross-entropy.
  /// - Complexity: O(rows × classes), no allocation; rows are read across the column arrays.
  static func multiclassLogLoss(_ truth: [[Double]], _ predicted: [[Double]]) throws(MetricFailure) -> Double {
    guard !predicted.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one answer column per probability column")
    }
    let rows = truth[0].count
    return -CompensatedSum.mean(rows) { row in
      var rowTotal = 0.0
      for column in predicted.indices { rowTotal += clippedProbability(predicted[column][row]) }
      var crossEntropy = 0.0
      for column in truth.indices where truth[column][row] != 0 {
        let p = clippedProbability(predicted[column][row]) / rowTotal
        crossEntropy += truth[column][row] * Elementary.log(p)
      }
      return crossEntropy
    }
  }

  /// The HMS (Kaggle) KL divergence: per-row sums of y ln(y / p) with `scipy.special.rel_entr`'s 0 ln 0 = 0.
  static func klDivergence(_ truth: [[Double]], _ predicted: [[Double]]) throws(MetricFailure) -> Double {
    guard !predicted.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one answer column per prediction column")
    }
    for (column, values) in truth.enumerated() {
      if let negative = values.firstIndex(where: { $0 < 0 }) {
        throw .undefinedOnAnswers(
          "KL divergence needs answers >= 0, but column \(column + 1) row \(negative) is \(values[negative])")
      }
    }
    return CompensatedSum.mean(truth[0].count) { row in
      var divergence = 0.0
      for column in truth.indices where truth[column][row] != 0 {
        let y = truth[column][row]
        divergence += y * Elementary.log(y / clippedProbability(predicted[column][row]))
      }
      return divergence
    }
  }
}
