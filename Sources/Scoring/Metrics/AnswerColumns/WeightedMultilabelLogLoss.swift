extension Metrics {
  /// rsna-2022-cervical-spine-fracture-detection: the answers are long (one row per study and label); each
  /// row's binary log loss is weighted by its label (patient_overall 7, each vertebra 1) and doubled when the
  /// answer is positive; per study the weighted losses are divided by the study's weights, then averaged over studies.
  static let weightedMultilabelLogLoss = Metric(
    name: "weighted_multilabel_log_loss", higherIsBetter: false, input: .binaryScores(.unitInterval),
    parameters: [
      MetricParameter("group_column", .groupColumn, default: nil, "the answers' column naming each row's study"),
      MetricParameter("label_column", .groupColumn, default: nil, "the answers' column naming each row's label"),
      MetricParameter(
        "label_weights", .text, default: "", "label:weight pairs, comma-separated; other labels weigh 1"),
      MetricParameter(
        "positive_factor", .real, default: "2", "a row whose answer is 1 weighs this many times more",
        range: .positive),
      epsParameter,
    ],
    definition: "mean over the groups of group_column of sum w ll / sum w, ll the binary log loss of a row and "
      + "w its label's weight (label_weights), times positive_factor when the answer is 1"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.singleNumberColumn()
    let (groups, groupNames) = try data.answerGroups(parameters.text("group_column"))
    let (labels, labelNames) = try data.answerGroups(parameters.text("label_column"))
    let labelWeight = try labelWeights(parameters.text("label_weights"), names: labelNames)
    let positiveFactor = parameters.real("positive_factor")
    let eps = parameters.real("eps")
    let rowsOfGroup = rowsByGroup(groups, groupCount: groupNames.count)
    return CompensatedSum.mean(rowsOfGroup.count) { group in
      var loss = CompensatedSum()
      var weights = CompensatedSum()
      for row in rowsOfGroup[group] {
        let weight = labelWeight[Int(labels[row])] * (truth[row] == 1 ? positiveFactor : 1)
        loss.add(weight * binaryLogLoss(truth[row], predicted[row], eps: eps))
        weights.add(weight)
      }
      return loss.value / weights.value
    }
  }

  /// The weight of each label code, from "label:weight,label:weight"; labels not listed weigh 1.
  private static func labelWeights(_ text: String, names: [String]) throws(MetricFailure) -> [Double] {
    var weights = [Double](repeating: 1, count: names.count)
    for pair in text.split(separator: ",") {
      let parts = pair.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let weight = Double(parts[1]), weight.isFinite, weight > 0 else {
        throw .wrongInput("label_weights: '\(pair)' is not label:weight with a weight > 0")
      }
      if let code = names.firstIndex(of: String(parts[0])) { weights[code] = weight }
    }
    return weights
  }
}
