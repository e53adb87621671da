extension Metrics {
  static let regressionMetrics: [Metric] = [
    Metric(
      name: "rmse", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "root mean squared error: sqrt(mean((y - p)^2))"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.singleNumberColumn()
      return meanSquaredError(truth, predicted).squareRoot()
    }
  ]

  /// Mean of (truth - predicted)^2, summed in order (as numpy's pairwise sum differs only in the last bits).
  static func meanSquaredError(_ truth: [Double], _ predicted: [Double]) -> Double {
    var sum = 0.0
    for index in truth.indices {
      let difference = truth[index] - predicted[index]
      sum += difference * difference
    }
    return sum / Double(truth.count)
  }
}
