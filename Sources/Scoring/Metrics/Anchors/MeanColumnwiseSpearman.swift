extension Metrics {
  /// google-quest-challenge: Spearman's rho of each target column (ties get average ranks), averaged.
  static let meanColumnwiseSpearman = Metric.meanOverColumns(
    "mean_columnwise_spearman", higherIsBetter: true, input: .numbers(.anyFinite),
    definition: "Spearman rank correlation of each target column (scipy.stats.spearmanr), averaged over the columns"
  ) { truth, predicted, _ throws(MetricFailure) in
    guard truth.contains(where: { $0 != truth[0] }) else {
      throw .undefinedOnAnswers("a correlation is undefined when every answer of a column has the same value")
    }
    guard predicted.contains(where: { $0 != predicted[0] }) else {
      throw .invalidPrediction(
        row: nil, message: "a column's predictions are all \(predicted[0]); its correlation is undefined",
        hint: "predictions must vary across rows in every column")
    }
    return pearson(RadixSort.averageRanks(truth), RadixSort.averageRanks(predicted))
  }
}
