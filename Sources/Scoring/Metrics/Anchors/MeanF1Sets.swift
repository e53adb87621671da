extension Metrics {
  /// Kaggle's "Mean F1-Score" (facebook-recruiting-iii, plant-pathology-2021, shopee): F1 of each row's label sets.
  static let meanF1Sets = Metric.meanOverRows(
    "mean_f1_sets", higherIsBetter: true,
    definition: "mean over rows of the F1 of the space-separated predicted and answer label sets; both empty = 1"
  ) { truth, predicted, _, _ in
    let answer = Set(Tokens.split(truth))
    let guess = Set(Tokens.split(predicted))
    guard !answer.isEmpty || !guess.isEmpty else { return 1 }
    let common = answer.intersection(guess).count
    return Double(2 * common) / Double(answer.count + guess.count)
  }
}
