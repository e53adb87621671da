extension Metrics {
  /// rsna-breast-cancer-detection's probabilistic F1: pTP = Σ p over positives, pFP = Σ p over negatives,
  /// precision = pTP / (pTP + pFP), recall = pTP / #positives; predictions clipped to [0, 1].
  static let probabilisticF1 = Metric.singleColumn(
    "probabilistic_f1", higherIsBetter: true, input: .binaryScores(.anyFinite),
    definition: "F1 of probabilistic counts: pTP = sum p on positives, pFP = sum p on negatives, p clipped to [0, 1]"
  ) { truth, predicted, _ throws(MetricFailure) in
    var truePositive = CompensatedSum()
    var falsePositive = CompensatedSum()
    var positives = 0
    for row in truth.indices {
      let p = min(1, max(0, predicted[row]))
      if truth[row] == 1 {
        truePositive.add(p)
        positives += 1
      } else {
        falsePositive.add(p)
      }
    }
    guard positives > 0 else { throw .undefinedOnAnswers("probabilistic F1 needs at least one positive answer") }
    let precision = truePositive.value + falsePositive.value == 0 ? 0 : truePositive.value / (truePositive.value + falsePositive.value)
    let recall = truePositive.value / Double(positives)
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
  }
}
