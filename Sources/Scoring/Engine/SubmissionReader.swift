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
  /// Overrides the size from which numeric files are read in two halves (tests set it to 0).
  var parallelThreshold: Int?

  init(key: AnswerKey) {
    self.key = key
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
    switch key.metric.input {
    case .numbers, .binaryScores, .classProbabilities:
      var numeric = NumericSubmission(key: key, columns: columns, domain: domain)
      if let parallelThreshold { numeric.parallelThreshold = parallelThreshold }
      let (values, rows) = try numeric.read(&reader, source, sizeCap: sizeCap)
      submittedRows = rows
      return (.numbers(values), nil)
    case .labels, .text:
      return try readCells(&reader, source, columns)
    }
  }

  /// Labels and text, one row at a time (these files are small: labels and strings, not millions of floats).
  private mutating func readCells(_ reader: inout CSVReader, _ source: ByteSource, _ columns: SubmissionColumns)
    throws(ScoringFailure) -> (Predictions, [Int32]?)
  {
    var sink = PredictionSink(key: key)
    var finder = RowFinder(key: key, mayBuildIndex: true)
    var row = 0
    while try Self.nextRecord(&reader, source) {
      let answerRow = try columns.answerRow(of: reader, finder: &finder)
      if let firstLine = try sink.store(reader, columns: columns, at: answerRow) {
        throw .submission(.duplicateID(id: key.ids.text(answerRow), row: reader.line, firstRow: firstLine))
      }
      row += 1
    }
    submittedRows = row
    if row < key.rowCount, let missing = sink.firstUnfilledRow() {
      throw .submission(.missingIDs(count: key.rowCount - row, example: key.ids.text(missing)))
    }
    return (sink.predictions, sink.lineOfRow)
  }

  /// The line on which `id` first appears, found by reading the file again: only on the error path,
  /// so the hot loop keeps no per-row line numbers. Nil for standard input, which cannot be read twice.
  static func firstLine(of id: String, in source: ByteSource, idPosition: Int) -> Int? {
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
}

/// Where the id and each target column sit in a submission's header.
struct SubmissionColumns: Sendable {
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

  /// The answer row of the current record's id, once the record has one field per header column.
  @inline(__always)
  func answerRow(of reader: borrowing CSVReader, finder: inout RowFinder) throws(ScoringFailure) -> Int {
    guard reader.fieldCount == count else {
      throw .submission(.raggedRow(row: reader.line, expected: count, found: reader.fieldCount))
    }
    let id = reader.field(idPosition)
    switch finder.row(of: id) {
    case .found(let row): return row
    case .notFound: throw .submission(.unknownID(id: String(decoding: id, as: UTF8.self), row: reader.line))
    case .needsIndex: throw .harness(.internalError("a reader running in parallel needed an id index"))
    }
  }

  private static func likelyDelimiter(_ header: String) -> Character? {
    [";", "\t", "|"].first { header.contains($0) }
  }
}

/// Places label and text predictions at their answer rows, remembering each row's line.
struct PredictionSink {
  private let input: MetricInput
  private var codes: [Int32] = []
  private let labels: LabelTable
  private let matcher: LabelMatcher
  private let column: String
  private var texts: [String] = []
  /// Line of each answer row's prediction (0 = none yet).
  private(set) var lineOfRow: [Int32]

  init(key: AnswerKey) {
    input = key.metric.input
    labels = key.labels
    matcher = LabelMatcher(key.labels)
    column = key.targetColumns.first ?? ""
    lineOfRow = [Int32](repeating: 0, count: key.rowCount)
    if input == .labels {
      codes = [Int32](repeating: -1, count: key.rowCount)
    } else {
      texts = Array(repeating: "", count: key.rowCount)
    }
  }

  var predictions: Predictions { input == .labels ? .labels(codes, labels) : .text(texts) }

  func firstUnfilledRow() -> Int? { lineOfRow.firstIndex(of: 0) }

  /// Stores the row's prediction; returns the line of an earlier prediction for the same row instead.
  /// - Throws: `unknown_label` (or `missing_value` for an empty cell) when a label cell means none of the
  ///   answers' labels.
  mutating func store(_ reader: borrowing CSVReader, columns: SubmissionColumns, at row: Int) throws(ScoringFailure)
    -> Int?
  {
    guard lineOfRow[row] == 0 else { return Int(lineOfRow[row]) }
    let cell = reader.field(columns.targetPositions[0])
    if input == .labels {
      guard let code = matcher.code(for: cell) else { throw unknownLabel(reader, cell) }
      codes[row] = code
    } else {
      texts[row] = String(decoding: cell, as: UTF8.self)
    }
    lineOfRow[row] = Int32(truncatingIfNeeded: reader.line)
    return nil
  }

  private func unknownLabel(_ reader: borrowing CSVReader, _ cell: UnsafeBufferPointer<UInt8>) -> ScoringFailure {
    let value = String(decoding: cell, as: UTF8.self)
    if value.allSatisfy({ $0 == " " || $0 == "\t" }) {
      return .submission(.missingValue(row: reader.line, column: column))
    }
    return .submission(.unknownLabel(row: reader.line, column: column, value: value, expected: labels.names))
  }
}
