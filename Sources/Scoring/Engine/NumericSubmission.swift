/// Reads the numeric cells of a submission into one column per target, in answer order.
///
/// A large file is read in two halves on two threads (`FileHalves`). Any failure, or any row left without
/// a prediction, sends the file through the sequential reader, so a bad file's report never depends on
/// the split.
struct NumericSubmission {
  let key: AnswerKey
  let columns: SubmissionColumns
  let domain: PredictionDomain
  /// Files from this size on are read in two halves in parallel.
  var parallelThreshold = FileHalves.defaultThreshold

  /// The predictions and the number of rows submitted; the first problem of the file is thrown.
  /// - Parameter reader: the reader that read the header; the sequential path goes on with it.
  func read(_ reader: inout CSVReader, _ source: ByteSource, sizeCap: Int) throws(ScoringFailure)
    -> (columns: [[Double]], rows: Int)
  {
    if let parallel = readInParallel(source, sizeCap: sizeCap) { return parallel }
    var outcome: Result<Int, ScoringFailure> = .success(0)
    let values = Self.withColumns(key.targetColumns.count, rows: key.rowCount) { buffers in
      var finder = RowFinder(key: key, mayBuildIndex: true)
      outcome = Result { () throws(ScoringFailure) in try placeRecords(&reader, source, into: buffers, finder: &finder) }
    }
    let rows = try outcome.get()
    if rows < key.rowCount, let missing = values[0].firstIndex(where: \.isNaN) {
      throw .submission(.missingIDs(count: key.rowCount - rows, example: key.ids.text(missing)))
    }
    return (values, rows)
  }

  // MARK: - Two halves in parallel

  private func readInParallel(_ source: ByteSource, sizeCap: Int) -> (columns: [[Double]], rows: Int)? {
    guard let halves = FileHalves.split(source, threshold: parallelThreshold, sizeCap: sizeCap) else { return nil }
    var rowCounts: (Int, Int)?
    let values = Self.withColumns(key.targetColumns.count, rows: key.rowCount) { buffers in
      let target = SharedColumns(buffers: buffers)
      rowCounts = FileHalves.read(halves) { range in
        var finder = RowFinder(key: key, mayBuildIndex: false)
        return try? place(source, range: range, sizeCap: sizeCap, into: target.buffers, finder: &finder).get()
      }
    }
    guard let (first, second) = rowCounts, first + second == key.rowCount, !values[0].contains(where: \.isNaN) else {
      return nil
    }
    return (values, first + second)
  }

  // MARK: - Reading one range

  /// Reads the records of one half of the file and places their values; returns the row count.
  /// The first half begins with the header, which is skipped.
  private func place(
    _ source: ByteSource, range: Range<Int>, sizeCap: Int, into buffers: [UnsafeMutableBufferPointer<Double>],
    finder: inout RowFinder
  ) -> Result<Int, ScoringFailure> {
    Result { () throws(ScoringFailure) in
      var reader = try Self.openReader(source, sizeCap: sizeCap, range: range)
      if range.lowerBound == 0 { _ = try Self.nextRecord(&reader, source) }
      return try placeRecords(&reader, source, into: buffers, finder: &finder)
    }
  }

  private static func openReader(_ source: ByteSource, sizeCap: Int, range: Range<Int>) throws(ScoringFailure)
    -> CSVReader
  {
    do { return try CSVReader(source, sizeCap: sizeCap, range: range) } catch { throw ScoringFailure(error, source) }
  }

  /// Reads the remaining records and places their values; returns the row count.
  private func placeRecords(
    _ reader: inout CSVReader, _ source: ByteSource, into buffers: [UnsafeMutableBufferPointer<Double>],
    finder: inout RowFinder
  ) throws(ScoringFailure) -> Int {
    var batch = PlacementBatch(columns: columns, names: key.targetColumns, domain: domain)
    var rows = 0
    while try Self.nextRecord(&reader, source) {
      do {
        try batch.add(reader, at: columns.answerRow(of: reader, finder: &finder))
      } catch {
        // A problem on this row comes after any duplicate among the rows still pending before it.
        try throwDuplicate(batch.place(into: buffers), source)
        throw error
      }
      if batch.isFull { try throwDuplicate(batch.place(into: buffers), source) }
      rows += 1
    }
    try throwDuplicate(batch.place(into: buffers), source)
    return rows
  }

  private func throwDuplicate(_ duplicate: PlacementBatch.Duplicate?, _ source: ByteSource) throws(ScoringFailure) {
    guard let duplicate else { return }
    let id = key.ids.text(duplicate.answerRow)
    let first = SubmissionReader.firstLine(of: id, in: source, idPosition: columns.idPosition)
    throw .submission(.duplicateID(id: id, row: duplicate.line, firstRow: first))
  }

  private static func nextRecord(_ reader: inout CSVReader, _ source: ByteSource) throws(ScoringFailure) -> Bool {
    do { return try reader.nextRecord() } catch { throw ScoringFailure(error, source) }
  }

