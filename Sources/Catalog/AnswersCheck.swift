import Scoring

/// Checks the answers file against the manifest; the hook `tatami bundle check` calls for answer content.
///
/// For now it validates the header only: the id column, then either exactly the submission's target columns
/// or, for class-probability metrics (`multiclass_log_loss`-style), a single label column, plus an optional
/// `Usage`. To be wired to the Scoring module's answers reader (ids, Usage values, target types) when merging.
/// - Returns: every problem found; empty when the header is fine.
public func checkAnswers(_ bundle: CompetitionBundle) -> [BundleError] {
  let manifest = bundle.manifest
  let file = manifest.answers
  let head: [UInt8]
  do {
    head = try bundle.readHead(file, maxBytes: 64 * 1024)
  } catch {
    return [error]
  }
  switch AnswersHeader.parse(head) {
  case .failure(let failure): return [.invalidAnswers(file: file, detail: failure.detail)]
  case .success(let columns):
    let takesLabels = Metrics.named(manifest.metric.name)?.input == .classProbabilities
    return AnswersHeader.problems(columns, submission: manifest.submission, acceptsLabelColumn: takesLabels)
      .map { .invalidAnswers(file: file, detail: $0) }
  }
}

/// The first line of an answers CSV and what must be in it.
enum AnswersHeader {
  struct Failure: Error { let detail: String }

  /// The header's column names: BOM and CR dropped, double-quoted names unquoted.
  static func parse(_ head: [UInt8]) -> Result<[String], Failure> {
    var bytes = head[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.isEmpty { return .failure(Failure(detail: "the file is empty; write a header line and one row per id")) }
    guard let newline = bytes.firstIndex(of: 0x0A) ?? (head.count < 64 * 1024 ? bytes.endIndex : nil) else {
      return .failure(Failure(detail: "the header line is longer than 64 KiB"))
    }
    var line = bytes[..<newline]
    if line.last == 0x0D { line = line.dropLast() }
    guard let text = String(validating: line, as: UTF8.self) else {
      return .failure(Failure(detail: "the header is not UTF-8 text"))
    }
    return .success(splitFields(text))
  }

  /// Problems of a header against the submission columns, as sentences.
  static func problems(
    _ columns: [String], submission: Manifest.SubmissionSpec, acceptsLabelColumn: Bool
  ) -> [String] {
    if let repeated = firstDuplicate(columns) { return ["the column '\(repeated)' appears twice in the header"] }
    var problems: [String] = []
    if !columns.contains(submission.idColumn) {
      problems.append("the header has no id column '\(submission.idColumn)' (submission.id_column)")
    }
    let targets = columns.filter { $0 != submission.idColumn && $0 != "Usage" }
    if Set(targets) == Set(submission.targetColumns) { return problems }
    if acceptsLabelColumn && targets.count == 1 { return problems }
    let missing = submission.targetColumns.filter { !targets.contains($0) }
    let extra = targets.filter { !submission.targetColumns.contains($0) }
    if !missing.isEmpty {
      problems.append("target columns missing from the header: \(missing.joined(separator: ", "))")
    }
    if !extra.isEmpty {
      let labelNote = acceptsLabelColumn ? " (a single label column is also accepted for this metric)" : ""
      problems.append("columns that are not targets, id or Usage: \(extra.joined(separator: ", "))\(labelNote)")
    }
    return problems
  }

  /// Splits one CSV line on commas, honouring double quotes and `""` escapes.
  static func splitFields(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = line[...]
    while let character = characters.popFirst() {
      switch character {
      case "\"" where quoted && characters.first == "\"":
        field.append("\"")
        characters.removeFirst()
      case "\"": quoted.toggle()
      case "," where !quoted:
        fields.append(field)
        field = ""
      default: field.append(character)
      }
    }
    fields.append(field)
    return fields
  }
}
