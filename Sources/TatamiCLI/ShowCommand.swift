import Basics
import ArgumentParser
import Catalog
import Foundation
import Leaderboard

/// `tatami show ID`: one competition in detail.
struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract:
      "Show one competition: description, metric and direction, files with sizes, baseline score, leaderboard size.",
    discussion: "Example: tatami show catsup-brand-choice --json")

  @Argument(help: ArgumentHelp("The competition's id, as `tatami list` prints it.", valueName: "ID"))
  var id: String

  @Flag(help: "Print JSON instead of text; failures print {\"error\": {...}}.")
  var json = false

  @OptionGroup var database: DatabaseOption

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    try Failure.reporting(json: json) { () throws(BundleError) in
      let context = CommandContext(catalog: catalog, database: database)
      let bundle = try context.catalog.open(id)
      let description = String(decoding: try bundle.read("description.md", cap: 1 << 20), as: UTF8.self)
      let entry = CatalogEntry(location: bundle.location, manifest: bundle.manifest, entries: bundle.entries)
      let board = try? BoardCatalog(context).board(id).privateBoard
      let teams = board?.teams
      let models = board?.referenceAreModels
      if json {
        try? Output.printJSON(
          ShowJSON(entry, description: description, leaderboardSize: teams, referenceAreModels: models))
      } else {
        Output.write(text(entry, description: description, leaderboardSize: teams, referenceAreModels: models ?? false))
      }
    }
  }

  /// - Parameters:
  ///   - leaderboardSize: teams ranked on the private view (reference teams and local entries); nil when the
  ///     board cannot load.
  ///   - referenceAreModels: the reference teams are the catalog's model zoo, which the board line says.
  private func text(
    _ entry: CatalogEntry, description: String, leaderboardSize: Int?, referenceAreModels: Bool
  ) -> String {
    let manifest = entry.manifest
    let direction = entry.higherIsBetter.map { $0 ? "higher is better" : "lower is better" } ?? "unknown direction"
    let params = manifest.metric.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    // Single-line fields are sanitised one by one, so a newline in a title or a tag cannot forge a line.
    var lines = [
      "\(manifest.id): \(Output.field(manifest.title))",
      "task:     \(manifest.task.rawValue)",
      "metric:   \(Output.field(([manifest.metric.name] + params).joined(separator: " "))) (\(direction))",
      "tags:     \(Output.field(manifest.tags.joined(separator: ", ")))",
      "baseline: \(baselineText(manifest.baseline))",
      "board:    \(leaderboardSize.map { "\($0) ranked (tatami board \(manifest.id))" } ?? "unavailable")"
        + (referenceAreModels ? "; \(Leaderboard.modelsNotPeople): HumanRank ranks against models" : ""),
      "bundle:   \(Output.field(entry.location))",
      "",
      "files:",
    ]
    let rows = entry.entries.filter { $0.kind == .file }.map { file in
      ["  " + file.path, formatBytes(file.size), file.csvRows.map { "\($0) rows" } ?? ""]
    }
    lines.append(Output.table(header: ["  PATH", "SIZE", "ROWS"], rows: rows))
    lines += ["", description]
    return lines.joined(separator: "\n")
  }

  private func baselineText(_ baseline: Manifest.Baseline?) -> String {
    let scores = [
      baseline?.publicScore.map { "public \($0)" }, baseline?.privateScore.map { "private \($0)" },
    ].compactMap { $0 }
    return scores.isEmpty ? "none" : scores.joined(separator: ", ")
  }
}

/// `tatami show --json`.
struct ShowJSON: Encodable {
  struct MetricJSON: Encodable {
    var name: String
    var params: [String: String]
    var higherIsBetter: Bool?
    enum CodingKeys: String, CodingKey {
      case name, params
      case higherIsBetter = "higher_is_better"
    }
  }

  struct SubmissionJSON: Encodable {
    var idColumn: String
    var targetColumns: [String]
    enum CodingKeys: String, CodingKey {
      case idColumn = "id_column"
      case targetColumns = "target_columns"
    }
  }

  struct FileJSON: Encodable {
    var path: String
    var bytes: Int
    var rows: Int?
  }

  var id: String
  var title: String
  var version: Int
  var task: String
  var tags: [String]
  var metric: MetricJSON
  var submission: SubmissionJSON
  var baseline: [String: Double]
  var files: [FileJSON]
  var description: String
  var path: String
  var leaderboardSize: Int?
  /// True when the reference teams are models (the catalog's zoo), not people; absent when the board cannot load.
  var referenceAreModels: Bool?

  enum CodingKeys: String, CodingKey {
    case id, title, version, task, tags, metric, submission, baseline, files, description, path
    case leaderboardSize = "leaderboard_size"
    case referenceAreModels = "reference_are_models"
  }

  init(_ entry: CatalogEntry, description: String, leaderboardSize: Int?, referenceAreModels: Bool? = nil) {
    self.leaderboardSize = leaderboardSize
    self.referenceAreModels = referenceAreModels
    let manifest = entry.manifest
    id = manifest.id
    title = manifest.title
    version = manifest.version
    task = manifest.task.rawValue
    tags = manifest.tags
    metric = MetricJSON(
      name: manifest.metric.name, params: manifest.metric.params, higherIsBetter: entry.higherIsBetter)
    submission = SubmissionJSON(
      idColumn: manifest.submission.idColumn, targetColumns: manifest.submission.targetColumns)
    baseline = [:]
    baseline["public"] = manifest.baseline?.publicScore
    baseline["private"] = manifest.baseline?.privateScore
    files = entry.entries.filter { $0.kind == .file }.map { FileJSON(path: $0.path, bytes: $0.size, rows: $0.csvRows) }
    self.description = description
    path = entry.location
  }
}
