extension Metrics {
  /// freesound-audio-tagging-2019's label-weighted label-ranking average precision: for every true label j of
  /// row i, the share of the labels scored at least s_ij that are true; averaged over all (row, true label) pairs,
  /// i.e. sklearn's `label_ranking_average_precision_score` with each row weighted by its label count.
  static let lwlrap = Metric(
    name: "lwlrap", higherIsBetter: true, input: .binaryScores(.anyFinite),
    definition: "label-weighted label-ranking average precision over the 0/1 label columns; rows without labels skipped"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.numbers()
    guard !truth.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one score column per label column")
    }
    var sum = CompensatedSum()
    var pairs = 0
    for row in 0..<truth[0].count {
      for label in truth.indices where truth[label][row] == 1 {
        let score = predicted[label][row]
        var ranked = 0
        var rankedTrue = 0
        for other in truth.indices where predicted[other][row] >= score {
          ranked += 1
          if truth[other][row] == 1 { rankedTrue += 1 }
        }
        sum.add(Double(rankedTrue) / Double(ranked))
        pairs += 1
      }
    }
    guard pairs > 0 else { throw .undefinedOnAnswers("lwlrap is undefined when no row has a true label") }
    return sum.value / Double(pairs)
  }
}
