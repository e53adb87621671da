import Basics
import ArgumentParser
import Arena
import Catalog
import Foundation

/// `tatami runs`: past episodes, and their export for supervised fine-tuning.
struct RunsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runs",
    abstract: "List past episodes, or export them as chat-format JSONL.",
    subcommands: [RunsList.self, RunsExport.self],
    defaultSubcommand: RunsList.self)
}

extension RunsOption {
  /// The runs folder: `--runs-dir`, `TATAMI_RUNS`, else `$TATAMI_HOME/runs`.
  var path: String { CommandContext(catalog: nil, runs: self).locations.runsDirectory }
}

struct RunsList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List past episodes, newest first.",
    discussion: """
      Examples:
        tatami runs list
        tatami runs list --json
      """)

  @OptionGroup var location: RunsOption

  @Flag(help: "Print the runs as JSON.")
  var json = false

  func run() throws {
    let runs = RunIndex.list(location.path)
    if json {
      try Output.printJSON(runs)
      return
    }
    guard !runs.isEmpty else {
      Output.write("no runs in \(location.path)")
      return
    }
    func format(_ value: Double?) -> String { value.map { String(format: "%.5g", $0) } ?? "-" }
    let rows = runs.map { run -> [String] in
      guard let result = run.result else { return [run.runID, "-", "-", "incomplete", "-", "-", "-", "-", "-", "-"] }
      return [
        run.runID, result.competition, result.teamName, result.status.rawValue, String(result.steps),
        format(result.bestPublicScore), format(result.finalPrivateScore), format(result.baselinePrivateScore),
        result.beatsBaseline.map { $0 ? "yes" : "no" } ?? "-",
        result.humanRank.map { String(format: "%.3f", $0) } ?? "-",
      ]
    }
    Output.write(Output.table(
      header: ["run", "competition", "team", "status", "steps", "best public", "final private", "baseline", "beats",
        "humanrank"],
      rows: rows))
  }
}

struct RunsExport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export trajectories as chat-format JSONL for supervised fine-tuning.",
    discussion: """
      One line per run: {"messages": [system, user (task), assistant (action), user (feedback), ...],
      "metadata": {...}}. Private scores appear only in metadata, never in the messages. Filters combine:
      a run passes when it matches one value of each filter given.

      Examples:
        tatami runs export -o sft.jsonl
        tatami runs export --competition catsup-brand-choice --agent search --outcome beats-baseline
      """)

  @Argument(help: "Run ids (default: every run).")
  var runIDs: [String] = []

  @OptionGroup var location: RunsOption

  @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
  var output: String?

  @Flag(help: "Only runs whose final submission beats the baseline (as --outcome beats-baseline).")
  var onlyBeatingBaseline = false

  @Option(help: ArgumentHelp("Only runs on this competition (repeatable).", valueName: "id"))
  var competition: [String] = []

  @Option(help: ArgumentHelp("Only runs of this agent, e.g. search, llm, remote (repeatable).", valueName: "name"))
  var agent: [String] = []

  @Option(help: ArgumentHelp(
    "Only runs with this outcome: \(ExportOutcome.allCases.map(\.rawValue).joined(separator: ", ")) (repeatable).",
    valueName: "outcome"))
  var outcome: [ExportOutcome] = []

  func run() throws {
    let all = RunIndex.list(location.path)
    if let unknown = runIDs.first(where: { id in !all.contains { $0.runID == id } }) {
      Output.printError("error: no run '\(unknown)' in \(location.path)")
      Output.printError("hint: `tatami runs` lists the run ids; --runs-dir (or TATAMI_RUNS) chooses the folder")
      throw ExitCode(3)
    }
    var filter = RunFilter(runIDs: runIDs, competitions: competition, agents: agent, outcomes: outcome)
    if onlyBeatingBaseline { filter.outcomes.append(.beatsBaseline) }
    let runs = all.filter(filter.matches)
    var lines: [String] = []
    for run in runs {
      if let line = TrajectoryExport.chatLine(trajectory: run.directory + "/trajectory.jsonl") { lines.append(line) }
    }
    let text = lines.map { $0 + "\n" }.joined()
    if let output {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output))
      Output.printError("wrote \(lines.count) conversations to \(output)")
    } else {
      print(text, terminator: "")  // JSON lines, exact
    }
  }
}

extension ExportOutcome: ExpressibleByArgument {}
