extension Metrics {
  /// Metrics that read answer columns the submission does not have (weights, groups), named by a parameter;
  /// one file each in this folder (docs/importing.md).
  static let answerColumnMetrics: [Metric] = [
    weightedMAE, meanLogMAEByGroup, weightedMultilabelLogLoss, balancedLogLoss, biasAUC,
  ]

  /// The rows of each group that occurs in the row set, in order of first appearance.
  static func rowsByGroup(_ codes: [Int32], groupCount: Int) -> [[Int]] {
    var rows = [[Int]](repeating: [], count: groupCount)
    for (row, code) in codes.enumerated() { rows[Int(code)].append(row) }
    return rows.filter { !$0.isEmpty }
  }
}
