extension Metrics {
  /// iNaturalist 2019 and iMaterialist furniture: the share of rows whose first predicted label is wrong.
  /// A row may list several labels (Kaggle accepted ranked lists); only the first counts, as MLE-bench's grader.
  static let top1Error = Metric.meanOverRows(
    "top_1_error", higherIsBetter: false,
    definition: "share of rows whose first space-separated predicted label differs from the answer (1 - accuracy)"
  ) { truth, predicted, row, _ throws(MetricFailure) in
    let answer = Tokens.split(truth)
    guard answer.count == 1 else {
      throw .undefinedOnAnswers("row \(row): top-1 error needs one answer label, found \(answer.count)")
    }
    return Tokens.split(predicted).first == answer[0] ? 0 : 1
  }
}
