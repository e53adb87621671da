/// Which score a row of the answers counts for, from the Kaggle-style `Usage` column.
enum Usage: UInt8, Sendable {
  case both, publicOnly, privateOnly, ignored
}

/// The answers' target values, read the way the metric needs them.
enum TruthValues: Sendable {
  /// One array per expected submission column.
  case numbers([[Double]])
  /// A label column naming one of the submission's probability columns, as that column's index.
  case classIndices([Int32])
  /// Interned labels (codes into the key's `LabelTable`).
  case labels([Int32])
  case text([String])
}

/// Interns label text to small integer codes, shared by the answers and every submission.
struct LabelTable: Sendable {
  private(set) var names: [String] = []
  private var codes: [String: Int32] = [:]

  mutating func code(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    let name = String(decoding: bytes, as: UTF8.self)
    if let code = codes[name] { return code }
    let code = Int32(names.count)
    codes[name] = code
    names.append(name)
    return code
  }
}

/// Parsed answers: ids, Usage, and the target values typed for one metric. Read once, scored many times.
public struct AnswerKey: Sendable {
  public let idColumn: String
  /// The target columns a submission must have besides the id, in the order metrics see them.
  public let targetColumns: [String]
  public let metric: Metric
  public var rowCount: Int { ids.count }
  /// True when the answers have a `Usage` column, so public and private scores differ.
  public let hasUsage: Bool
  /// Rows of the Public and Private sets; every row counts for both without a Usage column.
  public let publicRowCount: Int
  public let privateRowCount: Int

  let ids: IDColumn
  /// Present only when the ids are not strictly increasing; built while reading to reject duplicates.
  let index: IDIndex?
  /// The first id when the ids are consecutive integers: a submission id then finds its row by subtraction.
  let consecutiveStart: Int64?
  let usage: [Usage]
  let truth: TruthValues
  let labels: LabelTable
  /// The answer-only columns the metric's parameters name, every row of the answers.
  let answerColumns: AnswerColumns

  /// Reads and checks answers for `metric`.
  ///
  /// - Parameters:
  ///   - idColumn: the id column's name; default `id` when present, else the first column.
  ///   - targetColumns: the submission's target columns (from the manifest); default the answers' own.
  ///   - parameters: the metric's resolved parameters, which may name answer-only columns (weights, groups);
  ///     default the metric's defaults.
  /// - Throws: `HarnessError` for answers that cannot be read or do not fit the metric.
  public static func read(
    _ source: ByteSource, metric: Metric, parameters: MetricParameters? = nil, idColumn: String? = nil,
    targetColumns: [String]? = nil
  ) throws(HarnessError) -> AnswerKey {
    try read(
      source, metric: metric, parameters: parameters, idColumn: idColumn, targetColumns: targetColumns,
      parallelThreshold: nil)
  }

  /// - Parameter parallelThreshold: overrides the size from which numeric answers are read in two halves.
  static func read(
    _ source: ByteSource, metric: Metric, parameters: MetricParameters? = nil, idColumn: String?,
    targetColumns: [String]?, parallelThreshold: Int?
  ) throws(HarnessError) -> AnswerKey {
    var reader: CSVReader
    do { reader = try CSVReader(source) } catch { throw answersError(error, source) }
    guard try nextRecord(&reader, source) else { throw .invalidAnswers("the answers file is empty") }
    let header = AnswerHeader(names: reader.strings())
    // Without parameters, the defaults name the columns (a metric with a required one then has none to read).
    let resolved = parameters ?? (try? metric.resolve([:])) ?? MetricParameters()
    var builder = try AnswerKeyBuilder(
      header: header, metric: metric, idColumn: idColumn, targetColumns: targetColumns,
      answerColumns: metric.answerColumns(resolved))
    let threshold = parallelThreshold ?? FileHalves.defaultThreshold
    if builder.readsOnlyNumbers, let halves = FileHalves.split(source, threshold: threshold, sizeCap: .max),
      let combined = readInHalves(source, halves, empty: builder)
    {
      return try combined.finish()
    }
    if let size = source.size { builder.reserveCapacity(rows: FileHalves.estimatedLines(in: 0..<size, of: source)) }
    while try nextRecord(&reader, source) { try builder.add(reader) }
    return try builder.finish()
  }

  /// Reads both halves of a large numeric answers file at once and joins them; nil on any problem, which
  /// the sequential reader then reports with its exact line.
  private static func readInHalves(
    _ source: ByteSource, _ halves: (Range<Int>, Range<Int>), empty: AnswerKeyBuilder
  ) -> AnswerKeyBuilder? {
    let lines = (FileHalves.estimatedLines(in: halves.0, of: source), FileHalves.estimatedLines(in: halves.1, of: source))
    let built = FileHalves.read(halves) { range -> AnswerKeyBuilder? in
      var builder = empty
      // The first half's arrays become the key's: room for both halves, so joining them copies once.
      builder.reserveCapacity(rows: range.lowerBound == 0 ? lines.0 + lines.1 : lines.1)
      guard var reader = try? CSVReader(source, range: range) else { return nil }
      if range.lowerBound == 0 && (try? reader.nextRecord()) != true { return nil }
      while let more = try? reader.nextRecord(), more {
        guard (try? builder.add(reader)) != nil else { return nil }
      }
      return builder
    }
    guard var (first, second) = built else { return nil }
    first.append(second)
    return first
  }

  /// Every id as text, in answer order; for checks on small answer files, not for scoring.
  public func idTexts() -> [String] { (0..<rowCount).map(ids.text) }

  init(
    idColumn: String, targetColumns: [String], metric: Metric, hasUsage: Bool, ids: IDColumn, index: IDIndex?,
    usage: [Usage], truth: TruthValues, labels: LabelTable, answerColumns: AnswerColumns = AnswerColumns()
  ) {
    self.idColumn = idColumn
    self.targetColumns = targetColumns
    self.metric = metric
    self.hasUsage = hasUsage
    publicRowCount = hasUsage ? usage.count { $0 == .publicOnly } : ids.count
    privateRowCount = hasUsage ? usage.count { $0 == .privateOnly } : ids.count
    self.ids = ids
    self.index = index
    consecutiveStart = ids.consecutiveStart()
    self.usage = usage
    self.truth = truth
    self.labels = labels
    self.answerColumns = answerColumns
  }

  private static func nextRecord(_ reader: inout CSVReader, _ source: ByteSource) throws(HarnessError) -> Bool {
    do { return try reader.nextRecord() } catch { throw answersError(error, source) }
  }

  private static func answersError(_ error: CSVError, _ source: ByteSource) -> HarnessError {
    switch error {
    case .input(let input): return .unreadableFile(path: source.displayName, reason: input.reason)
    default: return .invalidAnswers(SubmissionError(error).message)
    }
  }
}

/// The answers' header: which column is the id, which is Usage, which are targets.
struct AnswerHeader: Sendable {
  let names: [String]

  func position(of name: String) -> Int? { names.firstIndex(of: name) }

  var usagePosition: Int? { names.firstIndex { $0.lowercased() == "usage" } }
}