  /// Builds `count` arrays of `rows` NaNs and lets `body` fill them through buffer pointers, with no copy.
  private static func withColumns(
    _ count: Int, rows: Int, _ body: ([UnsafeMutableBufferPointer<Double>]) -> Void
  ) -> [[Double]] {
    guard count > 0 else {
      body([])
      return []
    }
    var rest: [[Double]] = []
    let first = [Double](unsafeUninitializedCapacity: rows) { buffer, initialized in
      buffer.initialize(repeating: .nan)
      initialized = rows
      rest = withColumns(count - 1, rows: rows) { others in body([buffer] + others) }
    }
    return [first] + rest
  }
}

/// Parsed rows waiting to be placed. In a shuffled file every placement is a cache miss; placing a batch
/// at once lets the processor wait for many misses together instead of one after another. Its buffers are
/// allocated once, so adding a row is a few stores (no array growth or uniqueness checks).
struct PlacementBatch: ~Copyable {
  /// A second prediction for an answer row, found on `line`.
  struct Duplicate {
    let answerRow: Int
    let line: Int
  }

  private static let capacity = 256
  private let columns: SubmissionColumns
  private let names: [String]
  private let domain: PredictionDomain
  private let width: Int
  private var count = 0
  private let answerRows: UnsafeMutablePointer<Int>
  private let lines: UnsafeMutablePointer<Int>
  /// Row by row: `values[index * width + column]`.
  private let values: UnsafeMutablePointer<Double>

  /// - Parameter names: the target columns' names, for messages.
  init(columns: SubmissionColumns, names: [String], domain: PredictionDomain) {
    self.columns = columns
    self.names = names
    self.domain = domain
    width = names.count
    answerRows = .allocate(capacity: Self.capacity)
    lines = .allocate(capacity: Self.capacity)
    values = .allocate(capacity: Self.capacity * max(names.count, 1))
  }

  deinit {
    answerRows.deallocate()
    lines.deallocate()
    values.deallocate()
  }

  var isFull: Bool { count == Self.capacity }

  /// Parses the record's target cells for answer row `row`.
  @inline(__always)
  mutating func add(_ reader: borrowing CSVReader, at row: Int) throws(ScoringFailure) {
    let slot = values + count * width
    for (column, position) in columns.targetPositions.enumerated() {
      slot[column] = try NumericCell.parse(reader, position, column: column, names: names, domain: domain)
    }
    answerRows[count] = row
    lines[count] = reader.line
    count += 1
  }

  /// Writes the pending values; returns the first row whose answer row already had a prediction.
  /// Column 0 doubles as the "already predicted" flag (NaN = not yet), checked as it is written.
  mutating func place(into buffers: [UnsafeMutableBufferPointer<Double>]) -> Duplicate? {
    defer { count = 0 }
    var placed = count
    var duplicate: Duplicate?
    let first = buffers[0]
    for index in 0..<count {
      let answerRow = answerRows[index]
      guard first[answerRow].isNaN else {
        duplicate = Duplicate(answerRow: answerRow, line: lines[index])
        placed = index
        break
      }
      first[answerRow] = values[index * width]
    }
    for column in buffers.indices.dropFirst() {
      for index in 0..<placed { buffers[column][answerRows[index]] = values[index * width + column] }
    }
    return duplicate
  }
}

/// One numeric cell checked against the metric's domain, with the typed error for each way it can fail.
enum NumericCell {
  @inline(__always)
  /// - Parameter column: the target column's index in `names`; only an error needs its name.
  static func parse(
    _ reader: borrowing CSVReader, _ position: Int, column index: Int, names: [String], domain: PredictionDomain
  ) throws(ScoringFailure) -> Double {
    let cell = reader.field(position)
    var column: String { names[index] }
    switch NumberParser.parse(padded: cell) {
    case .value(let value):
      guard domain.contains(value) else {
        throw .submission(.outOfRange(row: reader.line, column: column, value: text(cell), requirement: domain.requirement))
      }
      return value
    case .empty: throw .submission(.missingValue(row: reader.line, column: column))
    case .notANumber: throw .submission(.notANumber(row: reader.line, column: column, value: text(cell)))
    case .nonFinite: throw .submission(.nonFinite(row: reader.line, column: column, value: text(cell)))
    case .overflow: throw .submission(.overflow(row: reader.line, column: column, value: text(cell)))
    }
  }

  private static func text(_ cell: UnsafeBufferPointer<UInt8>) -> String {
    let shown = String(decoding: cell.prefix(60), as: UTF8.self)
    return cell.count > 60 ? shown + "…" : shown
  }
}

/// Buffers written by both halves at once. Sendable by hand: a valid file gives every answer row to one
/// half only, and when two halves do meet on a row (a duplicate id), the result is discarded and the
/// file read again sequentially.
private struct SharedColumns: @unchecked Sendable {
  let buffers: [UnsafeMutableBufferPointer<Double>]
}
