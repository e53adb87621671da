extension Metrics {
  /// Anchor metrics that read structured predictions from one text column (box lists, span lists).
  static let structuredPredictionMetrics: [Metric] = [detectionMAP, spanF1]
}
