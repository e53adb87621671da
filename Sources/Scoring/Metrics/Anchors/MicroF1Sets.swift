extension Metrics {
  /// Micro F1 over label sets (imet-2020, MLE-bench's facebook-iii and plant-pathology-2021): true positives,
  /// false positives and false negatives pooled over every row before one F1.
  static let microF1Sets = Metric(
    name: "micro_f1_sets", higherIsBetter: true, input: .text,
    definition: "2TP / (2TP + FP + FN) pooled over the space-separated label sets of every row"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var common = 0
    var total = 0
    for row in truth.indices {
      let answer = Set(Tokens.split(truth[row]))
      let guess = Set(Tokens.split(predicted[row]))
      common += answer.intersection(guess).count
      total += answer.count + guess.count
    }
    guard total > 0 else { throw .undefinedOnAnswers("micro F1 is undefined when no row has a label") }
    return Double(2 * common) / Double(total)
  }
}
