import Basics
import Agents
import ArgumentParser
import Arena
import Bench
import Catalog
import Foundation
import Leaderboard

/// Ctrl-C (or SIGTERM from a scheduler) count: the first stops the bench cleanly, the second kills its episodes.
nonisolated(unsafe) private var stopSignals: sig_atomic_t = 0

/// What `--emit` writes.
enum EmitFormat: String, ExpressibleByArgument, CaseIterable {
  case slurm
}

/// `tatami bench`: every (agent, competition, seed) episode, J at a time, resumable, shardable.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Run agents over competitions and seeds in parallel; resumable, shardable across machines.",
    discussion: """
      Examples:
        tatami bench demo --agent baseline --agent search --competitions catsup-brand-choice,email-spam --seeds 2 --steps 5
        tatami bench big --agent search --competitions catsup-brand-choice,email-spam --seeds 3 --emit slurm --shards 6 -o big.sbatch

      Every episode is exactly a `tatami run` (same sandbox, same records), with its runs under the bench \
      directory ($TATAMI_HOME/benches/NAME, or --dir) and its final submission in the bench's own \
      leaderboard.sqlite. Run the same command again to resume: finished episodes are kept, unfinished and \
      failed ones run again. Ctrl-C stops cleanly (episodes end after their current step; a second Ctrl-C \
      kills them) and leaves the bench resumable. Then report on it: `report NAME`. --split S takes the \
      competitions of a split, once manifests name splits.

      --shard I/N runs every N-th episode from the I-th into its own directory; --emit slurm writes an \
      `sbatch --array` script that runs the N shards on a cluster (docs/reports.md).

      Exit codes: 0 every episode has a result (an agent's own errors are results); 1 some episodes failed for \
      harness reasons (rerun to retry them); 3 the bench could not start; 130 interrupted.
      """)

  @Argument(help: "The bench's name (its directory is $TATAMI_HOME/benches/NAME unless --dir).")
  var name: String

  @Option(help: ArgumentHelp("An agent (repeatable): search, baseline, llm or cmd:PROGRAM.", valueName: "agent"))
  var agent: [String] = []

  @Option(help: ArgumentHelp("Every competition of this split: lite, dev, test or train.", valueName: "split"))
  var split: Split?

  @Option(help: ArgumentHelp("Competition ids, comma-separated.", valueName: "ids"))
  var competitions: String?

  @Option(help: "Seeds 0..<N for every agent and competition.")
  var seeds: Int = 1

  @Option(help: "Episodes at once (default: one per core, as many as the memory holds at --memory each).")
  var jobs: Int?

  @Option(help: ArgumentHelp("The bench directory (default: $TATAMI_HOME/benches/NAME).", valueName: "dir"))
  var dir: String?

  @Option(help: ArgumentHelp("Run only slice I of N of the plan, e.g. 2/8.", valueName: "I/N"))
  var shard: String?

  @Option(help: ArgumentHelp("Write a cluster script instead of running: slurm.", valueName: "engine"))
  var emit: EmitFormat?

  @Option(help: "With --emit: the number of shards (array tasks); default one per episode, at most 100.")
  var shards: Int?

  @Option(help: ArgumentHelp("With --emit slurm: the partition to submit to.", valueName: "name"))
  var slurmPartition: String?

  @Option(name: .shortAndLong, help: ArgumentHelp("With --emit: write the script here.", valueName: "file"))
  var output: String?

  @OptionGroup var budget: BenchRunFlags
  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let context = CommandContext(catalog: catalog)
    let environment = context.environment.values
    let home = context.locations.home
    let plan = try makePlan()
    if let emit {
      try emitScript(emit, plan: plan, home: home)
      return
    }
    let directory = BenchDirectory(path: benchPath(home: home, shard: plan.shard))
    let lock: BenchLock
    let competitionContexts = contexts(plan.competitions, context: context)
    do throws(BenchError) {
      lock = try directory.lock()
      try directory.prepare(plan, contexts: competitionContexts)
    } catch {
      throw fail(error.description)
    }
    try checkEnvironment(environment, home: home)
    let jobCount = jobs ?? BenchRunner.defaultJobs(memoryBytes: budget.memoryBytes ?? 4 << 30)
    let runner = BenchRunner(plan: plan, directory: directory, command: EpisodeCommand.current(), jobs: jobCount)
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber) { _ in stopSignals += 1 }
    }
    signal(SIGPIPE, SIG_IGN)
    let display = BenchDisplay(terminal: isatty(2) != 0)
    Output.printError(
      "tatami bench \(plan.name): \(plan.episodes.count) episodes\(plan.shard.map { " (shard \($0))" } ?? ""),"
        + " \(jobCount) at a time, in \(directory.path)")
    let outcome = runner.run(
      report: display.show, stopRequested: { stopSignals >= 1 }, killRequested: { stopSignals >= 2 })
    display.finish()
    withExtendedLifetime(lock) {}
    try finish(outcome, plan: plan, directory: directory)
  }

  // MARK: - Plan

  private func makePlan() throws -> BenchPlan {
    guard !agent.isEmpty else { throw fail("name at least one --agent, e.g. --agent baseline") }
    for spec in agent where !Self.isAgentName(spec) {
      throw fail("unknown agent '\(spec)'; use one of \(AgentFactory.names.joined(separator: ", "))")
    }
    guard Set(agent).count == agent.count else { throw fail("an --agent is named twice") }
    guard seeds >= 1 else { throw fail("--seeds must be at least 1") }
    if let jobs, jobs < 1 { throw fail("--jobs must be at least 1") }
    var parsedShard: Shard?
    if let shard {
      guard let value = Shard(shard) else { throw fail("--shard takes I/N with 1 <= I <= N, e.g. 2/8") }
      parsedShard = value
    }
    return BenchPlan(
      name: name, agents: agent, competitions: try competitionIDs(), seeds: seeds,
      runArguments: try budget.arguments() + catalog.directories.flatMap { ["--catalog", Self.absolute($0)] },
      shard: parsedShard)
  }

  static func isAgentName(_ spec: String) -> Bool {
    ["search", "baseline", "llm"].contains(spec) || (spec.hasPrefix("cmd:") && spec.count > 4)
  }

  private func competitionIDs() throws -> [String] {
    switch (split, competitions) {
    case (nil, nil), (.some, .some): throw fail("give either --split S or --competitions ID,...")
    case (nil, let list?):
      let ids = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      guard !ids.isEmpty else { throw fail("--competitions lists no id") }
      guard Set(ids).count == ids.count else { throw fail("--competitions lists an id twice") }
      let known = Set(catalog.makeCatalog().list().entries.map(\.id))
      if let unknown = ids.first(where: { !known.contains($0) }) {
        throw fail("unknown competition '\(unknown)'; `tatami list` shows the catalog")
      }
      return ids
    case (let split?, nil):
      let ids = catalog.makeCatalog().list().entries.filter { $0.manifest.split == split }.map(\.id)
      guard !ids.isEmpty else {
        throw fail("no competition in split '\(split.rawValue)' (manifests name theirs with `split:`)")
      }
      return ids
    }
  }

  /// Each competition's direction, baseline and reference board, found as `tatami run` finds them.
  private func contexts(_ ids: [String], context: CommandContext) -> [CompetitionContext] {
    let entries = Dictionary(context.catalog.list().entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    return ids.compactMap { id in
      guard let entry = entries[id] else { return nil }
      let folders = context.locations.leaderboardDirectories + [ReferenceBoard.directory(besideBundleAt: entry.location)]
      return CompetitionContext.load(
        id: id, title: entry.manifest.title, metric: entry.manifest.metric.name,
        higherIsBetter: entry.higherIsBetter ?? true, baselinePrivateScore: entry.manifest.baseline?.privateScore,
        folders: folders)
    }
  }

  private func benchPath(home: String, shard: Shard?) -> String {
    if let dir { return Self.absolute(dir) }
    let root = home + "/benches/" + name
    return shard.map { root + "/shards/" + $0.folder } ?? root
  }

  /// Bubblewrap and the Python runtime, once, before episodes start in parallel (the runtime is created
  /// on first use; two episodes must not race to create it).
  private func checkEnvironment(_ environment: [String: String], home: String) throws {
    do {
      if !budget.unsafeNoSandbox { _ = try Sandbox.locateBubblewrap(environment: environment) }
      _ = try PythonRuntime.resolve(environment: environment, home: home) { Output.printError($0) }
    } catch {
      throw fail(error.description)
    }
  }

  // MARK: - Ending

  private func finish(_ outcome: BenchOutcome, plan: BenchPlan, directory: BenchDirectory) throws {
    for (key, failure) in outcome.failures {
      Output.printError("failed: \(key.agent) on \(key.competition) seed \(key.seed): \(failure.reason)")
      let tail = failure.stderrTail.split(separator: "\n").suffix(3).joined(separator: "\n    ")
      if !tail.isEmpty { Output.printError("    \(tail)") }
      Output.printError("    log: \(directory.stderrFile(key))")
    }
    Output.printError(
      "bench \(plan.name): \(outcome.done)/\(outcome.total) episodes have a result, \(outcome.failures.count) failed,"
        + " \(outcome.unfinished) unfinished, in \(Progress.clock(outcome.seconds)). Report: tatami report "
        + (dir == nil && plan.shard == nil ? plan.name : directory.path))
    if !outcome.failures.isEmpty { throw ExitCode(1) }
    if outcome.unfinished > 0 { throw ExitCode(130) }
  }

  // MARK: - Slurm

  private func emitScript(_ format: EmitFormat, plan: BenchPlan, home: String) throws {
    guard plan.shard == nil else { throw fail("--emit writes the script for every shard; leave out --shard") }
    let episodes = plan.allEpisodes.count
    let count = shards ?? min(episodes, 100)
    guard count >= 1 else { throw fail("--shards must be at least 1") }
    let perTask = jobs ?? 1
    let perShard = (episodes + count - 1) / count
    let episodeMinutes = ((budget.timeSeconds ?? 3600) + 59) / 60 + 5
    let memory = (budget.memoryBytes ?? 4 << 30) >> 20
    let resources = SlurmResources(
      jobs: perTask, memoryMiB: memory * perTask + 1024, minutes: episodeMinutes * ((perShard + perTask - 1) / perTask) + 10,
      partition: slurmPartition)
    let root = dir.map(Self.absolute) ?? home + "/benches/" + name
    let script = SlurmScript.render(
      plan: plan, shards: count, root: root, executable: EpisodeCommand.current().executable, resources: resources)
    // Slurm opens each task's --output file before the script runs, so its folder must exist already.
    do {
      try FileManager.default.createDirectory(atPath: root + "/slurm", withIntermediateDirectories: true)
    } catch {
      throw fail("cannot create \(root)/slurm for the tasks' output: \(error.localizedDescription)")
    }
    if let output {
      try Data(script.utf8).write(to: URL(fileURLWithPath: output))
      Output.printError("wrote \(output): sbatch \(output), then tatami report \(root)")
    } else {
      print(script, terminator: "")
    }
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
      .standardizedFileURL.path
  }

  private func fail(_ message: String) -> ExitCode {
    Output.printError("error: \(message)")
    return ExitCode(3)
  }
}

