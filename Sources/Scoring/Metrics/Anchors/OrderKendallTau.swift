extension Metrics {
  /// AI4Code: Kendall tau between predicted and true orders of each row's items (a notebook's cell ids), pooled
  /// as Kaggle defines it: 1 - 4 × (adjacent swaps to sort every prediction) / Σ n(n - 1) over the rows.
  static let orderKendallTau = Metric(
    name: "order_kendall_tau", higherIsBetter: true, input: .text,
    definition: "1 - 4 * inversions / sum n(n-1), pooled over rows of space-separated item orders; each prediction "
      + "a permutation of its answer's items"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var inversions = 0
    var pairs = 0
    for row in truth.indices {
      let answer = Tokens.split(truth[row])
      var position: [Tokens.Token: Int] = [:]
      for (index, item) in answer.enumerated() where position.updateValue(index, forKey: item) != nil {
        throw .undefinedOnAnswers("row \(row): the answer lists \(quoted(item)) twice")
      }
      let ranks = try ranksOfPrediction(predicted[row], positions: position, row: row)
      inversions += Metrics.inversions(of: ranks, maxValue: answer.count)
      // A row adds less than (its items)^2: trillions of items in all before an Int overflows.
      pairs += answer.count * (answer.count - 1)
    }
    guard pairs > 0 else { throw .undefinedOnAnswers("Kendall tau needs a row with at least two items") }
    return 1 - 4 * Double(inversions) / Double(pairs)
  }

  /// The answer positions (1-based) of the predicted items, which must be the answer's items each once.
  private static func ranksOfPrediction(_ cell: String, positions: [Tokens.Token: Int], row: Int)
    throws(MetricFailure) -> [Int32]
  {
    let hint = "list every item of the row once, space-separated, in the predicted order"
    var seen = [Bool](repeating: false, count: positions.count)
    var ranks: [Int32] = []
    for item in Tokens.split(cell) {
      guard let rank = positions[item] else {
        throw .invalidPrediction(row: row, message: "\(quoted(item)) is not an item of this row", hint: hint)
      }
      guard !seen[rank] else {
        throw .invalidPrediction(row: row, message: "\(quoted(item)) is listed twice", hint: hint)
      }
      seen[rank] = true
      ranks.append(Int32(rank + 1))
    }
    guard ranks.count == positions.count else {
      throw .invalidPrediction(
        row: row, message: "\(positions.count - ranks.count) of the row's \(positions.count) items are missing",
        hint: hint)
    }
    return ranks
  }
}
