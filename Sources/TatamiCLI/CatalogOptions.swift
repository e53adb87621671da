import ArgumentParser
import Catalog
import Foundation

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
  func makeCatalog() -> Catalog {
    let environment = ProcessInfo.processInfo.environment
    let searched = TatamiPaths.catalogDirectories(
      extra: directories, environment: environment,
      currentDirectory: FileManager.default.currentDirectoryPath, executablePath: Self.executablePath())
    return Catalog(directories: searched, indexPath: TatamiPaths.catalogIndex(environment: environment))
  }

  /// The running executable, resolved through `/proc/self/exe` where it exists.
  private static func executablePath() -> String? {
    if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
    return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
  }
}

/// Prints a harness-side failure and turns it into exit code 3.
enum Failure {
  /// `error: <message>` and `hint: <hint>` on standard error; with `json`, `{"error": {...}}` on standard output.
  static func report(_ error: BundleError, json: Bool) -> ExitCode {
    Output.printError("error: \(error.message)")
    Output.printError("hint: \(error.hint)")
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

/// The JSON shape of one harness-side problem.
struct ErrorJSON: Encodable {
  var type: String
  var message: String
  var hint: String

  init(_ error: BundleError) {
    type = error.type
    message = error.message
    hint = error.hint
  }
}
