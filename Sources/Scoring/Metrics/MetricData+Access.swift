extension MetricData {
  /// The numeric columns, or a harness error when the engine built another shape.
  func numbers() throws(MetricFailure) -> (truth: [[Double]], predicted: [[Double]]) {
    guard case .numbers(let truth, let predicted) = self else { throw .wrongInput("expected numeric columns") }
    return (truth, predicted)
  }

  /// The single numeric column of a one-target metric.
  func singleNumberColumn() throws(MetricFailure) -> (truth: [Double], predicted: [Double]) {
    let (truth, predicted) = try numbers()
    guard truth.count == 1, predicted.count == 1 else { throw .wrongInput("expected one target column") }
    return (truth[0], predicted[0])
  }

  func labels() throws(MetricFailure) -> (truth: [Int32], predicted: [Int32], names: [String]) {
    guard case .labels(let truth, let predicted, let names) = self else { throw .wrongInput("expected labels") }
    return (truth, predicted, names)
  }

  func text() throws(MetricFailure) -> (truth: [String], predicted: [String]) {
    guard case .text(let truth, let predicted) = self else { throw .wrongInput("expected text") }
    return (truth, predicted)
  }
}
