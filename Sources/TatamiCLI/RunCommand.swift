import Basics
import Agents
import ArgumentParser
import Arena
import Catalog
import Foundation
import Leaderboard
import Scoring

/// Set by SIGINT; the driver stops between steps. A second Ctrl-C exits at once.
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one agent episode on a competition.",
    discussion: """
      Examples:
        tatami run catsup-brand-choice --agent search
        tatami run diamonds-log-price --agent baseline --json
        tatami run email-spam --agent cmd:'python3 examples/agent.py' --steps 10 --time 15m
        tatami run email-spam --agent llm --llm-model gpt-4o-mini      (OPENAI_API_KEY, OPENAI_BASE_URL)
        tatami run catsup-brand-choice --agent search --name search-v2 --steps 5

      Agents: search (built-in hyperparameter and model search), baseline (the bundle's baseline script),
      llm (an OpenAI-compatible chat model), cmd:PROGRAM (any program speaking the JSON-lines protocol of
      docs/agents.md). Agent code runs in a bubblewrap sandbox (docs/sandbox.md) with the managed Python runtime.
      A cmd: agent program itself runs outside the sandbox, with your rights: it could read the answers, so its
      runs are recorded with sandboxed_agent: false. --agent-sandbox runs the program in a sandbox of its own
      (network kept, the current directory read-only, the catalog, $TATAMI_HOME and the runs hidden):
        tatami run email-spam --agent cmd:'python3 examples/agent.py' --agent-sandbox
      Each step's feedback is described in docs/feedback.md; the run is recorded under $TATAMI_HOME/runs.

      The result is recorded on the leaderboard under --name (default: the agent, and for llm the model:
      llm:gpt-4o-mini). HumanRank, beats-baseline and the normalised score are defined in docs/numbers.md.

      Exit codes: 0 the episode ran (its status is in the output); 3 it could not run (unknown competition or
      agent, no sandbox, no Python runtime, bad arguments); 4 the agent could not start or its model server
      could not be reached (the run is recorded with status agent_unavailable).
      """)

  @Argument(help: "The competition id.")
  var id: String

  @Option(help: ArgumentHelp("search, baseline, llm or cmd:PROGRAM.", valueName: "agent"))
  var agent: String = "search"

  @Option(
    help: ArgumentHelp(
      "The team on the leaderboard and in `tatami runs` (default: the agent; llm:MODEL for llm).", valueName: "name"))
  var name: String?

  @OptionGroup var budgetFlags: BudgetFlags

  @Option(help: "Seed given to the agent and to the code ($TATAMI_SEED, PYTHONHASHSEED).")
  var seed: Int = 0

  @Option(help: ArgumentHelp("Reward in the feedback: human_rank, improvement or final.", valueName: "mode"))
  var reward: String = "human_rank"

  @OptionGroup var runs: RunsOption

  @OptionGroup var database: DatabaseOption

  @Flag(help: "Run a cmd: agent program in a sandbox of its own, without the answers (it runs on the host otherwise).")
  var agentSandbox = false

  @Flag(help: "Run agent code WITHOUT a sandbox (no namespaces; only rlimits and timeouts). Unsafe.")
  var unsafeNoSandbox = false

  @Flag(help: "Print the result as JSON (the progress still goes to standard error).")
  var json = false

  @Flag(help: "No progress lines.")
  var quiet = false

  @OptionGroup var llm: LLMFlags
  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let context = CommandContext(catalog: catalog, database: database, runs: runs)
    let environment = context.environment.values
    signal(SIGPIPE, SIG_IGN)
    signal(SIGINT) { _ in
      if interrupted != 0 { _exit(130) }
      interrupted = 1
    }
    let bundle: CompetitionBundle
    do {
      bundle = try context.catalog.open(id)
    } catch {
      throw Failure.report(error, json: json)
    }
    let budget = try makeBudget(bundle.manifest.limits)
    guard let rewardMode = RewardMode(rawValue: reward) else {
      throw fail("--reward takes human_rank, improvement or final, not '\(reward)'")
    }
    if agentSandbox && (!agent.hasPrefix("cmd:") || unsafeNoSandbox) {
      throw fail("--agent-sandbox applies to cmd: agents, with the sandbox (not with --unsafe-no-sandbox)")
    }
    let llmOptions = try llm.options(environment)
    let team = name ?? Self.teamName(AgentFactory.defaultTeam(agent, llm: llmOptions))
    // Checked before the episode, so that a name the leaderboard refuses does not cost a whole run.
    if let reason = TeamName.problem(with: team) {
      let hint = StoreError.invalidTeamName(name: team, reason: reason).hint
      throw fail("--name '\(team)' cannot be a team name: \(reason); \(hint)")
    }
    let episode: Episode
    let agentInstance: any Agent
    do {
      let setup = try EpisodeSetup(
        locations: context.locations, environment: context.environment, unsafeNoSandbox: unsafeNoSandbox
      ) { Output.printError($0) }
      let sandbox = try setup.sandbox(budget.sandbox)
      if !sandbox.isolated && !quiet {
        Output.printError("warning: --unsafe-no-sandbox: agent code runs with your rights, network and files")
      }
      let sandboxedAgent: Bool? = agent.hasPrefix("cmd:") ? agentSandbox : nil
      episode = try setup.episode(
        bundle,
        config: EpisodeConfig(
          agent: agent, team: team, budget: budget, seed: seed, reward: rewardMode, sandboxedAgent: sandboxedAgent),
        sandbox: sandbox)
      let workspace = episode.workspace
      let agentView = agentSandbox
        ? (sandbox, agentSandboxView(context.locations), workspace.mounts) : nil
      let quiet = self.quiet
      agentInstance = try AgentFactory.make(
        agent, bundle: bundle, seed: seed, runDirectory: workspace.directory, llm: llmOptions,
        onRetry: { retry in
          guard !quiet else { return }
          Output.printError(
            "llm: \(retry.url): \(retry.error.description); retry \(retry.attempt)/\(retry.maxRetries)"
              + " in \(String(format: "%.1f", retry.delaySeconds)) s")
        },
        agentSandbox: agentView)
    } catch let error as SandboxError {
      throw fail(error.cliMessage)
    } catch let error as AgentError {
      throw fail(error.message)
    } catch let error as BundleError {
      throw Failure.report(error, json: json)
    }
    if !quiet {
      Output.printError(
        "tatami: \(agent) on \(bundle.manifest.id): \(budget.steps) steps, \(Progress.clock(Double(budget.seconds))),"
          + " run \(episode.workspace.runID)")
    }
    let printer = Progress(quiet: quiet, metric: episode.task.metric.name)
    let result = EpisodeDriver.run(
      agentInstance, in: episode, progress: printer.step, shouldStop: { interrupted != 0 },
      describe: { $0.described(by: \.cliText) })
    if json {
      try Output.printJSON(result)
    } else {
      printText(result)
    }
    if result.status == .agentUnavailable {
      Output.printError("error: \(result.note ?? "the agent could not start")")
      throw ExitCode(4)
    }
  }

  /// A default team the leaderboard accepts: the agent's name, characters it refuses as `?`, a long `cmd:` line
  /// cut to the limit with an ellipsis.
  static func teamName(_ base: String) -> String {
    var scalars = base.unicodeScalars.map { $0 == " " || TeamName.problem(with: String($0)) == nil ? $0 : "?" }
    if scalars.count > TeamName.maxLength { scalars = scalars.prefix(TeamName.maxLength - 1) + ["…"] }
    let text = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
    return text.isEmpty ? "agent" : text
  }

  /// The flags as a budget request (sizes and durations checked by `BudgetFlags`), resolved by the Arena's one
  /// budget policy.
  private func makeBudget(_ limits: Manifest.Limits) throws -> Budget {
    let request: BudgetRequest
    do throws(BudgetFlags.Problem) {
      request = try budgetFlags.request()
    } catch {
      throw fail(error.message)
    }
    do throws(BudgetError) {
      return try Budget.resolve(request, limits: limits, processors: ProcessInfo.processInfo.activeProcessorCount)
    } catch {
      throw fail(error.message)
    }
  }

  /// What a sandboxed agent program sees: the current directory, minus the catalog, the reference leaderboards
  /// (also the `Leaderboards/` folders beside the catalog's), the state folder, the runs and the database.
  private func agentSandboxView(_ locations: Locations) -> AgentSandboxView {
    let beside = locations.catalogDirectories.map {
      URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("Leaderboards").path
    }
    let hidden = locations.catalogDirectories + locations.leaderboardDirectories + beside
      + [locations.home, locations.runsDirectory, locations.database]
    return AgentSandboxView(directory: FileManager.default.currentDirectoryPath, hidden: hidden)
  }

  private func fail(_ message: String) -> ExitCode {
    Output.printError("error: \(message)")
    if json { try? Output.printJSON(["error": ErrorJSON(type: "run_failed", message: message, hint: "")]) }
    return ExitCode(3)
  }

  private func printText(_ result: EpisodeResult) {
    func format(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "-" }
    Output.write("run        \(result.runID)")
    Output.write("team       \(result.teamName)")
    Output.write("status     \(result.status.rawValue)\(result.note.map { " (\($0))" } ?? "")")
    Output.write("steps      \(result.steps) in \(Progress.clock(result.seconds))")
    Output.write("metric     \(result.metric) (\(result.higherIsBetter ? "higher" : "lower") is better)")
    Output.write("public     best \(format(result.bestPublicScore)), baseline \(format(result.baselinePublicScore))")
    Output.write("private    final \(format(result.finalPrivateScore)) (step \(result.finalSubmissionStep.map(String.init) ?? "-")),"
      + " baseline \(format(result.baselinePrivateScore))"
      + (result.beatsBaseline.map { $0 ? ": beats the baseline" : ": does not beat the baseline" } ?? ""))
    if let rank = result.privateRank, let size = result.leaderboardSize {
      Output.write(
        "rank       \(rank)/\(size), HumanRank \(format(result.humanRank)) (public \(format(result.publicPositionScore)),"
          + " private \(format(result.privatePositionScore))), normalised \(format(result.normalizedScore))"
          + (result.medal.map { ", \($0.rawValue)" } ?? ""))
    }
    if let tokens = result.tokens {
      Output.write("tokens     \(tokens.promptTokens) prompt, \(tokens.completionTokens) completion, $\(String(format: "%.4f", tokens.costUSD))")
    }
    Output.write("trajectory \(result.trajectory)")
  }
}

