import Scoring

/// Which columns of an anchor's answers file become the bundle's answers, and how each row gets its Usage.
struct AnswerLayout {
  /// Positions in the anchor's file of the id, then the kept target columns, then the answer-only columns.
  var positions: [Int] = []
  var outputHeader: [String] = []
  var usagePosition: Int?
  /// The column and value of the rows the grader scores; other rows become Ignored.
  var filter: (position: Int, value: String)?
  /// The ids of the rows the grader scores, when a rule over the whole file picks them; other rows become Ignored.
  var scoredIDs: Set<String>?

  var highestPosition: Int { (positions + [usagePosition, filter?.position].compactMap { $0 }).max() ?? 0 }

  init() {}

  init(
    header: [String], idColumn: String, targets: [String], metric: Metric, scoredRows: String?,
    answerColumns: [String: String] = [:], answerOnly: [String] = [], path: String
  ) throws(ImportError) {
    func position(_ name: String) -> Int? {
      header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }
    guard let id = position(idColumn) else {
      throw .unreadable(path: path, detail: "the answers have no id column '\(idColumn)' (the sample submission's first)")
    }
    usagePosition = position("Usage")
    let found = targets.compactMap { position(answerColumns[$0] ?? $0) }
    if found.count == targets.count {
      positions = [id] + found
      outputHeader = [idColumn] + targets
    } else if metric.input == .classProbabilities, found.isEmpty,
      let label = header.indices.first(where: { $0 != id && $0 != usagePosition })
    {
      // Kaggle's multi-class answers often hold one label column naming the submission's probability columns.
      positions = [id, label]
      outputHeader = [idColumn, header[label]]
    } else {
      let missing = targets.map { answerColumns[$0] ?? $0 }.filter { position($0) == nil }
      throw .unreadable(path: path, detail: "the answers have no column " + missing.map { "'\($0)'" }.joined(separator: ", "))
    }
    // Weights and groups the metric's parameters name are kept under their own names, after the targets.
    for column in answerOnly where !outputHeader.contains(column) {
      guard let extra = position(column) else {
        throw .unreadable(path: path, detail: "the answers have no column '\(column)', which the metric reads")
      }
      positions.append(extra)
      outputHeader.append(column)
    }
    outputHeader.append("Usage")
    if let scoredRows, LatestRows(scoredRows) == nil, let equals = scoredRows.firstIndex(of: "=") {
      let column = String(scoredRows[..<equals])
      guard let filterPosition = position(column) else {
        throw .unreadable(path: path, detail: "the grader scores rows by '\(column)', which the answers lack")
      }
      filter = (filterPosition, String(scoredRows[scoredRows.index(after: equals)...]))
    }
  }

  /// Public, Private or Ignored: the file's own Usage (Kaggle's PublicTest/PrivateTest included), else a stable
  /// hash of the id puts `publicFraction` of the rows in Public; rows the grader does not score are Ignored.
  func usage(_ fields: [String], publicFraction: Double) -> String {
    if let filter, !Self.sameValue(fields[filter.position], filter.value) { return "Ignored" }
    if let scoredIDs, !scoredIDs.contains(fields[positions[0]]) { return "Ignored" }
    if let usagePosition {
      switch fields[usagePosition].lowercased() {
      case "public", "publictest": return "Public"
      case "private", "privatetest": return "Private"
      default: return "Ignored"
      }
    }
    return Self.unitHash(fields[positions[0]]) < publicFraction ? "Public" : "Private"
  }

  /// `True`, `true` and `1` are one value; so are `0.0` and `0`.
  private static func sameValue(_ cell: String, _ wanted: String) -> Bool {
    let normalized = { (text: String) -> String in
      switch text.lowercased() {
      case "true", "1", "1.0": return "1"
      case "false", "0", "0.0": return "0"
      default: return text
      }
    }
    return normalized(cell) == normalized(wanted)
  }

  /// FNV-1a of the id's bytes scaled to [0, 1): the same split on every machine and in every run.
  static func unitHash(_ id: String) -> Double {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    // Mix the low bits up: FNV's top bits alone vary little between ids that differ in their last byte.
    hash ^= hash >> 33
    hash &*= 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    return Double(hash >> 11) / Double(1 << 53)
  }
}

/// A grader's rule "latest N per GROUP with COLUMN": of each group's rows with a value in COLUMN, the N with the
/// highest week, the number after the id's last `_` (osic scores each patient's last three measured visits).
struct LatestRows: Equatable {
  let count: Int
  let group: String
  let present: String

  /// Nil unless `rule` reads "latest N per GROUP with COLUMN".
  init?(_ rule: String) {
    let words = rule.split(separator: " ").map(String.init)
    guard words.count == 6, words[0] == "latest", let count = Int(words[1]), count > 0, words[2] == "per",
      words[4] == "with"
    else { return nil }
    (self.count, group, present) = (count, words[3], words[5])
  }

  /// The ids the rule keeps, from one pass over the answers file.
  func scoredIDs(in path: String, idColumn: String) throws(ImportError) -> Set<String> {
    var positions: (id: Int, group: Int, present: Int)?
    var weeksByGroup: [String: [(week: Int, id: String)]] = [:]
    try CSVFiles.forEachRecord(path) { (header: [String]) throws(ImportError) in
      guard let id = header.firstIndex(of: idColumn), let group = header.firstIndex(of: group),
        let present = header.firstIndex(of: present)
      else {
        throw .unreadable(path: path, detail: "the grader scores the latest rows per '\(group)' with '\(present)', "
          + "which the answers lack")
      }
      positions = (id, group, present)
    } _: { (fields: [String], line: Int) throws(ImportError) in
      guard let positions, fields.count > max(positions.id, positions.group, positions.present) else { return }
      guard !fields[positions.present].isEmpty else { return }
      let id = fields[positions.id]
      guard let week = id.split(separator: "_").last.flatMap({ Int($0) }) else {
        throw .unreadable(path: path, detail: "line \(line): the id '\(id)' does not end in _<week>")
      }
      weeksByGroup[fields[positions.group], default: []].append((week, id))
    }
    return Set(weeksByGroup.values.flatMap { rows in rows.sorted { $0.week < $1.week }.suffix(count).map(\.id) })
  }
}
