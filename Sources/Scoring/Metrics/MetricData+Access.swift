extension MetricData {
  /// The numeric columns, or a harness error when the engine built another shape.
  func numbers() throws(MetricFailure) -> (truth: [[Double]], predicted: [[Double]]) {
    guard case .numbers(let truth, let predicted) = values else { throw .wrongInput("expected numeric columns") }
    return (truth, predicted)
  }

  /// The single numeric column of a one-target metric.
  func singleNumberColumn() throws(MetricFailure) -> (truth: [Double], predicted: [Double]) {
    let (truth, predicted) = try numbers()
    guard truth.count == 1, predicted.count == 1 else { throw .wrongInput("expected one target column") }
    return (truth[0], predicted[0])
  }

  func labels() throws(MetricFailure) -> (truth: [Int32], predicted: [Int32], names: [String]) {
    guard case .labels(let truth, let predicted, let names) = values else { throw .wrongInput("expected labels") }
    return (truth, predicted, names)
  }

  func text() throws(MetricFailure) -> (truth: [String], predicted: [String]) {
    guard case .text(let truth, let predicted) = values else { throw .wrongInput("expected text") }
    return (truth, predicted)
  }

  /// The text cells of a non-empty row set, answer and prediction row for row.
  func alignedText() throws(MetricFailure) -> (truth: [String], predicted: [String]) {
    let (truth, predicted) = try text()
    guard !truth.isEmpty, truth.count == predicted.count else { throw .wrongInput("expected aligned, non-empty rows") }
    return (truth, predicted)
  }

  /// Positions of the target columns `names` picks, in their order; every target column when `names` is empty.
  func scoredColumns(_ names: [String]) throws(MetricFailure) -> [Int] {
    guard case .numbers(let truth, _) = values else { throw .wrongInput("expected numeric columns") }
    guard !names.isEmpty else { return Array(truth.indices) }
    var positions: [Int] = []
    for name in names {
      guard let position = targetColumns.firstIndex(of: name), position < truth.count else {
        let known = targetColumns.isEmpty ? "none were given" : targetColumns.joined(separator: ", ")
        throw .wrongInput("scored_columns names '\(name)', which is not a target column (\(known))")
      }
      if !positions.contains(position) { positions.append(position) }
    }
    return positions
  }

  /// The numeric answer-only column `name` (a weight), which the key read because a parameter names it.
  func answerNumbers(_ name: String) throws(MetricFailure) -> [Double] {
    guard let column = answerColumns.numbers[name], column.count == rowCount else {
      throw .wrongInput("the answer column '\(name)' was not read")
    }
    return column
  }

  /// The group codes of the answer-only column `name`, and the groups' names (every group of the answer key).
  func answerGroups(_ name: String) throws(MetricFailure) -> (codes: [Int32], names: [String]) {
    guard let codes = answerColumns.groups[name], codes.count == rowCount, let names = answerColumns.groupNames[name]
    else { throw .wrongInput("the answer column '\(name)' was not read") }
    return (codes, names)
  }
}

extension Metric {
  typealias ColumnScore = @Sendable ([Double], [Double], MetricParameters) throws(MetricFailure) -> Double

  /// A metric on the single numeric target column of the answers and the submission.
  static func singleColumn(
    _ name: String, higherIsBetter: Bool, input: MetricInput, parameters: [MetricParameter] = [],
    definition: String, _ score: @escaping ColumnScore
  ) -> Metric {
    Metric(
      name: name, higherIsBetter: higherIsBetter, input: input, parameters: parameters, definition: definition
    ) { data, parameters throws(MetricFailure) in
      let (truth, predicted) = try data.singleNumberColumn()
      return try score(truth, predicted, parameters)
    }
  }

  /// A metric that scores every target column alike and averages the column scores; with a
  /// `MetricParameter.scoredColumns` parameter among `parameters`, only over the target columns it names.
  static func meanOverColumns(
    _ name: String, higherIsBetter: Bool, input: MetricInput, parameters declared: [MetricParameter] = [],
    definition: String, _ score: @escaping ColumnScore
  ) -> Metric {
    Metric(name: name, higherIsBetter: higherIsBetter, input: input, parameters: declared, definition: definition) {
      data, parameters throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      guard !truth.isEmpty, truth.count == predicted.count else {
        throw .wrongInput("expected the same, non-zero number of answer and prediction columns")
      }
      var scores: [Double] = []
      for column in try data.scoredColumns(parameters.columns(MetricParameter.scoredColumns.name)) {
        do throws(MetricFailure) {
          scores.append(try score(truth[column], predicted[column], parameters))
        } catch .undefinedOnAnswers(let reason) {
          throw .undefinedOnAnswers("target column \(column + 1): \(reason)")
        }
      }
      let count = Double(scores.count)
      let mean = scores.reduce(0, +) / count
      // Column scores near the largest double overflow their sum, not their mean.
      return mean.isFinite ? mean : WideDouble.mean(scores.count) { WideDouble(scores[$0]) }.double
    }
  }
}

extension Metric {
  /// `row` is the row's index in the scored row set, for messages that point at a submission row.
  typealias RowScore = @Sendable (_ truth: String, _ predicted: String, _ row: Int, MetricParameters) throws(
    MetricFailure
  ) -> Double

  /// A text metric that scores each row on its own and averages the row scores.
  static func meanOverRows(
    _ name: String, higherIsBetter: Bool, parameters: [MetricParameter] = [], definition: String,
    _ score: @escaping RowScore
  ) -> Metric {
    Metric(name: name, higherIsBetter: higherIsBetter, input: .text, parameters: parameters, definition: definition) {
      data, parameters throws(MetricFailure) in
      let (truth, predicted) = try data.alignedText()
      var sum = CompensatedSum()
      for row in truth.indices { sum.add(try score(truth[row], predicted[row], row, parameters)) }
      return sum.value / Double(truth.count)
    }
  }
}
