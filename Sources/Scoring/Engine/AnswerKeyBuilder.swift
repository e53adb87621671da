/// Collects the answers row by row into the compact form an `AnswerKey` keeps.
struct AnswerKeyBuilder: Sendable {
  /// Where each target value of the answers is read from, and as what.
  private enum Layout: Sendable {
    case numbers(positions: [Int], targets: [String], binary: Bool)
    /// A single label column naming the submission's probability columns; `classes` nil = all labels seen.
    case classLabel(position: Int, classes: [String]?)
    case labels(position: Int, target: String)
    case text(position: Int, target: String)
  }

  private let header: AnswerHeader
  private let metric: Metric
  private let idName: String
  private let idPosition: Int
  private let usagePosition: Int?
  private let layout: Layout
  private let fieldCount: Int
  /// `layout`'s numeric target positions (empty for the other layouts), kept apart so that the row loop
  /// reads them directly; the target names in `layout` are needed only for messages.
  private let numberPositions: [Int]
  private let readsNumbers: Bool
  private let binaryTargets: Bool
  private var ids = IDColumn()
  private var usage: [Usage] = []
  /// Numeric targets row by row (row * columns + column); split into columns when the key is finished.
  private var numbers: [Double] = []
  private var codes: [Int32] = []
  private var texts: [String] = []
  private var labels = LabelTable()
  /// The answer-only columns the metric's parameters name, read beside the targets (empty for most metrics).
  private var extraColumns: ExtraColumns

  /// - Parameter answerColumns: answer-only columns to read besides the targets (`Metric.answerColumns`).
  init(
    header: AnswerHeader, metric: Metric, idColumn: String?, targetColumns: [String]?,
    answerColumns: [AnswerColumnRequest] = []
  ) throws(HarnessError) {
    let names = header.names
    if let repeated = names.firstDuplicate() { throw .invalidAnswers("the column '\(repeated)' appears twice") }
    let idName = idColumn ?? (names.contains("id") ? "id" : names[0])
    guard let idPosition = header.position(of: idName) else {
      throw .invalidAnswers("no id column '\(idName)' (columns: \(names.joined(separator: ", ")))")
    }
    self.header = header
    self.metric = metric
    self.idName = idName
    self.idPosition = idPosition
    let usagePosition = header.usagePosition.flatMap { $0 == idPosition ? nil : $0 }
    self.usagePosition = usagePosition
    extraColumns = try ExtraColumns(answerColumns, header: header, metric: metric)
    // A column named by a parameter is not a target, unless the submission must have it too.
    let answerOnly = Set(answerColumns.map(\.column)).subtracting(targetColumns ?? [])
    let answerTargets = names.indices.filter { $0 != idPosition && $0 != usagePosition && !answerOnly.contains(names[$0]) }
      .map { names[$0] }
    guard !answerTargets.isEmpty else { throw .invalidAnswers("there is no target column besides '\(idName)'") }
    layout = try Self.layout(for: metric, header: header, answerTargets: answerTargets, expected: targetColumns)
    fieldCount = names.count
    if case .numbers(let positions, _, let binary) = layout {
      (numberPositions, readsNumbers, binaryTargets) = (positions, true, binary)
    } else {
      (numberPositions, readsNumbers, binaryTargets) = ([], false, false)
    }
  }

  private static func layout(
    for metric: Metric, header: AnswerHeader, answerTargets: [String], expected: [String]?
  ) throws(HarnessError) -> Layout {
    switch metric.input {
    case .numbers, .binaryScores:
      let targets = try matching(answerTargets, expected: expected ?? answerTargets)
      let binary = if case .binaryScores = metric.input { true } else { false }
      return .numbers(positions: targets.compactMap(header.position), targets: targets, binary: binary)
    case .classProbabilities:
      if let expected, Set(expected) == Set(answerTargets) {
        return .numbers(positions: expected.compactMap(header.position), targets: expected, binary: false)
      }
      if answerTargets.count == 1, let position = header.position(of: answerTargets[0]) {
        return .classLabel(position: position, classes: expected)
      }
      let targets = try matching(answerTargets, expected: expected ?? answerTargets)
      return .numbers(positions: targets.compactMap(header.position), targets: targets, binary: false)
    case .labels, .text:
      let targets = try matching(answerTargets, expected: expected ?? answerTargets)
      guard targets.count == 1, let position = header.position(of: targets[0]) else {
        throw .invalidAnswers("metric '\(metric.name)' scores one target column, the answers have \(targets.count)")
      }
      return metric.input == .labels
        ? .labels(position: position, target: targets[0]) : .text(position: position, target: targets[0])
    }
  }

