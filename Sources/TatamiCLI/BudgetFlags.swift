import ArgumentParser
import Arena
import Basics
import Scoring

/// An episode's budget flags, declared once: `tatami run` reads them as its budget request, and `tatami bench`
/// passes the ones given on to every episode's `tatami run`.
struct BudgetFlags: ParsableArguments {
  @Option(help: "Steps (actions) the agent may take (default: the bundle's limits, else 20).")
  var steps: Int?

  @Option(
    help: ArgumentHelp(
      "Wall time of the episode, e.g. 30m, at most 30d (default: the bundle's, else 1h).", valueName: "duration"))
  var time: String?

  @Option(
    help: ArgumentHelp(
      "Wall time of one step's code, e.g. 10m, at most 30d (default: the bundle's, else 10m).", valueName: "duration"))
  var stepTimeout: String?

  @Option(help: ArgumentHelp("Address space per process, e.g. 4G (default: the bundle's, else 4G).", valueName: "size"))
  var memory: String?

  @Option(help: ArgumentHelp("What working/ may hold, e.g. 8G (default: 8G).", valueName: "size"))
  var disk: String?

  @Option(help: ArgumentHelp("Largest single file the code may write, e.g. 2G (default: 2G).", valueName: "size"))
  var maxFileSize: String?

  @Option(help: ArgumentHelp("Output of each stream kept in a step's log, e.g. 16M (default: 16M).", valueName: "size"))
  var outputLimit: String?

  @Option(help: "Processes and threads the code may run at once (default: 256).")
  var maxProcesses: Int?

  /// A flag's value that does not read as a duration or a size, in a sentence naming the flag.
  struct Problem: Error {
    var message: String
  }

  /// The flags as a budget request, every duration and size checked.
  func request() throws(Problem) -> BudgetRequest {
    BudgetRequest(
      steps: steps, seconds: try Self.seconds(time, flag: "--time"),
      stepTimeoutSeconds: try Self.seconds(stepTimeout, flag: "--step-timeout"),
      memoryBytes: try Self.bytes(memory, flag: "--memory"), diskBytes: try Self.bytes(disk, flag: "--disk"),
      fileSizeBytes: try Self.bytes(maxFileSize, flag: "--max-file-size"),
      outputBytes: try Self.bytes(outputLimit, flag: "--output-limit"), processes: maxProcesses)
  }

  /// The flags given, as `tatami run` reads them, checked first so that a typo fails before the first episode.
  func arguments() throws(Problem) -> [String] {
    _ = try request()
    let pairs: [(String, String?)] = [
      ("--steps", steps.map(String.init)), ("--time", time), ("--step-timeout", stepTimeout), ("--memory", memory),
      ("--disk", disk), ("--max-file-size", maxFileSize), ("--output-limit", outputLimit),
      ("--max-processes", maxProcesses.map(String.init)),
    ]
    return pairs.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
  }

  private static func seconds(_ text: String?, flag: String) throws(Problem) -> Int? {
    try parse(text, flag: flag, kind: "a duration like 90s, 15m or 2h", Quantities.parseSeconds)
  }

  private static func bytes(_ text: String?, flag: String) throws(Problem) -> Int? {
    try parse(text, flag: flag, kind: "a size like 512M or 4G", Quantities.parseBytes)
  }

  /// `text` read by `read`, or a sentence naming the flag: what it takes, or why the value is refused.
  private static func parse(
    _ text: String?, flag: String, kind: String, _ read: (String) throws(Quantities.Problem) -> Int
  ) throws(Problem) -> Int? {
    guard let text else { return nil }
    do throws(Quantities.Problem) {
      return try read(text)
    } catch .malformed {
      throw Problem(message: "\(flag) takes \(kind)")
    } catch {
      throw Problem(message: "\(flag) \(Excerpt.of(text)) \(error.reason)")
    }
  }
}
