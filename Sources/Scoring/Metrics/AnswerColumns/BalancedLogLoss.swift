extension Metrics {
  /// icr-identify-age-related-conditions' balanced log loss: each row's probabilities are divided by their sum,
  /// clipped to [eps, 1 - eps], and each class's mean log loss over its own rows counts equally, so the rare
  /// class weighs as much as the common one. A class without rows adds 0 (the sum is still divided by every class).
  static let balancedLogLoss = Metric(
    name: "balanced_log_loss", higherIsBetter: false, input: .classProbabilities,
    parameters: [
      MetricParameter(
        "eps", .real, default: "1e-15", "rescaled probabilities are clipped to [eps, 1 - eps]",
        range: MetricParameter.OpenRange(lower: 0, upper: 0.5))
    ],
    definition: "mean over the classes of -mean over the class's rows of ln p_class; rows rescaled to sum 1, "
      + "then clipped to [eps, 1 - eps]"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.numbers()
    guard !truth.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one probability column per class")
    }
    let eps = parameters.real("eps")
    let rows = truth[0].count
    // A row summing to 0 is divided by 1e-15 instead, as the competition's code does: every probability becomes eps.
    let rowSums = (0..<rows).map { row in
      let sum = CompensatedSum.of(predicted.count) { predicted[$0][row] }
      return sum == 0 ? 1e-15 : sum
    }
    var total = 0.0
    for column in truth.indices {
      let members = (0..<rows).filter { truth[column][$0] == 1 }
      guard !members.isEmpty else { continue }
      total += CompensatedSum.mean(members.count) { index in
        let row = members[index]
        return -Elementary.log(clippedProbability(predicted[column][row] / rowSums[row], eps: eps))
      }
    }
    return total / Double(truth.count)
  }
}
