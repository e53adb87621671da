extension Metrics {
  /// Metrics added for the MLE-bench and MLE-Dojo competitions (docs/importing.md), one file each in this folder.
  static let anchorMetrics: [Metric] = [
    meanF1Sets, microF1Sets, top1Error, meanColumnwiseSpearman, lwlrap, normalizedEditDistance, maskPrecisionIoU,
    globalDice, meanAngularError, probabilisticF1, weightedAUC, normalizedGini,
  ]
}
