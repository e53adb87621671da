extension Metrics {
  /// multi-modal-gesture-recognition: Levenshtein distance between the predicted and true token sequences,
  /// summed over rows and divided by the total number of true tokens.
  static let normalizedEditDistance = Metric(
    name: "normalized_edit_distance", higherIsBetter: false, input: .text,
    definition: "sum over rows of the token edit distance of space-separated sequences / total answer tokens"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var distance = 0
    var tokens = 0
    for row in truth.indices {
      let answer = Tokens.split(truth[row])
      distance += tokenEditDistance(answer, Tokens.split(predicted[row]))
      tokens += answer.count
    }
    guard tokens > 0 else { throw .undefinedOnAnswers("no answer row has a token to divide by") }
    return Double(distance) / Double(tokens)
  }

  /// Levenshtein distance over whole tokens (insert, delete, substitute one token).
  /// - Complexity: O(|a|·|b|) time, O(|b|) memory.
  static func tokenEditDistance(_ a: [Tokens.Token], _ b: [Tokens.Token]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for (i, tokenA) in a.enumerated() {
      current[0] = i + 1
      for (j, tokenB) in b.enumerated() {
        current[j + 1] = min(previous[j] + (tokenA == tokenB ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
