extension Metrics {
  /// Anchor metrics that read structured predictions from one text column (box lists, span lists, points, orders, per-row lists of numbers).
  static let structuredPredictionMetrics: [Metric] = [detectionMAP, spanF1, pointInBoxF1, orderKendallTau, meanRowwiseSpearman]
}
