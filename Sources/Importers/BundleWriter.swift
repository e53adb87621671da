import Basics
import Catalog
import Foundation
import Scoring

/// Rows of the written answers per Usage value.
public struct AnswerCounts: Sendable, Equatable {
  public var publicRows = 0
  public var privateRows = 0
  public var ignoredRows = 0
}

/// Writes the bundle folder: public files, answers with Usage, description, baseline and manifest, then checks it.
struct BundleWriter {
  let definition: CompetitionDefinition
  let id: String
  let metric: Metric
  let parameters: [String: String]
  let row: GraderMapRow?
  let request: ImportRequest
  let folder: String

  /// What the import changed that the user should know about.
  private(set) var notes: [String] = []

  struct Written {
    var notes: [String] = []
    var counts: AnswerCounts
    var publicScore: Double?
    var privateScore: Double?
  }

  mutating func write() throws(ImportError) -> Written {
    try makeFolders()
    let sampleHeader = try CSVFiles.header(definition.sampleSubmission)
    guard sampleHeader.count >= 2 else {
      throw .unreadable(path: definition.sampleSubmission, detail: "it needs an id column and a target column")
    }
    let idColumn = sampleHeader[0]
    let targets = Array(sampleHeader.dropFirst())
    try copyPublicFiles()
    let counts = try writeAnswers(idColumn: idColumn, targets: targets)
    try write(description(), to: "description.md")
    try write(Self.baselineScript, to: "baseline/solution.py")
    try writeManifest(idColumn: idColumn, targets: targets, scores: nil)
    let scores = try scoreSample()
    try writeManifest(idColumn: idColumn, targets: targets, scores: scores)
    let problems = CompetitionBundle.check(folder).problems
    guard problems.isEmpty else { throw .checkFailed(competition: definition.originalID, problems: problems.map(\.message)) }
    return Written(notes: notes, counts: counts, publicScore: scores.public, privateScore: scores.private)
  }

  private func makeFolders() throws(ImportError) {
    for sub in ["/public", "/private", "/baseline"] {
      do throws(SystemError) { try FileSystem.makeDirectories(folder + sub) } catch {
        throw .writeFailed(path: folder + sub, reason: error.description)
      }
    }
  }

  /// Hard links when the data sits on the same file system (prepared data is often many GB), copies otherwise.
  private func copyPublicFiles() throws(ImportError) {
    let manager = FileManager.default
    guard let enumerator = manager.enumerator(atPath: definition.publicFolder) else {
      throw .missingData(path: definition.publicFolder, detail: "the public folder cannot be listed")
    }
    while let relative = enumerator.nextObject() as? String {
      let source = definition.publicFolder + "/" + relative
      if definition.excludedPublicFiles.contains(relative) { continue }
      if definition.source == .kaggle, source == definition.sampleSubmission { continue }
      let destination = folder + "/public/" + relative
      var isDirectory: ObjCBool = false
      _ = manager.fileExists(atPath: source, isDirectory: &isDirectory)
      do {
        if isDirectory.boolValue {
          try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } else if (try? manager.linkItem(atPath: source, toPath: destination)) == nil {
          try manager.copyItem(atPath: source, toPath: destination)
        }
      } catch {
        throw .writeFailed(path: destination, reason: "\(error)")
      }
    }
    let sample = folder + "/public/sample_submission.csv"
    if !manager.fileExists(atPath: sample) {
      do { try manager.copyItem(atPath: definition.sampleSubmission, toPath: sample) } catch {
        throw .writeFailed(path: sample, reason: "\(error)")
      }
    }
  }

  /// The answers restricted to the id, the targets (or one label column) and Usage.
  private func writeAnswers(idColumn: String, targets: [String]) throws(ImportError) -> AnswerCounts {
    let writer = try CSVWriter(folder + "/private/answers.csv")
    var layout = AnswerLayout()
    var counts = AnswerCounts()
    let path = definition.answers
    guard FileManager.default.fileExists(atPath: path) else {
      throw .missingData(path: path, detail: "the answers file is missing")
    }
    let scoredIDs = try row?.scoredRows.flatMap(LatestRows.init)?.scoredIDs(in: path, idColumn: idColumn)
    try CSVFiles.forEachRecord(path) { (header: [String]) throws(ImportError) in
      layout = try AnswerLayout(
        header: header, idColumn: idColumn, targets: targets, metric: metric, scoredRows: row?.scoredRows,
        answerColumns: row?.answerColumns ?? [:], answerOnly: answerOnlyColumns, path: path)
      layout.scoredIDs = scoredIDs
      try writer.write(layout.outputHeader)
    } _: { (fields: [String], line: Int) throws(ImportError) in
      guard fields.count > layout.highestPosition else {
        throw .unreadable(path: path, detail: "line \(line) has \(fields.count) fields")
      }
      let usage = layout.usage(fields, publicFraction: request.publicFraction)
      switch usage {
      case "Public": counts.publicRows += 1
      case "Private": counts.privateRows += 1
      default: counts.ignoredRows += 1
      }
      // The engine reads every row's targets; rows the grader never scores may leave them empty (osic's dummy weeks).
      let cells = layout.positions.map { fields[$0] }.map { usage == "Ignored" && $0.isEmpty ? "0" : $0 }
      try writer.write(cells + [usage])
    }
    try writer.close()
    return counts
  }

