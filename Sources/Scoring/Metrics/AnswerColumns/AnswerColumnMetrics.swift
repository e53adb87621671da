extension Metrics {
  /// Metrics whose answers differ from the submission: answer columns it does not have (weights, groups), named
  /// by a parameter, or rows the importer leaves unscored (osic); one file each in this folder (docs/importing.md).
  static let answerColumnMetrics: [Metric] = [
    weightedMAE, meanLogMAEByGroup, weightedMultilabelLogLoss, balancedLogLoss, biasAUC, laplaceLogLikelihood,
    gameOfLifeMAE,
  ]

  /// The rows of each group that occurs in the row set, in order of first appearance.
  static func rowsByGroup(_ codes: [Int32], groupCount: Int) -> [[Int]] {
    var rows = [[Int]](repeating: [], count: groupCount)
    for (row, code) in codes.enumerated() { rows[Int(code)].append(row) }
    return rows.filter { !$0.isEmpty }
  }
}
