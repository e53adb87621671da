extension Metrics {
  /// Kaggle's normalized Gini (porto-seguro, liberty-mutual): rows ordered by prediction, highest first (ties in
  /// answer-file order, Kaggle's stable lexsort), G = (Σ cumulative share of the actuals − (n + 1) / 2) / n, and
  /// the score is G(actual, predicted) / G(actual, actual). For 0/1 targets without ties it equals 2·AUC − 1.
  static let normalizedGini = Metric.singleColumn(
    "normalized_gini", higherIsBetter: true, input: .numbers(.anyFinite),
    definition: "Kaggle's normalized Gini G(y, p) / G(y, y) of a numeric target, ties in answer order"
  ) { truth, predicted, _ throws(MetricFailure) in
    let total = truth.reduce(0, +)
    guard total != 0 else { throw .undefinedOnAnswers("the normalized Gini is undefined when the answers sum to 0") }
    let perfect = gini(truth, ordering: truth, total: total)
    guard perfect != 0 else { throw .undefinedOnAnswers("the normalized Gini is undefined on constant answers") }
    return gini(truth, ordering: predicted, total: total) / perfect
  }

  private static func gini(_ actual: [Double], ordering scores: [Double], total: Double) -> Double {
    // A stable sort on the score, descending: equal scores keep their row order, as numpy's lexsort.
    let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    var cumulative = 0.0
    var sum = CompensatedSum()
    for index in order {
      cumulative += actual[index]
      sum.add(cumulative)
    }
    let n = Double(actual.count)
    return (sum.value / total - (n + 1) / 2) / n
  }
}