/// One progress line per step on standard error: step n/N, elapsed and remaining time, best score, last status.
struct Progress {
  let quiet: Bool
  let metric: String

  func step(_ progress: StepProgress) {
    guard !quiet else { return }
    let best = progress.bestPublicScore.map { String(format: "%.6g", $0) } ?? "-"
    let width = String(progress.steps).count
    let number = String(repeating: " ", count: max(0, width - String(progress.step).count)) + String(progress.step)
    var status = progress.feedback.message
    if status.count > 90 { status = String(status.prefix(89)) + "…" }
    Output.printError(
      "[\(number)/\(progress.steps)] \(Self.clock(progress.elapsed)) elapsed, \(Self.clock(progress.secondsLeft)) left"
        + " | best \(metric) \(best) | \(progress.feedback.action): \(status)")
  }

  static func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded(.down))
    let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60)
    return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%02d:%02d", minutes, rest)
  }
}

/// Flags of the llm agent; each falls back to an environment variable.
///
/// Declared once for `tatami run` and `tatami bench` (which passes the ones given on to every episode); each
/// is optional, so that a bench can tell the flags given from the defaults, which `options` fills in.
struct LLMFlags: ParsableArguments {
  @Option(help: ArgumentHelp("OpenAI-compatible base URL (default: $OPENAI_BASE_URL, else https://api.openai.com/v1).", valueName: "url"))
  var llmBaseURL: String?

