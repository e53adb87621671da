extension Metrics {
  /// nbme-score-clinical-patient-notes: micro F1 over character positions. Each cell lists half-open spans
  /// "start end" separated by ';' (Kaggle's submission format), or Kaggle's training-file form, a Python list
  /// of such strings ("['0 5', '10 12;15 20']"). Positions are pooled over every row; a position listed twice
  /// counts once. When no row has a span, answers nor predictions, the score is 1, as MLE-Dojo's grader.
  static let spanF1 = Metric(
    name: "span_f1", higherIsBetter: true, input: .text,
    definition: "micro F1 2TP / (2TP + FP + FN) over the character positions of 'start end;start end' span lists, "
      + "pooled over rows; no span anywhere = 1"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var shared = 0
    var total = 0
    for row in truth.indices {
      let answer = try answerCell(truth[row], row: row, what: "span list", positions)
      let guess = try predictedCell(predicted[row], row: row, what: "span list", hint: spanListHint, positions)
      // Positions end by 2^32, so a row adds at most 2^33 to the total: a billion rows still fit in an Int.
      shared += overlap(answer, guess)
      total += (answer + guess).reduce(0) { $0 + $1.count }
    }
    return total == 0 ? 1 : Double(2 * shared) / Double(total)
  }

  static let spanListHint =
    "write 'start end' character spans separated by ';' (e.g. '0 5;10 12'): integers, start <= end; "
    + "an empty cell has no span"

  /// The largest position a span may end at: 4 GiB of text, and small enough that pooled counts cannot overflow.
  static let lastPosition = 1 << 32

  /// The positions a span list covers, as sorted, disjoint, non-touching ranges.
  static func positions(of text: String) throws(ListFormatError) -> [Range<Int>] {
    var spans: [Range<Int>] = []
    for segment in try segments(of: text) {
      for piece in segment.split(separator: ";") where !Tokens.split(String(piece)).isEmpty {
        spans.append(try span(String(piece)))
      }
    }
    spans.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int>] = []
    for span in spans where !span.isEmpty {
      if let last = merged.last, span.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
      } else {
        merged.append(span)
      }
    }
    return merged
  }

  private static func span(_ piece: String) throws(ListFormatError) -> Range<Int> {
    let parts = Tokens.split(piece).map { String(decoding: $0, as: UTF8.self) }
    guard parts.count == 2 else {
      throw ListFormatError(message: "\(Excerpt.quoted(piece)) is not one 'start end' pair")
    }
    guard let start = Int(parts[0]), let end = Int(parts[1]), start >= 0, end >= start else {
      throw ListFormatError(message: "\(Excerpt.quoted(piece)) needs integers 0 <= start <= end")
    }
    guard end <= lastPosition else {
      throw ListFormatError(message: "span \(Excerpt.quoted(piece)) ends beyond position 2^32 = \(lastPosition)")
    }
    return start..<end
  }

  /// The ';'-separated strings of a cell: the cell itself, or the items of a Python list of quoted strings.
  private static func segments(of text: String) throws(ListFormatError) -> [Substring] {
    var cell = Substring(text)
    while let first = cell.first, first.isWhitespace { cell.removeFirst() }
    while let last = cell.last, last.isWhitespace { cell.removeLast() }
    guard cell.hasPrefix("["), cell.hasSuffix("]"), cell.count >= 2 else { return [cell] }
    var items: [Substring] = []
    var rest = cell.dropFirst().dropLast()
    while true {
      rest = rest.drop { $0.isWhitespace }
      guard let quote = rest.first else { break }
      guard quote == "'" || quote == "\"", let close = rest.dropFirst().firstIndex(of: quote) else {
        throw ListFormatError(message: "\(Excerpt.quoted(cell)) is not a list of quoted 'start end' strings")
      }
      items.append(rest[rest.index(after: rest.startIndex)..<close])
      rest = rest[rest.index(after: close)...].drop { $0.isWhitespace }
      guard let separator = rest.first else { break }
      guard separator == "," else {
        throw ListFormatError(message: "\(Excerpt.quoted(cell)) is not a list of quoted 'start end' strings")
      }
      rest = rest.dropFirst()
    }
    return items
  }
}
