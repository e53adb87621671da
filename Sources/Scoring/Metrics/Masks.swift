extension Metrics {
  static let maskMetrics: [Metric] = [
    .meanOverRows(
      "dice", higherIsBetter: true,
      definition: "mean per-row Dice 2|X ∩ Y| / (|X| + |Y|) of RLE masks ('start length ...', 1-indexed); empty/empty = 1"
    ) { truth, predicted, row, _ throws(MetricFailure) in
      let overlap = try maskOverlap(truth: truth, predicted: predicted, row: row)
      let total = overlap.truthSize + overlap.predictedSize
      return total == 0 ? 1 : 2 * Double(overlap.intersection) / Double(total)
    },
    .meanOverRows(
      "iou", higherIsBetter: true,
      definition: "mean per-row intersection over union |X ∩ Y| / |X ∪ Y| of RLE masks; both empty = 1"
    ) { truth, predicted, row, _ throws(MetricFailure) in
      let overlap = try maskOverlap(truth: truth, predicted: predicted, row: row)
      let union = overlap.truthSize + overlap.predictedSize - overlap.intersection
      return union == 0 ? 1 : Double(overlap.intersection) / Double(union)
    },
  ]

  static let runLengthHint =
    "write space-separated 'start length' pairs: 1-indexed starts, positive lengths, sorted disjoint runs"

  /// Pixel counts of two masks and of their intersection, computed on the runs without decoding the image.
  /// - Complexity: O(runs of both masks).
  static func maskOverlap(truth: String, predicted: String, row: Int) throws(MetricFailure) -> (
    truthSize: Int, predictedSize: Int, intersection: Int
  ) {
    let truthRuns: [Range<Int>]
    let predictedRuns: [Range<Int>]
    do throws(RunLengthError) {
      truthRuns = try runs(of: truth)
    } catch {
      throw .undefinedOnAnswers("row \(row): the answer mask is not a valid run-length encoding: \(error.message)")
    }
    do throws(RunLengthError) {
      predictedRuns = try runs(of: predicted)
    } catch {
      throw .invalidPrediction(
        row: row, message: "the mask is not a valid run-length encoding: \(error.message)", hint: runLengthHint)
    }
    // Runs are sorted, disjoint and end by `lastPixel`, so a mask has at most 2^53 pixels, two masks 2^54:
    // no sum here can overflow, and every count converts to a double exactly.
    let size = { (runs: [Range<Int>]) in runs.reduce(0) { $0 + $1.count } }
    return (size(truthRuns), size(predictedRuns), overlap(truthRuns, predictedRuns))
  }

  /// The number of positions two sorted lists of disjoint ranges share.
  /// - Complexity: O(ranges of both lists).
  static func overlap(_ first: [Range<Int>], _ second: [Range<Int>]) -> Int {
    var shared = 0
    var (f, s) = (0, 0)
    while f < first.count && s < second.count {
      let (a, b) = (first[f], second[s])
      shared += max(0, min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound))
      if a.upperBound <= b.upperBound { f += 1 } else { s += 1 }
    }
    return shared
  }

  struct RunLengthError: Error {
    let message: String
  }

  /// The largest pixel index a run may reach: 2^53, the largest count a double holds exactly, and millions of
  /// times the pixels of any image. Submitted runs near 2^63 would otherwise overflow the pixel counts.
  static let lastPixel = 1 << 53

  /// The runs of a Kaggle RLE string as 0-based half-open pixel ranges; an empty string is an empty mask.
  ///
  /// Runs must be sorted and disjoint (touching is allowed), as Kaggle's decoders assert.
  static func runs(of text: String) throws(RunLengthError) -> [Range<Int>] {
    let fields = text.split(whereSeparator: { $0.unicodeScalars.allSatisfy(Tokens.isSeparator) })
    guard fields.count % 2 == 0 else {
      throw RunLengthError(message: "\(fields.count) numbers, but starts and lengths come in pairs")
    }
    var runs: [Range<Int>] = []
    runs.reserveCapacity(fields.count / 2)
    for pair in stride(from: 0, to: fields.count, by: 2) {
      guard let start = Int(fields[pair]), let length = Int(fields[pair + 1]) else {
        throw RunLengthError(
          message: "\(Excerpt.quoted(fields[pair] + " " + fields[pair + 1])) is not a pair of integers")
      }
      guard start >= 1, length >= 1 else {
        throw RunLengthError(message: "run '\(start) \(length)' needs a start >= 1 and a length >= 1")
      }
      let (end, overflow) = (start - 1).addingReportingOverflow(length)
      guard !overflow, end <= lastPixel else {
        throw RunLengthError(message: "run '\(start) \(length)' ends beyond pixel 2^53 = \(lastPixel)")
      }
      if let last = runs.last, start - 1 < last.upperBound {
        throw RunLengthError(
          message: "the run starting at \(start) overlaps or precedes the previous run, which ends at \(last.upperBound)")
      }
      runs.append((start - 1)..<end)
    }
    return runs
  }
}
