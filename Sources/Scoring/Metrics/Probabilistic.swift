extension Metrics {
  /// Kaggle's clipping bound: probabilities are moved into [eps, 1 - eps] so a confident miss costs ~34.5.
  static let probabilityEpsilon = 1e-15

  /// scikit-learn >= 1.5 clips at the float64 epsilon (2.2e-16) instead; graders built on it need `eps`.
  static let epsParameter = MetricParameter(
    "eps", .real, default: "1e-15", "probabilities are clipped to [eps, 1 - eps]; 2.220446049250313e-16 is sklearn's",
    range: MetricParameter.OpenRange(lower: 0, upper: 0.5))
  private static let renormalizeParameter = MetricParameter(
    "renormalize", .boolean, default: "true",
    "rescale each clipped row to sum 1 (Kaggle); false leaves rows as given, as scikit-learn >= 1.5 graders do")
  private static let sumToleranceParameter = MetricParameter(
    "sum_tolerance", .real, default: "0",
    "refuse rows whose probabilities sum further than this from 1 (MLE-bench: 1e-6); 0 accepts every row")

  static let probabilisticMetrics: [Metric] = [
    .singleColumn(
      "log_loss", higherIsBetter: false, input: .binaryScores(.unitInterval), parameters: [epsParameter],
      definition: "binary cross-entropy -mean(y ln p + (1 - y) ln(1 - p)), p clipped to [eps, 1 - eps]"
    ) { truth, predicted, parameters in binaryLogLoss(truth, predicted, eps: parameters.real("eps")) },
    .meanOverColumns(
      "mean_columnwise_log_loss", higherIsBetter: false, input: .binaryScores(.unitInterval),
      definition: "binary log loss of each label column, averaged over the columns"
    ) { truth, predicted, _ in binaryLogLoss(truth, predicted) },
    Metric(
      name: "multiclass_log_loss", higherIsBetter: false, input: .classProbabilities,
      parameters: [epsParameter, renormalizeParameter, sumToleranceParameter],
      definition: "-mean over rows of sum_c y_c ln p_c; p clipped to [eps, 1 - eps], then rows rescaled to sum 1"
    ) { data, parameters throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      return try multiclassLogLoss(
        truth, predicted,
        options: LogLossOptions(
          eps: parameters.real("eps"), renormalize: parameters.flag("renormalize"),
          sumTolerance: parameters.real("sum_tolerance")))
    },
    Metric(
      name: "kl_divergence", higherIsBetter: false, input: .numbers(.unitInterval),
      definition: "mean over rows of sum_c y_c ln(y_c / p_c); answer rows (e.g. vote counts) scaled to sum 1, "
        + "p clipped to [1e-15, 1 - 1e-15], y_c = 0 adds 0"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      return try klDivergence(truth, predicted)
    },
  ]

  /// How a multi-class log loss treats the submitted probabilities.
  struct LogLossOptions {
    var eps = probabilityEpsilon
    var renormalize = true
    /// Positive: a row summing further than this from 1 is an invalid prediction.
    var sumTolerance = 0.0
  }

  @inline(__always)
  static func clippedProbability(_ p: Double, eps: Double = probabilityEpsilon) -> Double {
    min(max(p, eps), 1 - eps)
  }

  /// The answers are exactly 0 or 1 (the engine checks `.binaryScores` answers).
  static func binaryLogLoss(_ truth: [Double], _ predicted: [Double], eps: Double = probabilityEpsilon) -> Double {
    CompensatedSum.mean(truth.count) { index in binaryLogLoss(truth[index], predicted[index], eps: eps) }
  }

  /// One row's binary log loss, -ln of the clipped probability given to the answer (0 or 1).
  @inline(__always)
  static func binaryLogLoss(_ truth: Double, _ predicted: Double, eps: Double) -> Double {
    let p = clippedProbability(predicted, eps: eps)
    return -(truth == 1 ? Elementary.log(p) : Elementary.log(1 - p))
  }

  /// Kaggle's multi-class log loss: clip every probability, rescale the row to sum 1 (unless `renormalize` is
  /// off), then cross-entropy. With a positive `sumTolerance`, a row whose given probabilities sum further
  /// than that from 1 is refused first, as MLE-bench's graders do.
  /// - Complexity: O(rows × classes), no allocation; rows are read across the column arrays.
  static func multiclassLogLoss(_ truth: [[Double]], _ predicted: [[Double]], options: LogLossOptions = .init())
    throws(MetricFailure) -> Double
  {
    guard !predicted.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one answer column per probability column")
    }
    let rows = truth[0].count
    if options.sumTolerance > 0 {
      for row in 0..<rows {
        var given = 0.0
        for column in predicted.indices { given += predicted[column][row] }
        if abs(given - 1) > options.sumTolerance {
          throw .invalidPrediction(
            row: row, message: "the probabilities sum to \(given), not 1 within \(options.sumTolerance)",
            hint: "divide each row by its sum so that the class probabilities add up to 1")
        }
      }
    }
    return -CompensatedSum.mean(rows) { row in
      var rowTotal = 0.0
      if options.renormalize {
        for column in predicted.indices { rowTotal += clippedProbability(predicted[column][row], eps: options.eps) }
      }
      var crossEntropy = 0.0
      for column in truth.indices where truth[column][row] != 0 {
        let clipped = clippedProbability(predicted[column][row], eps: options.eps)
        crossEntropy += truth[column][row] * Elementary.log(options.renormalize ? clipped / rowTotal : clipped)
      }
      return crossEntropy
    }
  }

  /// The HMS (Kaggle) KL divergence: per-row sums of y ln(y / p) with `scipy.special.rel_entr`'s 0 ln 0 = 0.
  /// Answer rows are divided by their sum first: HMS's answers are expert vote counts (MLE-bench's grader
  /// normalises them the same way); rows that already sum to 1 are unchanged.
  static func klDivergence(_ truth: [[Double]], _ predicted: [[Double]]) throws(MetricFailure) -> Double {
    guard !predicted.isEmpty, truth.count == predicted.count else {
      throw .wrongInput("expected one answer column per prediction column")
    }
    for (column, values) in truth.enumerated() {
      if let negative = values.firstIndex(where: { $0 < 0 }) {
        throw .undefinedOnAnswers(
          "KL divergence needs answers >= 0, but column \(column + 1) row \(negative) is \(values[negative])")
      }
    }
    let rows = truth[0].count
    var totals = [Double](repeating: 0, count: rows)
    for column in truth.indices {
      for row in 0..<rows { totals[row] += truth[column][row] }
    }
    if let empty = totals.firstIndex(of: 0) {
      throw .undefinedOnAnswers("KL divergence needs a positive answer row, but row \(empty) sums to 0")
    }
    return CompensatedSum.mean(rows) { row in
      var divergence = 0.0
      for column in truth.indices where truth[column][row] != 0 {
        let y = truth[column][row] / totals[row]
        divergence += y * Elementary.log(y / clippedProbability(predicted[column][row]))
      }
      return divergence
    }
  }
}
