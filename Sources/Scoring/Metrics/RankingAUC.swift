extension Metrics {
  static let rankingAUCMetrics: [Metric] = [
    Metric(
      name: "roc_auc", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "area under the ROC curve: P(score of a positive > score of a negative), ties count half"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.singleNumberColumn()
      return try rocAUC(truth: truth, scores: predicted)
    },
    Metric(
      name: "gini", higherIsBetter: true, input: .binaryScores(.anyFinite),
      definition: "normalised Gini coefficient: 2 * roc_auc - 1"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.singleNumberColumn()
      return 2 * (try rocAUC(truth: truth, scores: predicted)) - 1
    },
  ]

  /// The Mann–Whitney form of ROC AUC: for every positive, the negatives scored below it, plus half the ties.
  ///
  /// Positives' and negatives' scores are sorted apart and merged, so equal scores form one tie group.
  /// - Complexity: O(n) for large inputs (radix sort), O(n log n) below 50,000 rows.
  static func rocAUC(truth: [Double], scores: [Double]) throws(MetricFailure) -> Double {
    var positives: [UInt64] = []
    var negatives: [UInt64] = []
    let positiveCount = truth.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
    positives.reserveCapacity(positiveCount)
    negatives.reserveCapacity(truth.count - positiveCount)
    for (label, score) in zip(truth, scores) {
      if label == 1 { positives.append(RadixSort.orderedKey(score)) } else { negatives.append(RadixSort.orderedKey(score)) }
    }
    guard !positives.isEmpty, !negatives.isEmpty else {
      throw .undefinedOnAnswers("ROC AUC needs both classes, but every answer is \(positives.isEmpty ? 0 : 1)")
    }
    RadixSort.sortKeys(&positives)
    RadixSort.sortKeys(&negatives)
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
}
