import Basics
import ArgumentParser
import Catalog
import Foundation
import Leaderboard

/// `tatami bundle`: check and pack competition bundles.
struct BundleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bundle",
    abstract: "Check or pack a competition bundle (see docs/bundle-format.md).",
    discussion: "Example: tatami bundle check Competitions/diamonds-log-price.tar.gz",
    subcommands: [BundleCheckCommand.self, BundlePackCommand.self])
}

/// `tatami bundle check PATH|ID`.
struct BundleCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate a bundle and report every problem found; exit 0 when clean, 3 when broken.",
    discussion: """
      Checks entry paths, links and special files, decompressed-size caps, the manifest schema, the required \
      files and the answers header, then the catalog gates of docs/catalog-gates.md, each a measured number \
      against its threshold: size (>= 300 Public and >= 700 Private answer rows), stability (Spearman of the \
      reference board's public vs private scores >= 0.7), headroom (no reference entry closes >= 0.98 of the \
      gap prior -> perfect), learnable (the best closes >= 0.10, the baseline beats the prior), gap (baseline \
      |public - private| / |private| < 0.25), and, reported only, whether the baseline is first on its board. \
      The reference board is found as `tatami board` finds it ($TATAMI_LEADERBOARDS, then the Leaderboards/ \
      folder beside the bundle's catalog folder) unless --board names one; without a board the gates that \
      need it are skipped. A failed gate exits 3.

      Examples:
        tatami bundle check Competitions/diamonds-log-price.tar.gz --json
        tatami bundle check Competitions/diamonds-log-price.tar.gz --board Leaderboards/diamonds-log-price.csv
        tatami bundle check Competitions/catsup-brand-choice.tar.gz --no-catalog-gates
      """)

  @Argument(
    help: ArgumentHelp("A bundle directory or archive, or the id of a catalog competition.", valueName: "PATH|ID"))
  var target: String

  @Flag(
    help: """
      Print a JSON report: {"path", "id", "valid", "error", "problems", "files", "reference_board", "gates"}.
      """)
  var json = false

  @Option(
    name: .customLong("board"),
    help: ArgumentHelp(
      "The reference leaderboard file the catalog gates read (default: the competition's board, found as tatami board finds it).",
      valueName: "FILE"))
  var boardFile: String?

  @Flag(
    name: .customLong("no-catalog-gates"),
    help: "Skip the catalog gates (size, stability, headroom, learnable, gap): for a bundle not meant for the catalog.")
  var skipCatalogGates = false

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    var path = target
    if !FileManager.default.fileExists(atPath: target) {
      try Failure.reporting(json: json) { () throws(BundleError) in
        path = try catalog.makeCatalog().find(target).location
      }
    }
    var inspection = CompetitionBundle.check(path)
    var gates: CatalogGateReport?
    if !skipCatalogGates, let bundle = inspection.answersBundle {
      do throws(BoardError) {
        let directories = CommandContext(catalog: catalog).locations.leaderboardDirectories
        let report = try CatalogGateCheck.run(bundle, boardFile: boardFile, directories: directories)
        gates = report
        inspection.problems += report.failures.map { BundleError.failedGate(gate: $0.gate.rawValue, detail: $0.line) }
      } catch {
        // Answers that do not read are already a problem of the inspection; a board that does not read is one more.
        if case .reference(let reference) = error {
          inspection.problems.append(.failedGate(gate: "reference board", detail: reference.message))
        }
      }
    }
    if json {
      try Output.printJSON(CheckJSON(inspection, gates: gates))
    } else {
      printText(inspection, gates: gates)
    }
    if !inspection.problems.isEmpty { throw ExitCode(3) }
  }

  private func printText(_ inspection: BundleInspection, gates: CatalogGateReport?) {
    if let gates {
      let board = gates.boardFiles.isEmpty ? "no reference board" : "board " + gates.boardFiles.joined(separator: ", ")
      Output.write("catalog gates (docs/catalog-gates.md; \(board)):")
      let width = gates.results.map(\.gate.title.count).max() ?? 0
      for result in gates.results {
        // A report-only gate never fails the bundle: it is a note, whatever its measure says.
        let mark = result.gate.isReportOnly ? "note" : result.status == .passed ? "pass" : result.status == .skipped ? "skip" : "FAIL"
        let title = result.gate.title.padding(toLength: width, withPad: " ", startingAt: 0)
        Output.write("  \(mark)  \(title)  \(result.line)")
      }
    }
    for problem in inspection.problems {
      Output.printError("error: \(problem.message)")
      Output.printError("  hint: \(problem.cliHint)")
    }
    let files = inspection.entries.filter { $0.kind == .file }
    let bytes = files.reduce(0) { $0 + $1.size }
    let name = inspection.manifest.map { " (\($0.id))" } ?? ""
    if inspection.problems.isEmpty {
      Output.write("ok: \(Output.field(inspection.location + name)): \(files.count) files, \(formatBytes(bytes))")
    } else {
      let count = inspection.problems.count
      Output.printError("\(inspection.location)\(name): \(count) problem\(count == 1 ? "" : "s")")
    }
  }
}

