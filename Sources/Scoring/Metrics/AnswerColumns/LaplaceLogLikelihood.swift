extension Metrics {
  /// osic-pulmonary-fibrosis-progression's modified Laplace log-likelihood: each row's predicted FVC comes with a
  /// Confidence (the Laplace scale), clipped below at 70, and its error clipped above at 1000, so that neither an
  /// overconfident nor a wild guess costs without bound. Higher is better. The target columns are FVC, then
  /// Confidence, as in the competition's sample; the answers' Confidence column is not read.
  static let laplaceLogLikelihood = Metric(
    name: "laplace_log_likelihood", higherIsBetter: true, input: .numbers(.anyFinite),
    definition: "mean of -sqrt(2) min(|y - FVC|, 1000) / s - ln(sqrt(2) s), s = max(Confidence, 70); "
      + "target columns FVC, then Confidence"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.numbers()
    guard truth.count == 2, predicted.count == 2 else {
      throw .wrongInput("laplace_log_likelihood needs two target columns: FVC, then Confidence")
    }
    let root2 = 2.0.squareRoot()
    let logRoot2 = Elementary.log(root2)
    return CompensatedSum.mean(truth[0].count) { row in
      let spread = max(predicted[1][row], 70)
      let error = min(abs(truth[0][row] - predicted[0][row]), 1000)
      // ln(sqrt(2) s) as a sum, so that a Confidence near the largest double does not overflow the product.
      return -root2 * error / spread - (logRoot2 + Elementary.log(spread))
    }
  }
}