  /// The expected columns, once every one of them is in the answers and the answers have no other.
  private static func matching(_ answerTargets: [String], expected: [String]) throws(HarnessError) -> [String] {
    if let missing = expected.first(where: { !answerTargets.contains($0) }) {
      throw .invalidAnswers("the answers have no column '\(missing)', which the submission must have")
    }
    if let extra = answerTargets.first(where: { !expected.contains($0) }) {
      throw .invalidAnswers("the answers have a column '\(extra)' that is not a submission column")
    }
    return expected
  }

  /// True when every target is a number, so rows of two halves of the file join by concatenation.
  var readsOnlyNumbers: Bool {
    if case .numbers = layout { return extraColumns.joinsByConcatenation }
    return false
  }

  /// Reserves room for about `rows` rows, so the arrays are allocated once rather than grown.
  mutating func reserveCapacity(rows: Int) {
    ids.reserveCapacity(rows)
    if usagePosition != nil { usage.reserveCapacity(rows) }
    if case .numbers(let positions, _, _) = layout { numbers.reserveCapacity(rows * positions.count) }
  }

  /// Appends the rows another builder (over the following part of the file) collected.
  mutating func append(_ other: AnswerKeyBuilder) {
    ids.append(contentsOf: other.ids)
    usage += other.usage
    numbers += other.numbers
    extraColumns.append(other.extraColumns)
  }

  // MARK: - Rows

  mutating func add(_ reader: borrowing CSVReader) throws(HarnessError) {
    guard reader.fieldCount == fieldCount else { throw Self.fieldCountError(reader.line, reader.fieldCount, fieldCount) }
    let id = reader.field(idPosition)
    guard id.count > 0 else { throw Self.emptyIDError(reader.line) }
    ids.append(id, padded: true)
    // The helpers are static: a method of `self` called from this mutating one copies all 280 bytes of it.
    if let usagePosition { usage.append(try Self.usage(reader.field(usagePosition), line: reader.line)) }
    if readsNumbers {
      for column in numberPositions.indices {
        let cell = reader.field(numberPositions[column])
        guard let value = Self.number(cell, binary: binaryTargets) else {
          throw numberError(cell, column, line: reader.line)
        }
        numbers.append(value)
      }
    } else {
      try addLabelOrText(reader)
    }
    if !extraColumns.isEmpty { try extraColumns.add(reader) }
  }

  private mutating func addLabelOrText(_ reader: borrowing CSVReader) throws(HarnessError) {
    switch layout {
    case .numbers: preconditionFailure("numeric rows are read by add")
    case .classLabel(let position, _), .labels(let position, _):
      codes.append(labels.code(for: reader.field(position)))
    case .text(let position, _):
      texts.append(reader.string(position))
    }
  }

  /// The Usage a padded cell names (`CSVReader.field`: at least `paddingBytes` readable bytes follow it).
  @inline(__always)
  static func usage(_ cell: UnsafeBufferPointer<UInt8>, line: Int) throws(HarnessError) -> Usage {
    if let usage = usageInOneLoad(cell) { return usage }
    return try usageByComparison(cell, line: line)
  }

  /// Public, Private or Ignored in any case, read in one 8-byte load of the padded cell; nil for anything
  /// else, which the comparison then reads.
  @inline(__always)
  static func usageInOneLoad(_ cell: UnsafeBufferPointer<UInt8>) -> Usage? {
    guard cell.count <= 8, let base = cell.baseAddress else { return nil }
    // Masked to the cell's length; ORing 0x20 into a byte lowercases an ASCII letter and makes no other
    // byte equal to one, as `equalsIgnoringASCIICase` does.
    let mask: UInt64 = cell.count == 8 ? ~0 : (1 << (8 * UInt64(cell.count))) - 1
    let loaded = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
    switch (loaded | 0x2020_2020_2020_2020) & mask {
    case UsageWords.private: return .privateOnly
    case UsageWords.public: return .publicOnly
    case UsageWords.ignored: return .ignored
    default: return nil
    }
  }

