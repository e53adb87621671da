import ArgumentParser
import Foundation
import Importers
import Leaderboard

/// `tatami import mle-bench|mle-dojo|kaggle`: an anchor's competition as a Tatami bundle plus its reference board.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import MLE-bench, MLE-Dojo or Kaggle competitions as bundles, graded as their graders do.",
    discussion: """
      The bundle gets the public files, the answers with a Usage column (the file's own, else a stable \
      --public-fraction of the ids in Public), the sample submission as baseline, and the metric from the \
      grader map (docs/grader-map.csv); the anchor's leaderboard is copied to Leaderboards/<id>/ beside the \
      catalog folder, where `tatami board` shows it with Kaggle medals. See docs/importing.md.

      Example: tatami import mle-dojo Tests/CLITests/Fixtures/import/mle-dojo/competitions/spaceship-titanic \
      --data Tests/CLITests/Fixtures/import/mle-dojo/data/spaceship-titanic \
      -o /tmp/tatami-import/Competitions/spaceship-titanic --force
      """,
    subcommands: [MLEBench.self, MLEDojo.self, Kaggle.self])

  struct MLEBench: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mle-bench",
      abstract: "Import mlebench/competitions/<id> (config.yaml, description.md, leaderboard.csv) and its prepared data.",
      discussion: """
        Example: tatami import mle-bench Tests/CLITests/Fixtures/import/mle-bench/competitions/aerial-cactus-identification \
        --data Tests/CLITests/Fixtures/import/mle-bench/data/aerial-cactus-identification/prepared \
        -o /tmp/tatami-import/Competitions/aerial-cactus-identification --force

        With --all, COMPETITION_DIR is a folder of competitions (mlebench/competitions) and --data the folder \
        holding one data folder per competition (<user cache>/mle-bench/data).
        """)
    @OptionGroup var options: ImportOptions
    func run() throws { try options.run(.mleBench) }
  }

  struct MLEDojo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mle-dojo",
      abstract: "Import mledojo/competitions/<slug> (info/, utils/metric.py) and its data/ folder.",
      discussion: """
        Example: tatami import mle-dojo Tests/CLITests/Fixtures/import/mle-dojo/competitions/spaceship-titanic \
        --data Tests/CLITests/Fixtures/import/mle-dojo/data/spaceship-titanic \
        -o /tmp/tatami-import/Competitions/spaceship-titanic --force
        """)
    @OptionGroup var options: ImportOptions
    func run() throws { try options.run(.mleDojo) }
  }

  struct Kaggle: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kaggle",
      abstract: "Import a Kaggle folder: data, sample_submission.csv, a solution file with Usage, leaderboard downloads.",
      discussion: """
        The metric comes from the grader map when the folder is named after an anchor's competition, else from \
        --metric and --param.

        Example: tatami import kaggle Tests/CLITests/Fixtures/import/kaggle/tiny-f1 --metric f1 \
        -o /tmp/tatami-import/Competitions/tiny-f1 --force
        """)
    @OptionGroup var options: ImportOptions
    func run() throws { try options.run(.kaggle) }
  }
}

