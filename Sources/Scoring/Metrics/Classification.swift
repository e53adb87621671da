extension Metrics {
  private static let positiveParameter = MetricParameter(
    "positive", .text, default: "1", "the label counted as the positive class; every other label is negative")

  static let classificationMetrics: [Metric] = [
    labelMetric("accuracy", definition: "share of rows whose predicted label equals the answer") { counts, _, _ in
      Double(counts.correctTotal) / Double(counts.rows)
    },
    labelMetric(
      "balanced_accuracy", definition: "recall of each answer label, averaged over the labels present in the answers"
    ) { counts, _, _ in
      let recalls = counts.truth.indices.lazy.filter { counts.truth[$0] > 0 }.map {
        Double(counts.correct[$0]) / Double(counts.truth[$0])
      }
      return recalls.reduce(0, +) / Double(recalls.count)
    },
    labelMetric(
      "precision", parameters: [positiveParameter],
      definition: "TP / (TP + FP) for the positive label; 0 when nothing is predicted positive (as sklearn)"
    ) { counts, names, parameters in
      let positive = counts.binary(positive: parameters.text("positive"), names: names)
      let predictedPositives = positive.truePositives + positive.falsePositives
      return predictedPositives == 0 ? 0 : Double(positive.truePositives) / Double(predictedPositives)
    },
    labelMetric(
      "recall", parameters: [positiveParameter], definition: "TP / (TP + FN) for the positive label"
    ) { counts, names, parameters throws(MetricFailure) in
      let positive = counts.binary(positive: parameters.text("positive"), names: names)
      let actualPositives = positive.truePositives + positive.falseNegatives
      guard actualPositives > 0 else { throw noPositiveAnswer(parameters.text("positive")) }
      return Double(positive.truePositives) / Double(actualPositives)
    },
    labelMetric(
      "f1", parameters: [positiveParameter], definition: "F1 of the positive label: 2TP / (2TP + FP + FN)"
    ) { counts, names, parameters throws(MetricFailure) in
      try fScore(counts.binary(positive: parameters.text("positive"), names: names), beta: 1, parameters)
    },
    labelMetric(
      "fbeta",
      parameters: [
        MetricParameter("beta", .real, default: nil, "weight of recall relative to precision, > 0", range: .positive),
        positiveParameter,
      ],
      definition: "F-beta of the positive label: (1 + b²)TP / ((1 + b²)TP + b²FN + FP)"
    ) { counts, names, parameters throws(MetricFailure) in
      let positive = counts.binary(positive: parameters.text("positive"), names: names)
      return try fScore(positive, beta: parameters.real("beta"), parameters)
    },
    labelMetric("f1_micro", definition: "F1 of the pooled counts of all labels (equals accuracy)") { counts, _, _ in
      Double(2 * counts.correctTotal) / Double(2 * counts.rows)
    },
    labelMetric("f1_macro", definition: "F1 of each label present in the answers or predictions, averaged") {
      counts, _, _ in
      let present = counts.presentCodes
      return present.reduce(0.0) { $0 + counts.f1(of: $1) } / Double(present.count)
    },
    labelMetric("f1_weighted", definition: "F1 of each label, averaged with the labels' answer counts as weights") {
      counts, _, _ in
      counts.presentCodes.reduce(0.0) { $0 + Double(counts.truth[$1]) * counts.f1(of: $1) } / Double(counts.rows)
    },
    labelMetric(
      "mcc", definition: "Matthews correlation coefficient (multi-class form); 0 if either side is constant (as sklearn)"
    ) { counts, _, _ in matthewsCorrelation(counts) },
    labelMetric("cohen_kappa", definition: "Cohen's kappa: (observed - chance agreement) / (1 - chance agreement)") {
      counts, _, _ throws(MetricFailure) in try cohenKappa(counts)
    },
    Metric(
      name: "quadratic_weighted_kappa", higherIsBetter: true, input: .labels,
      definition: "Cohen's kappa weighted by (i - j)² between label ranks; numeric order when every label is a number"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted, names) = try data.labels()
      return try quadraticWeightedKappa(truth: truth, predicted: predicted, names: names)
    },
  ]

  private static func labelMetric(
    _ name: String, parameters: [MetricParameter] = [], definition: String,
    _ score: @escaping @Sendable (LabelCounts, [String], MetricParameters) throws(MetricFailure) -> Double
  ) -> Metric {
    Metric(name: name, higherIsBetter: true, input: .labels, parameters: parameters, definition: definition) {
      data, parameters throws(MetricFailure) in
      let (truth, predicted, names) = try data.labels()
      guard !truth.isEmpty else { throw .wrongInput("no rows to score") }
      return try score(LabelCounts(truth: truth, predicted: predicted, labelCount: names.count), names, parameters)
    }
  }

  private static func noPositiveAnswer(_ positive: String) -> MetricFailure {
    .undefinedOnAnswers("no answer is the positive label '\(positive)', so recall is undefined")
  }

  private static func fScore(_ counts: BinaryCounts, beta: Double, _ parameters: MetricParameters) throws(MetricFailure)
    -> Double
  {
    let betaSquared = beta * beta
    let weightedTruePositives = (1 + betaSquared) * Double(counts.truePositives)
    let denominator =
      weightedTruePositives + betaSquared * Double(counts.falseNegatives) + Double(counts.falsePositives)
    guard denominator > 0 else { throw noPositiveAnswer(parameters.text("positive")) }
    return weightedTruePositives / denominator
  }

  /// sklearn's multi-class MCC from the label totals: (c·n - Σ t_k p_k) / sqrt((n² - Σ p_k²)(n² - Σ t_k²)).
  private static func matthewsCorrelation(_ counts: LabelCounts) -> Double {
    let n = Double(counts.rows)
    var truthDotPredicted = 0.0
    var truthSquares = 0.0
    var predictedSquares = 0.0
    for code in counts.truth.indices {
      let t = Double(counts.truth[code])
      let p = Double(counts.predicted[code])
      truthDotPredicted += t * p
      truthSquares += t * t
      predictedSquares += p * p
    }
    let covariance = Double(counts.correctTotal) * n - truthDotPredicted
    let predictedVariance = n * n - predictedSquares
    let truthVariance = n * n - truthSquares
    guard predictedVariance * truthVariance != 0 else { return 0 }
    return covariance / (truthVariance * predictedVariance).squareRoot()
  }

  /// 1 - (disagreements) / (disagreements expected by chance from the two label histograms).
  private static func cohenKappa(_ counts: LabelCounts) throws(MetricFailure) -> Double {
    let n = Double(counts.rows)
    let chanceAgreements = counts.truth.indices.reduce(0.0) {
      $0 + Double(counts.truth[$1]) * Double(counts.predicted[$1])
    } / n
    let chanceDisagreements = n - chanceAgreements
    guard chanceDisagreements > 0 else { throw sameSingleLabel() }
    return 1 - (n - Double(counts.correctTotal)) / chanceDisagreements
  }

  private static func sameSingleLabel() -> MetricFailure {
    .undefinedOnAnswers("kappa is undefined when every answer and every prediction is the same single label")
  }

  /// sklearn's `cohen_kappa_score(weights="quadratic")` without the K×K matrix.
  ///
  /// With ranks r over the labels present, observed = Σ_rows (r_y - r_p)² and
  /// expected = Σ_ij (i - j)² t_i p_j / n = Σ t_i i² + Σ p_j j² - 2 (Σ t_i i)(Σ p_j j) / n.
  /// - Complexity: O(n + K log K) for K labels.
  static func quadraticWeightedKappa(truth: [Int32], predicted: [Int32], names: [String]) throws(MetricFailure)
    -> Double
  {
    guard !truth.isEmpty else { throw .wrongInput("no rows to score") }
    let counts = LabelCounts(truth: truth, predicted: predicted, labelCount: names.count)
    let rank = labelRanks(of: counts.presentCodes, names: names)
    var observed = 0.0
    for (t, p) in zip(truth, predicted) {
      let difference = Double(rank[Int(t)] - rank[Int(p)])
      observed += difference * difference
    }
    var truthFirst = 0.0
    var truthSecond = 0.0
    var predictedFirst = 0.0
    var predictedSecond = 0.0
    for code in counts.presentCodes {
      let r = Double(rank[code])
      truthFirst += Double(counts.truth[code]) * r
      truthSecond += Double(counts.truth[code]) * r * r
      predictedFirst += Double(counts.predicted[code]) * r
      predictedSecond += Double(counts.predicted[code]) * r * r
    }
    let expected = truthSecond + predictedSecond - 2 * truthFirst * predictedFirst / Double(counts.rows)
    guard expected > 0 else { throw sameSingleLabel() }
    return 1 - observed / expected
  }

  /// Ranks (0-based) of the present labels: numeric order when every one is a finite number, else code-point
  /// order of the text — the order sklearn's `unique_labels` gives int/float arrays and str arrays.
  private static func labelRanks(of codes: [Int], names: [String]) -> [Int] {
    let numbers = codes.compactMap { Double(names[$0]) }.filter(\.isFinite)
    let numeric = numbers.count == codes.count
    let order = codes.indices.sorted { a, b in
      if numeric, numbers[a] != numbers[b] { return numbers[a] < numbers[b] }
      return names[codes[a]].unicodeScalars.lexicographicallyPrecedes(names[codes[b]].unicodeScalars)
    }
    var rank = [Int](repeating: 0, count: names.count)
    for (position, index) in order.enumerated() { rank[codes[index]] = position }
    return rank
  }
}