  /// The general reading of a Usage cell, any length.
  static func usageByComparison(_ cell: UnsafeBufferPointer<UInt8>, line: Int) throws(HarnessError) -> Usage {
    // One comparison per row: the length and first letter pick the only word the cell can be. Kaggle's older
    // solution files write PublicTest and PrivateTest.
    switch (cell.count, cell.first.map { $0 | 0x20 }) {
    case (7, UInt8(ascii: "p")): if cell.equalsIgnoringASCIICase("private") { return .privateOnly }
    case (6, UInt8(ascii: "p")): if cell.equalsIgnoringASCIICase("public") { return .publicOnly }
    case (11, UInt8(ascii: "p")): if cell.equalsIgnoringASCIICase("privatetest") { return .privateOnly }
    case (10, UInt8(ascii: "p")): if cell.equalsIgnoringASCIICase("publictest") { return .publicOnly }
    case (7, UInt8(ascii: "i")): if cell.equalsIgnoringASCIICase("ignored") { return .ignored }
    default: break
    }
    throw usageError(cell, line: line)
  }

  /// The target value in `cell`; nil when it is not a finite number, or not 0 or 1 for a binary metric.
  @inline(__always)
  private static func number(_ cell: UnsafeBufferPointer<UInt8>, binary: Bool) -> Double? {
    guard case .value(let value) = NumberParser.parse(padded: cell) else { return nil }
    return binary && value != 0 && value != 1 ? nil : value
  }

  // The messages are built out of line, so the row loop neither copies a column's name nor grows with them.

  @inline(never)
  private static func fieldCountError(_ line: Int, _ fields: Int, _ headerFields: Int) -> HarnessError {
    .invalidAnswers("row \(line) has \(fields) fields but the header has \(headerFields)")
  }

  @inline(never)
  private static func emptyIDError(_ line: Int) -> HarnessError {
    .invalidAnswers("row \(line): the id is empty")
  }

  @inline(never)
  private static func usageError(_ cell: UnsafeBufferPointer<UInt8>, line: Int) -> HarnessError {
    .invalidAnswers(
      "row \(line): Usage is '\(String(decoding: cell, as: UTF8.self))'; it must be Public, Private or Ignored (or PublicTest, PrivateTest)")
  }

  /// Why `number` refused the cell of numeric target `column`.
  @inline(never)
  private func numberError(_ cell: UnsafeBufferPointer<UInt8>, _ column: Int, line: Int) -> HarnessError {
    let place = "row \(line), column '\(targetName(column))'"
    guard case .value(let value) = NumberParser.parse(padded: cell) else {
      return .invalidAnswers("\(place): '\(String(decoding: cell, as: UTF8.self))' is not a finite number")
    }
    return .invalidAnswers("\(place): \(value) is not 0 or 1, which the metric needs")
  }

  private func targetName(_ column: Int) -> String {
    guard case .numbers(_, let targets, _) = layout else { preconditionFailure("only numeric targets have columns") }
    return targets[column]
  }

  // MARK: - Finishing

  consuming func finish() throws(HarnessError) -> AnswerKey {
    guard ids.count > 0 else { throw .invalidAnswers("there are no rows") }
    var index: IDIndex?
    if !ids.isStrictlyIncreasing() {
      switch IDIndex.build(ids) {
      case .success(let built): index = built
      case .failure(let duplicate):
        throw .invalidAnswers("the id '\(ids.text(duplicate.secondRow))' appears twice")
      }
    }
    let (truth, targets) = try truthValues()
    ids.storeConsecutiveCompactly()
    return AnswerKey(
      idColumn: idName, targetColumns: targets, metric: metric, hasUsage: usagePosition != nil, ids: ids,
      index: index, usage: usage, truth: truth, labels: labels, answerColumns: extraColumns.finished())
  }

  private func truthValues() throws(HarnessError) -> (TruthValues, [String]) {
    switch layout {
    case .numbers(_, let targets, _):
      guard targets.count > 1 else { return (.numbers([numbers]), targets) }
      let columns = targets.indices.map { column in stride(from: column, to: numbers.count, by: targets.count).map { numbers[$0] } }
      return (.numbers(columns), targets)
    case .labels(_, let target): return (.labels(codes), [target])
    case .text(_, let target): return (.text(texts), [target])
    case .classLabel(_, let given):
      let classes = given ?? labels.names.sorted()
      var classOfCode: [Int32] = []
      for name in labels.names {
        guard let position = classes.firstIndex(of: name) ?? Self.onlyColumn(endingWith: "_" + name, in: classes) else {
          throw .invalidAnswers("the label '\(name)' is not one of the submission's columns (\(classes.joined(separator: ", ")))")
        }
        classOfCode.append(Int32(position))
      }
      return (.classIndices(codes.map { classOfCode[Int($0)] }), classes)
    }
  }
}