extension GateResult {
  /// The measures against their thresholds, then the detail: `spearman 0.43 (>= 0.7); Spearman of …`.
  var line: String {
    let numbers = measures.map { measure in
      let value = measure.value.map { String(format: "%.6g", $0) } ?? "n/a"
      return "\(measure.name) \(value) (\(measure.comparison.rawValue) \(String(format: "%.6g", measure.threshold)))"
    }
    return (numbers + [detail]).joined(separator: "; ")
  }
}

/// `tatami bundle check --json`.
struct CheckJSON: Encodable {
  var path: String
  var id: String?
  var valid: Bool
  var error: ErrorJSON?
  var problems: [ErrorJSON]
  var files: [ShowJSON.FileJSON]
  /// The reference board the catalog gates read; null without one or with --no-catalog-gates.
  @ExplicitNull var referenceBoard: String?
  /// One object per catalog gate; null when they were not run (--no-catalog-gates, or no answers to read).
  @ExplicitNull var gates: [GateJSON]?

  enum CodingKeys: String, CodingKey {
    case path, id, valid, error, problems, files
    case referenceBoard = "reference_board"
    case gates
  }

  init(_ inspection: BundleInspection, gates report: CatalogGateReport? = nil) {
    path = inspection.location
    id = inspection.manifest?.id
    valid = inspection.problems.isEmpty
    problems = inspection.problems.map(ErrorJSON.init)
    error = problems.first
    files = inspection.entries.filter { $0.kind == .file }.map {
      ShowJSON.FileJSON(path: $0.path, bytes: $0.size, rows: $0.csvRows)
    }
    referenceBoard = report?.boardFiles.first
    gates = report?.results.map(GateJSON.init)
  }

  /// One gate: `{"gate", "status", "report_only", "measures": [{"name", "value", "comparison", "threshold",
  /// "holds"}], "detail"}`; a value that could not be measured (or is infinite) is null.
  struct GateJSON: Encodable {
    var gate: String
    var status: String
    var reportOnly: Bool
    var measures: [MeasureJSON]
    var detail: String

    enum CodingKeys: String, CodingKey {
      case gate, status
      case reportOnly = "report_only"
      case measures, detail
    }

    init(_ result: GateResult) {
      gate = result.gate.rawValue
      status = result.status.rawValue
      reportOnly = result.gate.isReportOnly
      measures = result.measures.map(MeasureJSON.init)
      detail = result.detail
    }
  }

  struct MeasureJSON: Encodable {
    var name: String
    @ExplicitNull var value: Double?
    var comparison: String
    var threshold: Double
    var holds: Bool

    init(_ measure: GateMeasure) {
      name = measure.name
      value = measure.value.flatMap { $0.isFinite ? $0 : nil }
      comparison = measure.comparison.rawValue
      threshold = measure.threshold
      holds = measure.holds
    }
  }
}

/// `tatami bundle pack DIR`.
struct BundlePackCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pack",
    abstract: "Pack a bundle directory into a deterministic .tar.gz.",
    discussion: """
      The directory is checked first and not packed if it has problems. Entries go under a folder named after \
      the manifest id, sorted, with mtime 0 and owner 0:0, so the same content always gives the same bytes.

      Example: tar xzf Competitions/catsup-brand-choice.tar.gz && tatami bundle pack catsup-brand-choice -o catsup-brand-choice-copy.tar.gz
      """)

  @Argument(help: ArgumentHelp("The bundle directory to pack.", valueName: "DIR"))
  var directory: String

  @Option(
    name: [.short, .customLong("output")],
    help: ArgumentHelp("The archive to write (default: ./<id>.tar.gz).", valueName: "FILE"))
  var output: String?

  func run() throws {
    let inspection = CompetitionBundle.check(directory)
    guard let bundle = inspection.bundle else {
      for problem in inspection.problems.dropFirst() { Output.printError("error: \(problem.message)") }
      throw Failure.report(inspection.problems.first ?? .missingFile("competition.yaml"), json: false)
    }
    let destination = output ?? bundle.manifest.id + ".tar.gz"
    try Failure.reporting(json: false) { () throws(BundleError) in try bundle.pack(to: destination) }
    let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
    Output.write("wrote \(destination) (\(formatBytes(size)))")
  }
}
