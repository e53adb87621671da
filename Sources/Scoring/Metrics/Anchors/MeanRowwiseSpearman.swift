extension Metrics {
  /// draper-satellite-image-chronology: each row lists a set's values in one cell (the days of its five images),
  /// answer and prediction in the same order; Spearman's rho of each row (ties get average ranks), averaged.
  static let meanRowwiseSpearman = Metric.meanOverRows(
    "mean_rowwise_spearman", higherIsBetter: true,
    definition: "Spearman rank correlation between the space-separated numbers of each answer and predicted cell, "
      + "averaged over the rows"
  ) { truth, predicted, row, _ throws(MetricFailure) in
    let hint = "list one number per item of the row, space-separated, as many as the answer has, not all equal"
    let answer = try answerCell(truth, row: row, what: "list of numbers", numbers)
    let guess = try predictedCell(predicted, row: row, what: "list of numbers", hint: hint, numbers)
    guard answer.contains(where: { $0 != answer[0] }) else {
      throw .undefinedOnAnswers("row \(row): a correlation is undefined when the answer's values are all equal")
    }
    guard guess.count == answer.count else {
      throw .invalidPrediction(
        row: row, message: "\(guess.count) values, but the answer has \(answer.count)", hint: hint)
    }
    guard let rho = spearman(answer, guess) else {
      throw .invalidPrediction(row: row, message: "the values are all equal; their correlation is undefined", hint: hint)
    }
    return rho
  }

  /// The finite numbers of a cell, at least one.
  private static func numbers(_ cell: String) throws(ListFormatError) -> [Double] {
    let tokens = Tokens.split(cell)
    guard !tokens.isEmpty else { throw ListFormatError(message: "the cell is empty") }
    return try tokens.map { token throws(ListFormatError) in
      guard let value = finiteNumber(token) else {
        throw ListFormatError(message: "\(quoted(token)) is not a finite number")
      }
      return value
    }
  }
}