/// The lowercase Usage words as little-endian 8-byte loads, the bytes past the word zero (literals, so
/// reading one is a constant rather than a lazily initialized global).
private enum UsageWords {
  static let `private`: UInt64 = 0x0065_7461_7669_7270  // "private"
  static let `public`: UInt64 = 0x0000_6369_6c62_7570  // "public"
  static let ignored: UInt64 = 0x0064_6572_6f6e_6769  // "ignored"
}

extension AnswerKeyBuilder {
  /// The one class column named `<prefix>_<label>`: answers labelled 0 and 1 for columns class_0 and class_1.
  fileprivate static func onlyColumn(endingWith suffix: String, in classes: [String]) -> Int? {
    let matching = classes.indices.filter { classes[$0].hasSuffix(suffix) }
    return matching.count == 1 ? matching[0] : nil
  }
}

extension Array where Element: Hashable {
  /// The first element that appears a second time, if any.
  func firstDuplicate() -> Element? {
    var seen = Set<Element>()
    return first { !seen.insert($0).inserted }
  }
}

/// The answer-only columns a metric's parameters name: numbers (weights) and groups, read row by row.
private struct ExtraColumns: Sendable {
  private struct Column: Sendable {
    let name: String
    let position: Int
    let reading: AnswerColumnRequest.Reading
    var numbers: [Double] = []
    var codes: [Int32] = []
    var groups = LabelTable()
  }

  private var columns: [Column] = []

  init(_ requests: [AnswerColumnRequest], header: AnswerHeader, metric: Metric) throws(HarnessError) {
    for request in requests where !columns.contains(where: { $0.name == request.column }) {
      guard let position = header.position(of: request.column) else {
        throw .invalidAnswers(
          "metric '\(metric.name)' reads the answer column '\(request.column)' (parameter \(request.parameter)), "
            + "which the answers do not have (columns: \(header.names.joined(separator: ", ")))")
      }
      columns.append(Column(name: request.column, position: position, reading: request.reading))
    }
  }

  var isEmpty: Bool { columns.isEmpty }

  /// Numbers of two halves of a file join by concatenation; group codes would need their tables merged.
  var joinsByConcatenation: Bool { columns.allSatisfy { $0.reading != .groups } }

  mutating func add(_ reader: borrowing CSVReader) throws(HarnessError) {
    for index in columns.indices {
      let position = columns[index].position
      switch columns[index].reading {
      case .numbers: columns[index].numbers.append(try Self.number(reader, position, columns[index].name))
      case .flags: columns[index].numbers.append(try Self.flag(reader, position, columns[index].name))
      case .groups: columns[index].codes.append(columns[index].groups.code(for: reader.field(position)))
      }
    }
  }

  mutating func append(_ other: ExtraColumns) {
    for index in columns.indices { columns[index].numbers += other.columns[index].numbers }
  }

  func finished() -> AnswerColumns {
    var numbers: [String: [Double]] = [:]
    var groups: [String: [Int32]] = [:]
    var names: [String: [String]] = [:]
    for column in columns {
      switch column.reading {
      case .numbers, .flags: numbers[column.name] = column.numbers
      case .groups:
        groups[column.name] = column.codes
        names[column.name] = column.groups.names
      }
    }
    return AnswerColumns(numbers: numbers, groups: groups, groupNames: names)
  }

  /// A finite number, or pandas' `True`/`False` as 1 and 0 (a holiday flag read as a weight).
  private static func number(_ reader: borrowing CSVReader, _ position: Int, _ column: String) throws(HarnessError)
    -> Double
  {
    let cell = reader.field(position)
    if case .value(let value) = NumberParser.parse(cell) { return value }
    if cell.equalsIgnoringASCIICase("true") { return 1 }
    if cell.equalsIgnoringASCIICase("false") { return 0 }
    throw .invalidAnswers("row \(reader.line), answer column '\(column)': '\(reader.string(position))' is not a finite number")
  }

  /// 1 for a member (>= 0.5, True), 0 otherwise; an empty cell is no member, as pandas' NaN >= 0.5 is false.
  private static func flag(_ reader: borrowing CSVReader, _ position: Int, _ column: String) throws(HarnessError)
    -> Double
  {
    if reader.field(position).isEmpty { return 0 }
    return try number(reader, position, column) >= 0.5 ? 1 : 0
  }
}
