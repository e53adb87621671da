extension Metrics {
  /// Weighted mean absolute error, the weights read from answer columns (benchmark-bond-trade-price-challenge's
  /// `weight`; Winton's `Weight_Intraday` and `Weight_Daily`, one of which is 0 on every row of its answers).
  static let weightedMAE = Metric(
    name: "weighted_mae", higherIsBetter: false, input: .numbers(.anyFinite),
    parameters: [
      MetricParameter(
        "weight_columns", .numberColumns, default: nil,
        "the answers' weight column; several (comma-separated) are summed per row"),
      MetricParameter(
        "divide_by_rows", .boolean, default: "false",
        "divide by the number of rows instead of the sum of the weights (Winton's 1/n sum w |y - p|)"),
    ],
    definition: "sum w |y - p| / sum w, w the answer column(s) weight_columns (summed); / n with divide_by_rows"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.singleNumberColumn()
    let weights = try rowWeights(data, columns: parameters.columns("weight_columns"))
    let divisor = parameters.flag("divide_by_rows") ? Double(truth.count) : CompensatedSum.of(weights.count) { weights[$0] }
    guard divisor > 0 else { throw .undefinedOnAnswers("the weights of these rows sum to \(divisor)") }
    let fast = CompensatedSum.of(truth.count) { weights[$0] * abs(truth[$0] - predicted[$0]) } / divisor
    return overflowSafe(fast) {
      let sum = (0..<truth.count).reduce(WideDouble.zero) { sum, row in
        sum + WideDouble(weights[row]) * WideDouble.difference(truth[row], predicted[row]).magnitude
      }
      return (sum / WideDouble(divisor)).double
    }
  }

  /// The sum of the named weight columns on each row; a negative weight is a fault of the answers.
  static func rowWeights(_ data: MetricData, columns: [String]) throws(MetricFailure) -> [Double] {
    guard !columns.isEmpty else { throw .wrongInput("no weight column is named") }
    var weights = [Double](repeating: 0, count: data.rowCount)
    for column in columns {
      let values = try data.answerNumbers(column)
      for row in values.indices { weights[row] += values[row] }
    }
    if let negative = weights.first(where: { $0 < 0 }) {
      throw .undefinedOnAnswers("a row's weight is \(negative); weights must be >= 0")
    }
    return weights
  }
}
