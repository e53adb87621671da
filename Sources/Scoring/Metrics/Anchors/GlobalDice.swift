extension Metrics {
  /// google-research-identify-contrails: one Dice over every pixel of every mask, 2 Σ|X ∩ Y| / (Σ|X| + Σ|Y|).
  /// A lone "-" is an empty mask, as the competition's files write it (and its grader reads it).
  static let globalDice = Metric(
    name: "global_dice", higherIsBetter: true, input: .text,
    definition: "2 sum|X ∩ Y| / (sum|X| + sum|Y|) over the RLE masks of all rows ('-' = empty); all empty = 1"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var intersection = 0
    var total = 0
    for row in truth.indices {
      let overlap = try maskOverlap(truth: emptyDash(truth[row]), predicted: emptyDash(predicted[row]), row: row)
      intersection += overlap.intersection
      total += overlap.truthSize + overlap.predictedSize
    }
    return total == 0 ? 1 : Double(2 * intersection) / Double(total)
  }

  private static func emptyDash(_ mask: String) -> String {
    mask.allSatisfy { $0 == "-" || $0 == " " } ? "" : mask
  }
}
