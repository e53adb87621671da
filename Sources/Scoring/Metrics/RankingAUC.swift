extension Metrics {
  static let rankingAUCMetrics: [Metric] = [
    .singleColumn(
      "roc_auc", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "area under the ROC curve: P(score of a positive > score of a negative), ties count half"
    ) { truth, predicted, _ throws(MetricFailure) in try rocAUC(truth: truth, scores: predicted) },
    .singleColumn(
      "gini", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "normalised Gini coefficient: 2 * roc_auc - 1"
    ) { truth, predicted, _ throws(MetricFailure) in 2 * (try rocAUC(truth: truth, scores: predicted)) - 1 },
    .meanOverColumns(
      "mean_columnwise_roc_auc", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "ROC AUC of each binary label column, averaged over the columns"
    ) { truth, predicted, _ throws(MetricFailure) in try rocAUC(truth: truth, scores: predicted) },
    .singleColumn(
      "average_precision", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "area under the precision-recall curve as sklearn: sum over score thresholds of ΔRecall * Precision"
    ) { truth, predicted, _ throws(MetricFailure) in try averagePrecision(truth: truth, scores: predicted) },
  ]

  /// The ordered keys of the positives' scores and of the negatives' scores, each sorted ascending.
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  private static func sortedScoresByClass(truth: [Double], scores: [Double]) -> (
    positives: [UInt64], negatives: [UInt64]
  ) {
    var positives: [UInt64] = []
    var negatives: [UInt64] = []
    let positiveCount = truth.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
    positives.reserveCapacity(positiveCount)
    negatives.reserveCapacity(truth.count - positiveCount)
    for (label, score) in zip(truth, scores) {
      if label == 1 {
        positives.append(RadixSort.orderedKey(score))
      } else {
        negatives.append(RadixSort.orderedKey(score))
      }
    }
    RadixSort.sortKeysOnTwoThreads(&positives, &negatives)
    return (positives, negatives)
  }

  /// The Mann–Whitney form of ROC AUC: for every positive, the negatives scored below it, plus half the ties.
  ///
  /// Positives' and negatives' scores are sorted apart and merged, so equal scores form one tie group.
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  static func rocAUC(truth: [Double], scores: [Double]) throws(MetricFailure) -> Double {
    let (positives, negatives) = sortedScoresByClass(truth: truth, scores: scores)
    guard !positives.isEmpty, !negatives.isEmpty else {
      throw .undefinedOnAnswers("ROC AUC needs both classes, but every answer is \(positives.isEmpty ? 0 : 1)")
    }
    var pairsWon = 0.0  // counts below 2^53 stay exact in a double
    var below = 0
    var index = 0
    while index < positives.count {
      let key = positives[index]
      var groupEnd = index
      while groupEnd < positives.count && positives[groupEnd] == key { groupEnd += 1 }
      while below < negatives.count && negatives[below] < key { below += 1 }
      var tiedEnd = below
      while tiedEnd < negatives.count && negatives[tiedEnd] == key { tiedEnd += 1 }
      let groupSize = Double(groupEnd - index)
      pairsWon += groupSize * (Double(below) + 0.5 * Double(tiedEnd - below))
      index = groupEnd
    }
    return pairsWon / (Double(positives.count) * Double(negatives.count))
  }

  /// sklearn's `average_precision_score`: thresholds at each distinct score, from the highest down; each
  /// threshold that admits positives adds (their share of all positives) × (precision at that threshold).
  ///
  /// Tied scores form one threshold, so their order does not matter (no interpolation, as sklearn).
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  static func averagePrecision(truth: [Double], scores: [Double]) throws(MetricFailure) -> Double {
    let (positives, negatives) = sortedScoresByClass(truth: truth, scores: scores)
    guard !positives.isEmpty else {
      throw .undefinedOnAnswers("average precision needs positive answers, but every answer is 0")
    }
    var sum = CompensatedSum()
    var truePositives = 0
    var falsePositives = 0
    var positive = positives.count - 1  // walking both sorted arrays from the top score down
    var negative = negatives.count - 1
    while positive >= 0 {
      let key = positives[positive]
      while negative >= 0 && negatives[negative] > key {
        falsePositives += 1
        negative -= 1
      }
      var groupPositives = 0
      while positive >= 0 && positives[positive] == key {
        groupPositives += 1
        positive -= 1
      }
      while negative >= 0 && negatives[negative] == key {
        falsePositives += 1
        negative -= 1
      }
      truePositives += groupPositives
      let precision = Double(truePositives) / Double(truePositives + falsePositives)
      sum.add(Double(groupPositives) / Double(positives.count) * precision)
    }
    return sum.value
  }
}