/// The flags of `tatami run` a bench passes on to every episode, only those given.
struct BenchRunFlags: ParsableArguments {
  @OptionGroup var limits: BudgetFlags

  @Option(help: ArgumentHelp("Reward mode (as tatami run).", valueName: "mode"))
  var reward: String?

  @Flag(help: "Run agent code WITHOUT a sandbox (as tatami run). Unsafe.")
  var unsafeNoSandbox = false

  @OptionGroup var llm: LLMFlags

  var timeSeconds: Int? { limits.time.flatMap(Quantities.seconds) }
  var memoryBytes: Int? { limits.memory.flatMap(Quantities.bytes) }

  /// The flags as `tatami run` reads them, checked here so a typo fails before the first episode.
  func arguments() throws -> [String] {
    let budget: [String]
    do throws(BudgetFlags.Problem) {
      budget = try limits.arguments()
    } catch {
      throw ValidationError(error.message)
    }
    return budget + (reward.map { ["--reward", $0] } ?? []) + (try llm.arguments())
      + (unsafeNoSandbox ? ["--unsafe-no-sandbox"] : [])
  }
}

/// The progress display: one redrawn status line on a terminal, plain lines otherwise.
final class BenchDisplay {
  let terminal: Bool
  private var drawn = false

  init(terminal: Bool) { self.terminal = terminal }

  func show(_ progress: BenchProgress) {
    let status = Self.status(progress)
    if terminal {
      var text = "\r\u{1B}[K"
      if let event = progress.event { text += event + "\n" }
      text += String(status.prefix(Self.width() - 1))
      FileHandle.standardError.write(Data(text.utf8))
      drawn = true
    } else if let event = progress.event {
      Output.printError(event + " | " + status)
    }
  }

  func finish() {
    if terminal && drawn { FileHandle.standardError.write(Data("\n".utf8)) }
  }

  static func status(_ progress: BenchProgress) -> String {
    var text = "[\(progress.done)/\(progress.total) done, \(progress.running) running, \(progress.failed) failed] "
      + Progress.clock(progress.elapsed) + " elapsed"
    if let left = progress.estimatedLeft { text += ", ~" + Progress.clock(left) + " left" }
    if progress.stopping { text += ", stopping (Ctrl-C again kills)" }
    for agent in progress.agents {
      text += " | \(agent.agent): \(agent.done) done, \(agent.medals) medals"
      if let best = agent.bestHumanRank { text += ", best HumanRank " + String(format: "%.3f", best) }
    }
    return text
  }

  static func width() -> Int {
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 120
  }
}
