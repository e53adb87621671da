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
  private(set) var submittedRows = 0
  private var index: IDIndex?

  init(key: AnswerKey) {
    self.key = key
    self.index = key.index
    switch key.metric.input {
    case .numbers(let domain), .binaryScores(let domain): self.domain = domain
    case .classProbabilities: self.domain = .nonNegative
    case .labels, .text: self.domain = .anyFinite
    }
  }

  /// Reads the whole submission; returns the predictions and, for text metrics, the line of each answer
  /// row's prediction (so a metric's complaint about a row can name its line).
  mutating func read(_ source: ByteSource, sizeCap: Int) throws(ScoringFailure) -> (Predictions, [Int32]?) {
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
      let duplicate: PredictionSink.Duplicate?
      do {
        duplicate = try sink.store(reader, columns: columns, at: answerRow)
      } catch let failure {
        // A cell error on this row comes after any duplicate among the rows still pending before it.
        try throwDuplicate(sink.flush(), source, columns)
        throw failure
      }
      try throwDuplicate(duplicate, source, columns)
      row += 1
    }
    try throwDuplicate(sink.flush(), source, columns)
    submittedRows = row
    if row < key.rowCount, let missing = sink.firstUnfilledRow() {
      throw .submission(.missingIDs(count: key.rowCount - row, example: key.ids.text(missing)))
    }
    return (sink.predictions, sink.lineOfRow)
  }

  private func throwDuplicate(
    _ duplicate: PredictionSink.Duplicate?, _ source: ByteSource, _ columns: SubmissionColumns
  ) throws(ScoringFailure) {
    guard let duplicate else { return }
    let id = key.ids.text(duplicate.answerRow)
    let first = Self.firstLine(of: id, in: source, idPosition: columns.idPosition)
    throw .submission(.duplicateID(id: id, row: duplicate.line, firstRow: first))
  }

  /// The line on which `id` first appears, found by reading the file again: only on the error path,
  /// so the hot loop keeps no per-row line numbers. Nil for standard input, which cannot be read twice.
  private static func firstLine(of id: String, in source: ByteSource, idPosition: Int) -> Int? {
    if case .standardInput = source { return nil }
    guard var reader = try? CSVReader(source), (try? reader.nextRecord()) == true else { return nil }
    while (try? reader.nextRecord()) == true {
      if reader.fieldCount > idPosition && reader.string(idPosition) == id { return reader.line }
    }
    return nil
  }

  private static func nextRecord(_ reader: inout CSVReader, _ source: ByteSource) throws(ScoringFailure) -> Bool {
    do { return try reader.nextRecord() } catch { throw ScoringFailure(error, source) }
  }

  /// The answer row of a submission id: the same position when the files share their order (no
  /// hashing at all), a subtraction for consecutive integer ids, else a lookup in the id index.
  @inline(__always)
  private mutating func answerRow(for id: UnsafeBufferPointer<UInt8>, at row: Int, line: Int) throws(ScoringFailure)
    -> Int
  {
    if row < key.rowCount && key.ids.matches(row, id) { return row }
    guard let found = lookUp(id) else {
      throw .submission(.unknownID(id: String(decoding: id, as: UTF8.self), row: line))
    }
    return found
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
///
/// Whether a row has its prediction yet is read from the prediction itself (NaN, code -1), so checking for
/// a duplicate id touches the memory that storing the value needs anyway. Numbers are placed in batches:
/// in a shuffled file every placement is a cache miss, and a batch lets the processor wait for many at once.
struct PredictionSink {
  /// A second prediction for an answer row, found on `line`.
  struct Duplicate {
    let answerRow: Int
    let line: Int
  }

  private static let batchSize = 256
  private let input: MetricInput
  private let domain: PredictionDomain
  private let targetColumns: [String]
  private var numbers: [[Double]] = []
  private var codes: [Int32] = []
  private var labels: LabelTable
  private var texts: [String] = []
  /// Line of each answer row's prediction (0 = none yet); kept for text metrics only, which are small.
  private(set) var lineOfRow: [Int32]?
  /// Parsed numeric rows not placed yet: answer row, line, then one value per column.
  private var pendingRows: [(row: Int, line: Int)] = []
  private var pendingValues: [Double] = []

  init(key: AnswerKey, domain: PredictionDomain) {
    input = key.metric.input
    self.domain = domain
    targetColumns = key.targetColumns
    labels = key.labels
    let rows = key.rowCount
    switch input {
    case .numbers, .binaryScores, .classProbabilities:
      numbers = Array(repeating: [Double](repeating: .nan, count: rows), count: key.targetColumns.count)
      pendingRows.reserveCapacity(Self.batchSize)
      pendingValues.reserveCapacity(Self.batchSize * targetColumns.count)
    case .labels: codes = [Int32](repeating: -1, count: rows)
    case .text:
      texts = [String](repeating: "", count: rows)
      lineOfRow = [Int32](repeating: 0, count: rows)
    }
  }

  var predictions: Predictions {
    switch input {
    case .numbers, .binaryScores, .classProbabilities: return .numbers(numbers)
    case .labels: return .labels(codes, labels)
    case .text: return .text(texts)
    }
  }

  func firstUnfilledRow() -> Int? {
    switch input {
    case .numbers, .binaryScores, .classProbabilities: return numbers[0].firstIndex { $0.isNaN }
    case .labels: return codes.firstIndex { $0 < 0 }
    case .text: return lineOfRow?.firstIndex(of: 0)
    }
  }

  /// Parses the row's target cells for answer row `row`. Labels and text are placed at once; numbers wait
  /// for their batch (call `flush()` after the last row).
  /// - Returns: a row that repeats an answer row already predicted, if one was found.
  @inline(__always)
  mutating func store(_ reader: borrowing CSVReader, columns: SubmissionColumns, at row: Int) throws(ScoringFailure)
    -> Duplicate?
  {
    switch input {
    case .numbers, .binaryScores, .classProbabilities:
      for (column, position) in columns.targetPositions.enumerated() {
        pendingValues.append(try number(reader, position, column: column))
      }
      pendingRows.append((row, reader.line))
      return pendingRows.count == Self.batchSize ? flush() : nil
    case .labels:
      if codes[row] >= 0 { return Duplicate(answerRow: row, line: reader.line) }
      codes[row] = labels.code(for: reader.field(columns.targetPositions[0]))
    case .text:
      if lineOfRow?[row] != 0 { return Duplicate(answerRow: row, line: reader.line) }
      texts[row] = reader.string(columns.targetPositions[0])
      lineOfRow?[row] = Int32(truncatingIfNeeded: reader.line)
    }
    return nil
  }

  /// Places the pending numeric rows; returns the first row whose answer row already had a prediction.
  mutating func flush() -> Duplicate? {
    guard !pendingRows.isEmpty else { return nil }  // always so for labels and text
    defer {
      pendingRows.removeAll(keepingCapacity: true)
      pendingValues.removeAll(keepingCapacity: true)
    }
    let width = targetColumns.count
    var placed = pendingRows.count
    var duplicate: Duplicate?
    // Column 0 doubles as the "already predicted" flag (NaN = not yet), so it is checked while it is written.
    numbers[0].withUnsafeMutableBufferPointer { first in
      for (index, pending) in pendingRows.enumerated() {
        guard first[pending.row].isNaN else {
          duplicate = Duplicate(answerRow: pending.row, line: pending.line)
          placed = index
          return
        }
        first[pending.row] = pendingValues[index * width]
      }
    }
    for column in 1..<width {
      numbers[column].withUnsafeMutableBufferPointer { target in
        for index in 0..<placed { target[pendingRows[index].row] = pendingValues[index * width + column] }
      }
    }
    return duplicate
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
