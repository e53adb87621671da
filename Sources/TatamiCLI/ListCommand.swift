import Basics
import ArgumentParser
import Catalog

/// `tatami list`: the catalog as a table or JSON.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the competitions in the catalog: id, title, task, metric, tags, sizes.",
    discussion: """
      Bundles come from --catalog directories, TATAMI_COMPETITIONS and the repository's Competitions/. \
      Broken bundles are skipped with a warning on standard error; run `tatami bundle check` on them.

      Example: tatami list --tag tabular --json
      """)

  @Option(
    help: ArgumentHelp(
      "Only competitions with this tag or task type; 'tabular' means every task but text and images"
        + " (repeatable: all must match).",
      valueName: "TAG"))
  var tag: [String] = []

  @Flag(help: "Print a JSON list instead of a table.")
  var json = false

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let listing = catalog.makeCatalog().list()
    for broken in listing.broken {
      Output.printError("warning: skipping \(broken.location): \(broken.problem.message)")
    }
    listing.warnings.forEach { Output.printError("warning: \($0)") }
    let entries = listing.entries.filter { entry in tag.allSatisfy(entry.manifest.matches) }
    if json {
      try Output.printJSON(entries.map(CompetitionJSON.init))
      return
    }
    let rows = entries.map { entry in
      [
        entry.id, entry.manifest.title, entry.manifest.task.rawValue, entry.manifest.metric.name,
        entry.manifest.tags.joined(separator: ","), formatBytes(entry.publicBytes), formatBytes(entry.totalBytes),
      ]
    }
    Output.write(Output.table(header: ["ID", "TITLE", "TASK", "METRIC", "TAGS", "PUBLIC", "TOTAL"], rows: rows))
  }
}

/// One competition in `tatami list --json`.
struct CompetitionJSON: Encodable {
  var id: String
  var title: String
  var version: Int
  var task: String
  var metric: String
  var higherIsBetter: Bool?
  var tags: [String]
  var publicBytes: Int
  var totalBytes: Int
  var baselinePublicScore: Double?
  var baselinePrivateScore: Double?
  var path: String

  init(_ entry: CatalogEntry) {
    id = entry.id
    title = entry.manifest.title
    version = entry.manifest.version
    task = entry.manifest.task.rawValue
    metric = entry.manifest.metric.name
    higherIsBetter = entry.higherIsBetter
    tags = entry.manifest.tags
    publicBytes = entry.publicBytes
    totalBytes = entry.totalBytes
    baselinePublicScore = entry.manifest.baseline?.publicScore
    baselinePrivateScore = entry.manifest.baseline?.privateScore
    path = entry.location
  }

  enum CodingKeys: String, CodingKey {
    case id, title, version, task, metric, tags, path
    case higherIsBetter = "higher_is_better"
    case publicBytes = "public_bytes"
    case totalBytes = "total_bytes"
    case baselinePublicScore = "baseline_public_score"
    case baselinePrivateScore = "baseline_private_score"
  }
}
