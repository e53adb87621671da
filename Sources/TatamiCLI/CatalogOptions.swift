import ArgumentParser
import Basics
import Catalog
import Foundation
import Leaderboard

/// The `--catalog DIR` option shared by every command that looks competitions up.
struct CatalogOptions: ParsableArguments {
  @Option(
    name: .customLong("catalog"),
    help: ArgumentHelp(
      "Also search DIR for competition bundles (repeatable).",
      discussion: "Searched before TATAMI_COMPETITIONS and the repository's Competitions/; the first id wins.",
      valueName: "DIR"))
  var directories: [String] = []

  /// The catalog over `--catalog`, `TATAMI_COMPETITIONS`, `./Competitions` and the repository's `Competitions/`.
  func makeCatalog() -> Catalog { CommandContext(catalog: self).catalog }
}

/// The `--db PATH` option of the commands that read or write the leaderboard database.
struct DatabaseOption: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The leaderboard database (default: $TATAMI_DB, else $TATAMI_HOME/leaderboard.sqlite).", valueName: "path"))
  var path: String?
}

/// The `--runs-dir DIR` option of the commands that record or read runs.
struct RunsOption: ParsableArguments {
  @Option(help: ArgumentHelp("Where runs are recorded (default: $TATAMI_RUNS, else $TATAMI_HOME/runs).", valueName: "dir"))
  var runsDir: String?
}

/// What a command works with, resolved once at its start: the environment and every location.
struct CommandContext {
  let environment: Environment
  let locations: Locations

  init(catalog: CatalogOptions?, database: DatabaseOption? = nil, runs: RunsOption? = nil) {
    environment = Environment.current
    let overrides = Locations.Overrides(
      catalogDirectories: catalog?.directories ?? [], database: database?.path, runsDirectory: runs?.runsDir)
    locations = Locations.resolve(
      overrides, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath,
      executablePath: Self.executablePath())
  }

  /// The catalog over the resolved directories.
  var catalog: Catalog { Catalog(directories: locations.catalogDirectories, indexPath: locations.catalogIndex) }

  /// The running executable, resolved through `/proc/self/exe` where it exists.
  private static func executablePath() -> String? {
    if let resolved = FileSystem.realPath("/proc/self/exe") { return resolved }
    return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
  }
}

/// Prints a harness-side failure and turns it into exit code 3.
enum Failure {
  /// `error: <message>` and `hint: <hint>` on standard error; with `json`, `{"error": {...}}` on standard output.
  static func report(_ error: BundleError, json: Bool) -> ExitCode {
    Output.printError("error: \(error.message)")
    Output.printError("hint: \(error.cliHint)")
    if json { try? Output.printJSON(["error": ErrorJSON(error)]) }
    return ExitCode(3)
  }

  /// Runs `body`, reporting a `BundleError` as exit code 3.
  static func reporting(json: Bool, _ body: () throws(BundleError) -> Void) throws {
    do throws(BundleError) {
      try body()
    } catch {
      throw report(error, json: json)
    }
  }
}



extension BoardCatalog {
  /// The leaderboards of the context's catalog, database and reference-board folders.
  convenience init(_ context: CommandContext) {
    self.init(
      catalog: context.catalog, storePath: context.locations.database,
      leaderboardDirectories: context.locations.leaderboardDirectories)
  }
}

extension ErrorJSON {
  init(_ error: BundleError) { self.init(type: error.type, message: error.message, hint: error.cliHint) }
}
