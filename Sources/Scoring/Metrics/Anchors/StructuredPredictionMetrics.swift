extension Metrics {
  /// Anchor metrics that read structured predictions from one text column (box lists, span lists, points, orders).
  static let structuredPredictionMetrics: [Metric] = [detectionMAP, spanF1, pointInBoxF1, orderKendallTau]
}
