extension Metrics {
  private static let kParameter = MetricParameter("k", .integer, default: nil, "how many predicted items count")

  static let retrievalMetrics: [Metric] = [
    .meanOverRows(
      "map_at_k", higherIsBetter: true, parameters: [kParameter],
      definition: "mean average precision at k of space-separated lists (Kaggle apk: repeats count once)"
    ) { truth, predicted, _, parameters in
      averagePrecisionAtK(actual: Tokens.split(truth), predicted: Tokens.split(predicted), k: parameters.integer("k"))
    },
    .meanOverRows(
      "ndcg_at_k", higherIsBetter: true, parameters: [kParameter],
      definition: "NDCG at k of a ranked space-separated list; an item is relevant (gain 1) if in the answer list"
    ) { truth, predicted, _, parameters in
      ndcgAtK(actual: Tokens.split(truth), predicted: Tokens.split(predicted), k: parameters.integer("k"))
    },
    .meanOverRows(
      "top_k_accuracy", higherIsBetter: true, parameters: [kParameter],
      definition: "share of rows whose answer label is among the up to k space-separated predicted labels"
    ) { truth, predicted, row, parameters throws(MetricFailure) in
      try topKHit(truth: truth, predicted: predicted, row: row, k: parameters.integer("k")) ? 1 : 0
    },
  ]

  /// Kaggle's `apk` (benhamner's ml_metrics): precision at each new hit among the first k predictions,
  /// divided by min(distinct answer items, k); a prediction repeated earlier in the list scores nothing.
  /// Counting the answer's distinct items (not its length) keeps a perfect list at 1 when an answer repeats an
  /// item; benhamner's apk divides by len(actual) there, which only its repeated-answer edge case reaches.
  static func averagePrecisionAtK(actual: [Tokens.Token], predicted: [Tokens.Token], k: Int) -> Double {
    guard !actual.isEmpty else { return 0 }
    let relevant = Set(actual)
    var seen = Set<Tokens.Token>()
    var hits = 0
    var score = 0.0
    for (position, item) in predicted.prefix(k).enumerated() {
      guard seen.insert(item).inserted, relevant.contains(item) else { continue }  // repeats count once
      hits += 1
      score += Double(hits) / Double(position + 1)
    }
    return score / Double(min(relevant.count, k))
  }

  /// DCG of the first k predictions over the ideal DCG of min(|actual|, k) hits; gain 1/log2(position + 1).
  /// A repeated prediction scores nothing; a row with no answer items scores 0 (sklearn's convention).
  static func ndcgAtK(actual: [Tokens.Token], predicted: [Tokens.Token], k: Int) -> Double {
    let relevant = Set(actual)
    guard !relevant.isEmpty else { return 0 }
    var seen = Set<Tokens.Token>()
    var gain = 0.0
    for (position, item) in predicted.prefix(k).enumerated() {
      guard seen.insert(item).inserted, relevant.contains(item) else { continue }  // repeats count once
      gain += 1 / Elementary.log2(Double(position + 2))
    }
    let ideal = (0..<min(relevant.count, k)).reduce(0.0) { $0 + 1 / Elementary.log2(Double($1 + 2)) }
    return gain / ideal
  }

  static func topKHit(truth: String, predicted: String, row: Int, k: Int) throws(MetricFailure) -> Bool {
    let answer = Tokens.split(truth)
    guard answer.count == 1 else {
      throw .undefinedOnAnswers("row \(row): top-k accuracy needs one answer label, found \(answer.count)")
    }
    let guesses = Tokens.split(predicted)
    guard guesses.count <= k else {
      throw .invalidPrediction(
        row: row, message: "\(guesses.count) labels were predicted, more than k = \(k)",
        hint: "write at most \(k) space-separated labels per row, the most likely first")
    }
    return guesses.contains(answer[0])
  }
}
