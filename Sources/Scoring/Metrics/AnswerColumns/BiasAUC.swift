extension Metrics {
  /// jigsaw-unintended-bias-in-toxicity-classification: 0.25 × the overall ROC AUC plus 0.25 × each of three
  /// power means (p = -5) over the identity subgroups of a bias AUC: the subgroup's own AUC, BPSN (the subgroup's
  /// non-toxic rows with the background's toxic ones) and BNSP (the subgroup's toxic rows with the background's
  /// non-toxic ones). Answers and identities count from 0.5 on; the predictions are ranked as given.
  static let biasAUC = Metric(
    name: "bias_auc", higherIsBetter: true, input: .numbers(.anyFinite),
    parameters: [
      MetricParameter(
        "identity_columns", .flagColumns, default: nil,
        "the answers' identity columns, comma-separated; a row belongs to an identity when its cell is >= 0.5")
    ],
    definition: "0.25 AUC + 0.25 sum over (subgroup, BPSN, BNSP) of the power mean (p = -5) over identity_columns "
      + "of that AUC; answers toxic from 0.5"
  ) { data, parameters throws(MetricFailure) in
    let (answers, predicted) = try data.singleNumberColumn()
    let toxic = answers.map { $0 >= 0.5 ? 1.0 : 0.0 }
    let identities = parameters.columns("identity_columns")
    guard !identities.isEmpty else { throw .wrongInput("no identity column is named") }
    var biasAUCs: [[Double]] = [[], [], []]
    for identity in identities {
      let member = try data.answerNumbers(identity).map { $0 == 1 }
      let subsets: [(Int) -> Bool] = [
        { member[$0] },
        { member[$0] != (toxic[$0] == 1) },  // subgroup negatives, background positives
        { member[$0] == (toxic[$0] == 1) },  // subgroup positives, background negatives
      ]
      for (kind, isIn) in subsets.enumerated() {
        let rows = toxic.indices.filter(isIn)
        do throws(MetricFailure) {
          biasAUCs[kind].append(try rocAUC(truth: rows.map { toxic[$0] }, scores: rows.map { predicted[$0] }))
        } catch .undefinedOnAnswers(let reason) {
          throw .undefinedOnAnswers("identity '\(identity)': \(reason)")
        }
      }
    }
    let overall = try rocAUC(truth: toxic, scores: predicted)
    return 0.25 * overall + biasAUCs.reduce(0) { $0 + 0.25 * powerMean($1, power: -5) }
  }

  /// (mean of x^p)^(1/p).
  private static func powerMean(_ values: [Double], power: Double) -> Double {
    Elementary.pow(CompensatedSum.mean(values.count) { Elementary.pow(values[$0], power) }, 1 / power)
  }
}
