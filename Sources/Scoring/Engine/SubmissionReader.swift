/// A submission's predictions, placed at the answer row of their id.
enum Predictions {
  case numbers([[Double]])
  case labels([Int32], LabelTable)
  case text([String])
}

/// Reads a submission against an answer key: checks the header, every id and every value, and
/// places each prediction at its answer row. The first problem found is thrown.
struct SubmissionReader {
  private let key: AnswerKey
  private let domain: PredictionDomain
  /// Submission line of each answer row's prediction (0 = not seen yet); names duplicates and bad rows.
  private(set) var lineOfRow: [Int32]
  private(set) var submittedRows = 0
  private var index: IDIndex?

  init(key: AnswerKey) {
    self.key = key
    self.index = key.index
    lineOfRow = [Int32](repeating: 0, count: key.rowCount)
    switch key.metric.input {
    case .numbers(let domain), .binaryScores(let domain): self.domain = domain
    case .classProbabilities: self.domain = .nonNegative
    case .labels, .text: self.domain = .anyFinite
    }
  }

  mutating func read(_ source: ByteSource, sizeCap: Int) throws(ScoringFailure) -> Predictions {
    var reader: CSVReader
    do { reader = try CSVReader(source, sizeCap: sizeCap) } catch { throw ScoringFailure(error, source) }
    guard try Self.nextRecord(&reader, source) else { throw .submission(.emptyFile) }
    let columns = try SubmissionColumns(header: reader.strings(), key: key)
    var sink = PredictionSink(key: key, domain: domain)
    var row = 0
    while true {
      guard try Self.nextRecord(&reader, source) else { break }
      guard reader.fieldCount == columns.count else {
        throw .submission(.raggedRow(row: reader.line, expected: columns.count, found: reader.fieldCount))
      }
      let answerRow = try answerRow(for: reader.field(columns.idPosition), at: row, line: reader.line)
      try sink.store(reader, columns: columns, at: answerRow)
      row += 1
    }
    submittedRows = row
    if row < key.rowCount, let missing = lineOfRow.firstIndex(of: 0) {
      throw .submission(.missingIDs(count: key.rowCount - row, example: key.ids.text(missing)))
    }
    return sink.predictions
  }

  private static func nextRecord(_ reader: inout CSVReader, _ source: ByteSource) throws(ScoringFailure) -> Bool {
    do { return try reader.nextRecord() } catch { throw ScoringFailure(error, source) }
  }

  /// The answer row of a submission id: the same position when the files share their order (no
  /// hashing at all), else a lookup in the id index, built on the first id out of place.
  @inline(__always)
  private mutating func answerRow(for id: UnsafeBufferPointer<UInt8>, at row: Int, line: Int) throws(ScoringFailure)
    -> Int
  {
    var answerRow = row
    if row >= key.rowCount || !key.ids.matches(row, id) {
      guard let found = lookUp(id) else {
        throw .submission(.unknownID(id: String(decoding: id, as: UTF8.self), row: line))
      }
      answerRow = found
    }
    let firstLine = lineOfRow[answerRow]
    guard firstLine == 0 else {
      throw .submission(.duplicateID(id: key.ids.text(answerRow), row: line, firstRow: Int(firstLine)))
    }
    lineOfRow[answerRow] = Int32(truncatingIfNeeded: line)
    return answerRow
  }

  private mutating func lookUp(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    if let first = key.consecutiveStart {
      guard let value = IDColumn.canonicalInteger(id), value >= first, value - first < key.rowCount else { return nil }
      return Int(value - first)
    }
    if index == nil { index = Self.buildIndex(key.ids) }
    return index?.row(of: id, in: key.ids)
  }

  private static func buildIndex(_ ids: IDColumn) -> IDIndex? {
    // The answer key rejected duplicate ids already, so building cannot fail here.
    try? IDIndex.build(ids).get()
  }
}

