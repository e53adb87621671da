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
      var ranks = try ranksOfPrediction(predicted[row], positions: position, row: row)
      inversions += countInversions(&ranks)
      // A row adds less than (its items)^2: trillions of items in all before an Int overflows.
      pairs += answer.count * (answer.count - 1)
    }
    guard pairs > 0 else { throw .undefinedOnAnswers("Kendall tau needs a row with at least two items") }
    return 1 - 4 * Double(inversions) / Double(pairs)
  }

  /// The answer positions of the predicted items, which must be the answer's items each once.
  private static func ranksOfPrediction(_ cell: String, positions: [Tokens.Token: Int], row: Int)
    throws(MetricFailure) -> [Int]
  {
    let hint = "list every item of the row once, space-separated, in the predicted order"
    var seen = [Bool](repeating: false, count: positions.count)
    var ranks: [Int] = []
    for item in Tokens.split(cell) {
      guard let rank = positions[item] else {
        throw .invalidPrediction(row: row, message: "\(quoted(item)) is not an item of this row", hint: hint)
      }
      guard !seen[rank] else {
        throw .invalidPrediction(row: row, message: "\(quoted(item)) is listed twice", hint: hint)
      }
      seen[rank] = true
      ranks.append(rank)
    }
    guard ranks.count == positions.count else {
      throw .invalidPrediction(
        row: row, message: "\(positions.count - ranks.count) of the row's \(positions.count) items are missing",
        hint: hint)
    }
    return ranks
  }

  /// Pairs out of order in `values`, by merge sort (which leaves `values` sorted).
  /// - Complexity: O(n log n).
  static func countInversions(_ values: inout [Int]) -> Int {
    guard values.count > 1 else { return 0 }
    var buffer = values
    var inversions = 0
    var width = 1
    while width < values.count {
      for start in stride(from: 0, to: values.count, by: 2 * width) {
        let middle = min(start + width, values.count)
        let end = min(start + 2 * width, values.count)
        var (left, right, out) = (start, middle, start)
        while left < middle && right < end {
          if values[left] <= values[right] {
            buffer[out] = values[left]
            left += 1
          } else {
            buffer[out] = values[right]
            inversions += middle - left
            right += 1
          }
          out += 1
        }
        while left < middle { (buffer[out], left, out) = (values[left], left + 1, out + 1) }
        while right < end { (buffer[out], right, out) = (values[right], right + 1, out + 1) }
      }
      swap(&values, &buffer)
      width *= 2
    }
    return inversions
  }
}
