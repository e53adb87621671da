/// The registry of native metrics, the single place `tatami metrics`, manifests and `--metric` look names up.
public enum Metrics {
  /// Every metric, in the order `tatami metrics` lists them.
  public static let all: [Metric] =
    classificationMetrics + rankingAUCMetrics + probabilisticMetrics + regressionMetrics + correlationMetrics
    + retrievalMetrics + textMetrics + maskMetrics + geoMetrics + anchorMetrics + structuredPredictionMetrics
    + answerColumnMetrics

  private static let byName: [String: Metric] = Dictionary(
    all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

  /// The metric called `name`, or nil when there is none.
  public static func named(_ name: String) -> Metric? { byName[name] }

  /// The metric called `name`, or a harness error naming the unknown metric.
  public static func require(_ name: String) throws(HarnessError) -> Metric {
    guard let metric = byName[name] else { throw .unknownMetric(name) }
    return metric
  }
}
