extension Metrics {
  /// The IoU thresholds 0.50, 0.55, ..., 0.95 of TGS salt's metric, computed from integers so 0.7 is exactly 0.7.
  static let iouThresholds: [Double] = (10...19).map { Double($0) / 20 }

  /// tgs-salt-identification-challenge: per image, for each IoU threshold t a hit iff IoU > t; an empty answer
  /// scores 1 for an empty prediction and 0 otherwise; mean over thresholds, then over images.
  static let maskPrecisionIoU = Metric.meanOverRows(
    "mask_precision_iou", higherIsBetter: true,
    definition: "mean over RLE masks of the share of IoU thresholds 0.50-0.95 (step 0.05) the mask's IoU exceeds; "
      + "empty/empty = 1"
  ) { truth, predicted, row, _ throws(MetricFailure) in
    let overlap = try maskOverlap(truth: truth, predicted: predicted, row: row)
    if overlap.truthSize == 0 { return overlap.predictedSize == 0 ? 1 : 0 }
    let union = overlap.truthSize + overlap.predictedSize - overlap.intersection
    let iou = Double(overlap.intersection) / Double(union)
    return Double(iouThresholds.count { iou > $0 }) / Double(iouThresholds.count)
  }
}
