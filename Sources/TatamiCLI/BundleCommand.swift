import Basics
import ArgumentParser
import Catalog
import Foundation

/// `tatami bundle`: check and pack competition bundles.
struct BundleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bundle",
    abstract: "Check or pack a competition bundle (see docs/bundle-format.md).",
    discussion: "Example: tatami bundle check Competitions/penguins-species.tar.gz",
    subcommands: [BundleCheckCommand.self, BundlePackCommand.self])
}

/// `tatami bundle check PATH|ID`.
struct BundleCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate a bundle and report every problem found; exit 0 when clean, 3 when broken.",
    discussion: """
      Checks entry paths, links and special files, decompressed-size caps, the manifest schema, the required \
      files and the answers header.

      Example: tatami bundle check Competitions/penguins-species.tar.gz --json
      """)

  @Argument(
    help: ArgumentHelp("A bundle directory or archive, or the id of a catalog competition.", valueName: "PATH|ID"))
  var target: String

  @Flag(help: "Print a JSON report: {\"path\", \"id\", \"valid\", \"error\", \"problems\", \"files\"}.")
  var json = false

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    var path = target
    if !FileManager.default.fileExists(atPath: target) {
      try Failure.reporting(json: json) { () throws(BundleError) in
        path = try catalog.makeCatalog().find(target).location
      }
    }
    let inspection = CompetitionBundle.check(path)
    if json {
      try Output.printJSON(CheckJSON(inspection))
    } else {
      printText(inspection)
    }
    if !inspection.problems.isEmpty { throw ExitCode(3) }
  }

  private func printText(_ inspection: BundleInspection) {
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

/// `tatami bundle check --json`.
struct CheckJSON: Encodable {
  var path: String
  var id: String?
  var valid: Bool
  var error: ErrorJSON?
  var problems: [ErrorJSON]
  var files: [ShowJSON.FileJSON]

  init(_ inspection: BundleInspection) {
    path = inspection.location
    id = inspection.manifest?.id
    valid = inspection.problems.isEmpty
    problems = inspection.problems.map(ErrorJSON.init)
    error = problems.first
    files = inspection.entries.filter { $0.kind == .file }.map {
      ShowJSON.FileJSON(path: $0.path, bytes: $0.size, rows: $0.csvRows)
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

      Example: tar xzf Competitions/penguins-species.tar.gz && tatami bundle pack penguins-species -o penguins-species-copy.tar.gz
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