/// The options every layout shares.
struct ImportOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "The competition's folder; with --all, the folder holding one folder per competition.", valueName: "COMPETITION_DIR"))
  var competition: String

  @Option(
    help: ArgumentHelp(
      "The prepared data (the folder with public/ and private/, or a parent); with --all, the folder with one data folder per competition.",
      valueName: "PREPARED_DIR"))
  var data: String?

  @Option(
    name: [.short, .customLong("output")],
    help: ArgumentHelp(
      "The bundle folder to write (default Competitions/<id>); with --all, the catalog folder (default Competitions).",
      valueName: "BUNDLE"))
  var output: String?

  @Flag(help: "Import every competition found under COMPETITION_DIR and print what was and was not imported.")
  var all = false

  @Option(help: ArgumentHelp("Use this metric instead of the grader map's.", valueName: "NAME"))
  var metric: String?

  @Option(name: .customLong("param"), help: ArgumentHelp("A metric parameter, e.g. --param k=5.", valueName: "key=value"))
  var parameters: [String] = []

  @Option(help: ArgumentHelp("The Kaggle folder's solution file (default solution.csv).", valueName: "FILE"))
  var solution: String?

  @Option(help: "The share of ids put in Public when the answers have no Usage column.")
  var publicFraction = 0.3

  @Flag(help: "Replace an existing bundle at the output.")
  var force = false

  @Flag(help: "Print a JSON report instead of text.")
  var json = false

  func run(_ source: AnchorSource) throws {
    guard source == .kaggle || data != nil else {
      throw ValidationError("--data is required: the prepared data folder (public/ and private/)")
    }
    guard (0...1).contains(publicFraction) else { throw ValidationError("--public-fraction must be in [0, 1]") }
    var request = ImportRequest(source: source, competition: competition, data: data ?? competition)
    request.metric = metric
    request.solution = solution
    request.publicFraction = publicFraction
    request.force = force
    for parameter in parameters {
      let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw ValidationError("--param takes key=value, got '\(parameter)'") }
      request.parameters[parts[0]] = parts[1]
    }
    if all { return try runAll(request) }
    request.output = output
    let result: ImportResult
    do throws(ImportError) {
      result = try Importer.run(request)
    } catch {
      Output.printError("error: \(error.message)")
      Output.printError("hint: \(error.cliHint)")
      if json { try? Output.printJSON(["error": ErrorJSON(type: error.type, message: error.message, hint: error.cliHint)]) }
      throw ExitCode(3)
    }
    if json { try Output.printJSON(ImportJSON(result)) } else { printText(result) }
  }

  private func runAll(_ template: ImportRequest) throws {
    let catalog = output ?? "Competitions"
    let outcomes = BatchImport.run(template, root: competition, catalog: catalog) { index, total, name in
      if !json { Output.printError(Self.progressBar(index, total) + " \(name)") }
    }
    let imported = outcomes.filter { $0.result != nil }
    if json {
      try Output.printJSON(
        outcomes.map { BatchJSON(competition: $0.competition, result: $0.result.map(ImportJSON.init), error: $0.failure.map { ErrorJSON(type: $0.type, message: $0.message, hint: $0.cliHint) }) })
    } else {
      if !outcomes.isEmpty { Output.printError(Self.progressBar(outcomes.count, outcomes.count)) }
      let rows = outcomes.map { outcome -> [String] in
        if let result = outcome.result {
          return [outcome.competition, "imported", result.metric, result.teams > 0 ? "\(result.teams) teams" : "no board"]
        }
        let failure = outcome.failure
        return [outcome.competition, failure?.type ?? "?", "", failure?.message ?? ""]
      }
      Output.write(Output.table(header: ["competition", "outcome", "metric", "board / reason"], rows: rows))
      Output.write("\(imported.count) of \(outcomes.count) imported into \(catalog)")
    }
    if imported.count < outcomes.count { throw ExitCode(imported.isEmpty ? 3 : 1) }
  }

  static func progressBar(_ done: Int, _ total: Int) -> String {
    let width = 30
    let filled = total == 0 ? width : done * width / total
    return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total)"
  }

  private func printText(_ result: ImportResult) {
    let params = result.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    Output.write("imported \(result.originalID) as \(result.id): \(result.bundle)")
    Output.write("  metric: \(result.metric)\(params.isEmpty ? "" : " (\(params))")")
    let rows = result.answerRows
    Output.write("  answers: \(rows.publicRows) Public, \(rows.privateRows) Private, \(rows.ignoredRows) Ignored rows")
    Output.write("  baseline (sample submission): public \(format(result.baselinePublic)), private \(format(result.baselinePrivate))")
    if let board = result.leaderboard {
      Output.write("  leaderboard: \(result.teams) teams in \(board)")
      if let medals = result.medals {
        Output.write("  medals: gold \(format(medals.gold)), silver \(format(medals.silver)), bronze \(format(medals.bronze)), median \(format(medals.median))")
      }
    }
    for note in result.notes { Output.write("  note: \(note)") }
  }

  private func format(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "-" }
}

/// `tatami import --json`.
struct ImportJSON: Encodable {
  var id: String
  var originalID: String
  var bundle: String
  var metric: String
  var params: [String: String]
  var publicRows, privateRows, ignoredRows: Int
  var baseline: [String: Double]
  var leaderboard: String?
  var teams: Int
  var medals: [String: Double]?
  var notes: [String]

  init(_ result: ImportResult) {
    id = result.id
    originalID = result.originalID
    bundle = result.bundle
    metric = result.metric
    params = result.parameters
    (publicRows, privateRows, ignoredRows) = (result.answerRows.publicRows, result.answerRows.privateRows, result.answerRows.ignoredRows)
    baseline = [:]
    baseline["public"] = result.baselinePublic
    baseline["private"] = result.baselinePrivate
    leaderboard = result.leaderboard
    teams = result.teams
    medals = result.medals.map { ["gold": $0.gold, "silver": $0.silver, "bronze": $0.bronze, "median": $0.median] }
    notes = result.notes
  }
}

struct BatchJSON: Encodable {
  var competition: String
  var result: ImportJSON?
  var error: ErrorJSON?
}
