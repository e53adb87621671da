extension Metrics {
  static let textMetrics: [Metric] = [
    .meanOverRows(
      "levenshtein", higherIsBetter: false,
      definition: "mean edit distance (insertions, deletions, substitutions of Unicode scalars) per row"
    ) { truth, predicted, _, _ in Double(editDistance(Array(truth.unicodeScalars), Array(predicted.unicodeScalars))) },
    .meanOverRows(
      "jaccard_word", higherIsBetter: true,
      definition: "mean per-row |A ∩ B| / |A ∪ B| of lower-cased whitespace word sets; two empty texts score 1"
    ) { truth, predicted, _, _ in wordJaccard(truth, predicted) },
  ]

  /// Levenshtein distance between two scalar sequences, as python-Levenshtein's `distance` on `str`.
  ///
  /// Counts Unicode scalars (Python code points), not grapheme clusters: "é" written as e + U+0301 is two.
  /// - Complexity: O(|a|·|b|) time after trimming the common prefix and suffix, O(min(|a|, |b|)) memory.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    var start = 0
    var endA = a.count
    var endB = b.count
    while start < endA && start < endB && a[start] == b[start] { start += 1 }
    while endA > start && endB > start && a[endA - 1] == b[endB - 1] {
      endA -= 1
      endB -= 1
    }
    // The inner loop runs over the shorter sequence, so the two rows of the table stay short.
    let (trimmedA, trimmedB) = (a[start..<endA], b[start..<endB])
    let (long, short) = trimmedA.count >= trimmedB.count ? (trimmedA, trimmedB) : (trimmedB, trimmedA)
    guard !short.isEmpty else { return long.count }
    var previous = Array(0...short.count)
    var current = [Int](repeating: 0, count: short.count + 1)
    for (i, longScalar) in long.enumerated() {
      current[0] = i + 1
      for (j, shortScalar) in short.enumerated() {
        let substitution = previous[j] + (longScalar == shortScalar ? 0 : 1)
        current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
      }
      swap(&previous, &current)
    }
    return previous[short.count]
  }

  /// The tweet-sentiment (Kaggle) word Jaccard, with 1 for two empty texts where Kaggle's snippet divides by 0.
  static func wordJaccard(_ truth: String, _ predicted: String) -> Double {
    let a = Set(Tokens.split(truth.lowercased()))
    let b = Set(Tokens.split(predicted.lowercased()))
    guard !a.isEmpty || !b.isEmpty else { return 1 }
    let common = a.intersection(b).count
    return Double(common) / Double(a.count + b.count - common)
  }
}