  /// The answer columns the metric's parameters name (weights, groups), which the answers keep beside the targets.
  private var answerOnlyColumns: [String] {
    guard let resolved = try? metric.resolve(parameters) else { return [] }
    return metric.answerColumns(resolved).map(\.column)
  }

  /// The anchor's description, then the columns of every public CSV file and how the import scores.
  private func description() throws(ImportError) -> String {
    var text = definition.description.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.isEmpty { text = "# \(definition.title)" }
    text += "\n\n## Files and columns (added by `tatami import`)\n\n"
    let manager = FileManager.default
    let files = (manager.enumerator(atPath: folder + "/public")?.allObjects as? [String] ?? []).sorted()
    for file in files where file.lowercased().hasSuffix(".csv") {
      let columns = (try? CSVFiles.header(folder + "/public/" + file)) ?? []
      text += "- `\(file)`: " + columns.map { "`\($0)`" }.joined(separator: ", ") + "\n"
    }
    let others = files.filter { !$0.lowercased().hasSuffix(".csv") }
    if !others.isEmpty { text += "- \(others.count) other files and folders\n" }
    let params = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    text += """

      ## Scoring on Tatami

      Imported from \(definition.source.rawValue) `\(definition.originalID)`\(row.map { ", grader \($0.grader)" } ?? "").
      Metric: `\(metric.name)`\(params.isEmpty ? "" : " (\(params))"), \(metric.higherIsBetter ? "higher" : "lower") is better.

      """
    return text
  }

  private func write(_ text: String, to relative: String) throws(ImportError) {
    let path = folder + "/" + relative
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
      throw .writeFailed(path: path, reason: "\(error)")
    }
  }

  private func writeManifest(idColumn: String, targets: [String], scores: (public: Double?, private: Double?)?)
    throws(ImportError)
  {
    let yaml = ManifestText(
      id: id, title: definition.title, task: Self.task(for: metric), tags: [definition.source.rawValue, "imported"],
      metric: metric.name, parameters: parameters, idColumn: idColumn, targets: targets,
      baselineScores: scores, source: definition.source, originalID: definition.originalID
    ).yaml
    try write(yaml, to: "competition.yaml")
  }

  /// The baseline is the sample submission itself: what it scores is the floor every agent must beat.
  private mutating func scoreSample() throws(ImportError) -> (public: Double?, private: Double?) {
    let bundle: CompetitionBundle
    let scorer: Scorer
    do {
      bundle = try CompetitionBundle.open(folder)
      scorer = try bundle.scorer()
    } catch {
      throw .checkFailed(competition: definition.originalID, problems: [error.message])
    }
    let sample = folder + "/public/sample_submission.csv"
    var report = scorer.score(.file(sample))
    if case .submission(.invalidValue) = report.failure, case .numbers = metric.input {
      // Kaggle's samples are constant, which leaves a correlation undefined: a ramp over the rows is scored instead.
      try writeRampSample(sample)
      report = scorer.score(.file(sample))
    }
    if let failure = report.failure {
      throw .checkFailed(competition: definition.originalID, problems: ["the sample submission: \(failure.message)"])
    }
    return (report.publicScore, report.privateScore)
  }

  /// Replaces the sample's target values with (row number) / (rows); the file is removed first, never written
  /// through, because it may be a hard link to the user's prepared data.
  private mutating func writeRampSample(_ path: String) throws(ImportError) {
    var rows: [[String]] = []
    var header: [String] = []
    try CSVFiles.forEachRecord(path) { (names: [String]) throws(ImportError) in header = names } _: {
      (fields: [String], _: Int) throws(ImportError) in rows.append(fields)
    }
    do { try FileManager.default.removeItem(atPath: path) } catch {
      throw .writeFailed(path: path, reason: "\(error)")
    }
    let writer = try CSVWriter(path)
    try writer.write(header)
    for (index, row) in rows.enumerated() {
      let value = String(Double(index + 1) / Double(rows.count))
      try writer.write([row.first ?? ""] + Array(repeating: value, count: max(0, header.count - 1)))
    }
    try writer.close()
    notes.append("the sample submission's constant values leave \(metric.name) undefined; it was replaced by a ramp")
  }

  static func task(for metric: Metric) -> TaskType {
    switch metric.name {
    case "map_at_k", "ndcg_at_k": return .ranking
    case "dice", "iou", "global_dice", "mask_precision_iou": return .segmentation
    case "mean_f1_sets", "micro_f1_sets", "lwlrap", "mean_columnwise_roc_auc": return .multilabelClassification
    case "quadratic_weighted_kappa": return .ordinalRegression
    default: break
    }
    switch metric.input {
    case .binaryScores: return .binaryClassification
    case .classProbabilities, .labels: return .multiclassClassification
    case .numbers: return .regression
    case .text: return .text
    }
  }

  static let baselineScript = """
    # The imported competition's baseline: the sample submission, unchanged.
    import os
    import shutil

    source = os.path.join(os.environ.get("TATAMI_INPUT", "../public"), "sample_submission.csv")
    shutil.copyfile(source, "submission.csv")

    """
}