/// Per-label totals of one row set: answers, predictions and rows where both agree.
struct LabelCounts {
  var truth: [Int]
  var predicted: [Int]
  var correct: [Int]
  let rows: Int
  var correctTotal: Int { correct.reduce(0, +) }

  /// - Complexity: O(n + K) for n rows and K interned labels.
  init(truth: [Int32], predicted: [Int32], labelCount: Int) {
    self.truth = [Int](repeating: 0, count: labelCount)
    self.predicted = self.truth
    self.correct = self.truth
    rows = truth.count
    for (t, p) in zip(truth, predicted) {
      self.truth[Int(t)] += 1
      self.predicted[Int(p)] += 1
      if t == p { correct[Int(t)] += 1 }
    }
  }

  /// Labels that occur in this row set; interned labels from other rows are left out, as sklearn would.
  var presentCodes: [Int] { truth.indices.filter { truth[$0] > 0 || predicted[$0] > 0 } }

  /// 2TP / (2TP + FP + FN) = 2·correct / (answers + predictions) of one present label.
  func f1(of code: Int) -> Double { Double(2 * correct[code]) / Double(truth[code] + predicted[code]) }

  /// The one-vs-rest counts of `positive`; a label absent from `names` has none.
  func binary(positive: String, names: [String]) -> BinaryCounts {
    guard let code = names.firstIndex(of: positive) else { return BinaryCounts() }
    return BinaryCounts(
      truePositives: correct[code], falsePositives: predicted[code] - correct[code],
      falseNegatives: truth[code] - correct[code])
  }
}

struct BinaryCounts {
  var truePositives = 0
  var falsePositives = 0
  var falseNegatives = 0
}