  @Option(help: ArgumentHelp("Model name (default: $TATAMI_LLM_MODEL, else gpt-4o-mini).", valueName: "name"))
  var llmModel: String?

  @Option(help: ArgumentHelp("Environment variable holding the API key (default: OPENAI_API_KEY).", valueName: "var"))
  var llmKeyEnv: String?

  @Option(help: "Sampling temperature (default: 0.2).")
  var llmTemperature: Double?

  @Option(help: "Largest completion, in tokens (default: 4096).")
  var llmMaxTokens: Int?

  @Option(help: "Stop after spending this many US dollars (default: 0 = no limit).")
  var llmBudget: Double?

  @Option(help: ArgumentHelp("Prices per million tokens, prompt:completion, for cost accounting (default: 0:0).", valueName: "p:c"))
  var llmPrice: String?

  @Option(help: "Context window in tokens; older feedback is summarised to fit (default: 32000).")
  var llmContext: Int?

  func options(_ environment: [String: String]) throws -> LLMOptions {
    let prices = try self.prices()
    let keyVariable = llmKeyEnv ?? "OPENAI_API_KEY"
    return LLMOptions(
      baseURL: llmBaseURL ?? environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.openai.com/v1",
      apiKey: environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 },
      model: llmModel ?? environment["TATAMI_LLM_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "gpt-4o-mini",
      temperature: llmTemperature ?? 0.2, maxTokens: llmMaxTokens ?? 4096, budgetUSD: llmBudget ?? 0,
      promptPricePerMillion: prices[0], completionPricePerMillion: prices[1], contextTokens: llmContext ?? 32_000,
      keyVariable: keyVariable)
  }

  /// The flags given, as `tatami run` reads them (the price checked first).
  func arguments() throws -> [String] {
    _ = try prices()
    let pairs: [(String, String?)] = [
      ("--llm-base-url", llmBaseURL), ("--llm-model", llmModel), ("--llm-key-env", llmKeyEnv),
      ("--llm-temperature", llmTemperature.map { "\($0)" }), ("--llm-max-tokens", llmMaxTokens.map(String.init)),
      ("--llm-budget", llmBudget.map { "\($0)" }), ("--llm-price", llmPrice),
      ("--llm-context", llmContext.map(String.init)),
    ]
    return pairs.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
  }

  private func prices() throws -> [Double] {
    let prices = (llmPrice ?? "0:0").split(separator: ":").compactMap { Double($0) }
    guard prices.count == 2 else { throw ValidationError("--llm-price takes prompt:completion, e.g. 0.15:0.6") }
    return prices
  }
}