/// Where the id and each target column sit in a submission's header.
struct SubmissionColumns {
  let count: Int
  let idPosition: Int
  /// `targetPositions[k]` is the header position of the key's target column `k`.
  let targetPositions: [Int]

  init(header: [String], key: AnswerKey) throws(ScoringFailure) {
    if header.count == 1, let delimiter = Self.likelyDelimiter(header[0]) {
      throw .submission(.wrongDelimiter(delimiter))
    }
    if let repeated = header.firstDuplicate() { throw .submission(.duplicateColumn(repeated)) }
    guard let idPosition = header.firstIndex(of: key.idColumn) else {
      throw .submission(.missingColumn(key.idColumn))
    }
    var targetPositions: [Int] = []
    for target in key.targetColumns {
      guard let position = header.firstIndex(of: target) else { throw .submission(.missingColumn(target)) }
      targetPositions.append(position)
    }
    if let extra = header.first(where: { $0 != key.idColumn && !key.targetColumns.contains($0) }) {
      throw .submission(.extraColumn(extra))
    }
    count = header.count
    self.idPosition = idPosition
    self.targetPositions = targetPositions
  }

  private static func likelyDelimiter(_ header: String) -> Character? {
    [";", "\t", "|"].first { header.contains($0) }
  }
}

/// Turns the target cells of each row into typed predictions at the row's answer position.
struct PredictionSink {
  private let input: MetricInput
  private let domain: PredictionDomain
  private let targetColumns: [String]
  private var numbers: [[Double]] = []
  private var codes: [Int32] = []
  private var labels: LabelTable
  private var texts: [String] = []

  init(key: AnswerKey, domain: PredictionDomain) {
    input = key.metric.input
    self.domain = domain
    targetColumns = key.targetColumns
    labels = key.labels
    let rows = key.rowCount
    switch input {
    case .numbers, .binaryScores, .classProbabilities:
      numbers = Array(repeating: [Double](repeating: .nan, count: rows), count: key.targetColumns.count)
    case .labels: codes = [Int32](repeating: -1, count: rows)
    case .text: texts = [String](repeating: "", count: rows)
    }
  }

  var predictions: Predictions {
    switch input {
    case .numbers, .binaryScores, .classProbabilities: return .numbers(numbers)
    case .labels: return .labels(codes, labels)
    case .text: return .text(texts)
    }
  }

  @inline(__always)
  mutating func store(_ reader: borrowing CSVReader, columns: SubmissionColumns, at row: Int) throws(ScoringFailure) {
    switch input {
    case .numbers, .binaryScores, .classProbabilities:
      for (column, position) in columns.targetPositions.enumerated() {
        numbers[column][row] = try number(reader, position, column: column)
      }
    case .labels: codes[row] = labels.code(for: reader.field(columns.targetPositions[0]))
    case .text: texts[row] = reader.string(columns.targetPositions[0])
    }
  }

  @inline(__always)
  private func number(_ reader: borrowing CSVReader, _ position: Int, column: Int) throws(ScoringFailure) -> Double {
    let cell = reader.field(position)
    switch NumberParser.parse(cell) {
    case .value(let value):
      guard domain.contains(value) else {
        throw .submission(
          .outOfRange(row: reader.line, column: targetColumns[column], value: text(cell), requirement: domain.requirement))
      }
      return value
    case .empty: throw .submission(.missingValue(row: reader.line, column: targetColumns[column]))
    case .notANumber: throw .submission(.notANumber(row: reader.line, column: targetColumns[column], value: text(cell)))
    case .nonFinite: throw .submission(.nonFinite(row: reader.line, column: targetColumns[column], value: text(cell)))
    case .overflow: throw .submission(.overflow(row: reader.line, column: targetColumns[column], value: text(cell)))
    }
  }

  private func text(_ cell: UnsafeBufferPointer<UInt8>) -> String {
    let shown = String(decoding: cell.prefix(60), as: UTF8.self)
    return cell.count > 60 ? shown + "…" : shown
  }
}
