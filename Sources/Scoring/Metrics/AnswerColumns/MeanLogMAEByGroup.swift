extension Metrics {
  /// champs-scalar-coupling: log(max(MAE, floor)) of each coupling type, averaged over the types, so that a 1 %
  /// better MAE counts alike in every type. Kaggle's floor 1e-9 keeps a perfect type finite (MLE-bench's grader
  /// has none, and a perfect submission scores -inf there).
  static let meanLogMAEByGroup = Metric(
    name: "mean_log_mae_by_group", higherIsBetter: false, input: .numbers(.anyFinite),
    parameters: [
      MetricParameter("group_column", .groupColumn, default: nil, "the answers' column grouping the rows (champs: type)"),
      MetricParameter("floor", .real, default: "1e-9", "each group's MAE is raised to at least this", range: .positive),
    ],
    definition: "mean over the groups of group_column of ln(max(MAE of the group, floor))"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.singleNumberColumn()
    let (codes, names) = try data.answerGroups(parameters.text("group_column"))
    let floor = parameters.real("floor")
    let groups = rowsByGroup(codes, groupCount: names.count)
    return CompensatedSum.mean(groups.count) { group in
      let rows = groups[group]
      return logMAE(rows.map { truth[$0] }, rows.map { predicted[$0] }, floor: floor)
    }
  }

  /// ln(max(MAE, floor)), finite also when huge predictions make the MAE itself exceed a double.
  private static func logMAE(_ truth: [Double], _ predicted: [Double], floor: Double) -> Double {
    let mae = meanAbsoluteError(truth, predicted)
    if mae.isFinite { return Elementary.log(max(mae, floor)) }
    let wide = WideDouble.mean(truth.count) { WideDouble.difference(truth[$0], predicted[$0]).magnitude }
    return Elementary.log(wide.significand) + Double(wide.exponent) * Elementary.log(2)
  }
}
