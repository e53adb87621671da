extension Metrics {
  /// alaska2-image-steganalysis: the ROC curve cut into the TPR bands [0, 0.4] (weight 2) and [0.4, 1] (weight 1);
  /// each band's area is taken between its curve points, closed at FPR 1, measured from the band's floor, and the
  /// weighted sum is divided by 2·0.4 + 1·0.6 = 1.4. TPR 0.4 is inserted into the curve by linear interpolation,
  /// as MLE-bench's grader does (fixing the public kernel that skipped part of a band).
  static let weightedAUC = Metric.singleColumn(
    "weighted_auc", higherIsBetter: true, input: .binaryScores(.anyFinite),
    definition: "ALASKA2 weighted AUC: TPR bands [0, 0.4] x2 and [0.4, 1] x1 of the ROC curve, divided by 1.4"
  ) { truth, predicted, _ throws(MetricFailure) in
    var curve = try rocCurve(truth: truth, scores: predicted)
    curve.insert(tpr: 0.4)
    let bands: [(low: Double, high: Double, weight: Double)] = [(0, 0.4, 2), (0.4, 1, 1)]
    var total = 0.0
    for band in bands {
      var xs: [Double] = []
      var ys: [Double] = []
      for (x, y) in zip(curve.fpr, curve.tpr) where band.low <= y && y <= band.high {
        xs.append(x)
        ys.append(y - band.low)
      }
      guard !xs.isEmpty else { continue }
      xs.append(1)
      ys.append(band.high - band.low)
      var area = 0.0
      for index in 1..<xs.count { area += (xs[index] - xs[index - 1]) * (ys[index] + ys[index - 1]) / 2 }
      total += band.weight * area
    }
    return total / bands.reduce(0) { $0 + $1.weight * ($1.high - $1.low) }
  }

  /// The ROC curve's points from (0, 0), one per distinct score in decreasing order, as sklearn's `roc_curve`
  /// (without dropping collinear points, which changes no area).
  struct ROCCurve {
    var fpr: [Double]
    var tpr: [Double]

    /// Adds a point at `tpr` by linear interpolation of FPR, before the first point above it, unless present.
    mutating func insert(tpr threshold: Double) {
      guard !tpr.contains(threshold), let index = tpr.firstIndex(where: { $0 > threshold }), index > 0 else { return }
      let x = fpr[index - 1] + (fpr[index] - fpr[index - 1]) * (threshold - tpr[index - 1]) / (tpr[index] - tpr[index - 1])
      tpr.insert(threshold, at: index)
      fpr.insert(x, at: index)
    }
  }

  static func rocCurve(truth: [Double], scores: [Double]) throws(MetricFailure) -> ROCCurve {
    let positives = truth.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
    let negatives = truth.count - positives
    guard positives > 0, negatives > 0 else {
      throw .undefinedOnAnswers("the ROC curve needs both classes in the answers")
    }
    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    var curve = ROCCurve(fpr: [0], tpr: [0])
    var truePositives = 0
    var falsePositives = 0
    var position = 0
    while position < order.count {
      let score = scores[order[position]]
      while position < order.count && scores[order[position]] == score {
        if truth[order[position]] == 1 { truePositives += 1 } else { falsePositives += 1 }
        position += 1
      }
      curve.fpr.append(Double(falsePositives) / Double(negatives))
      curve.tpr.append(Double(truePositives) / Double(positives))
    }
    return curve
  }
}
