import Basics
import Catalog
import Foundation
import Leaderboard
import Scoring

/// The settings of one episode.
public struct EpisodeConfig: Sendable {
  public var agent: String
  /// The team the result is recorded under on the leaderboard; the agent when nil.
  public var team: String?
  public var budget: Budget
  public var seed: Int
  public var reward: RewardMode
  /// Whether the agent program runs in a sandbox: false for a `cmd:` program on the host (it could read the
  /// answers), true with `--agent-sandbox`, nil for the built-in agents (tatami's own code, in process).
  public var sandboxedAgent: Bool?

  public init(
    agent: String, team: String? = nil, budget: Budget, seed: Int = 0, reward: RewardMode = .humanRank,
    sandboxedAgent: Bool? = nil
  ) {
    self.agent = agent
    self.team = team
    self.budget = budget
    self.seed = seed
    self.reward = reward
    self.sandboxedAgent = sandboxedAgent
  }
}

/// One agent episode on one competition: owns the workspace, the budget and the state; runs each action in the
/// sandbox, scores submissions on the Public rows, and at the end scores the chosen one on the Private rows.
///
/// States: running → over(status). Every action but `finish` counts as a step; the episode ends on `finish`,
/// when the steps or the wall time run out, or when the driver calls `end` (agent error, Ctrl-C).
public final class Episode {
  public let config: EpisodeConfig
  public let workspace: Workspace
  public let sandbox: Sandbox
  public let manifest: Manifest
  public let task: TaskInfo
  let scorer: Scorer
  let ranking: any EpisodeRanking
  /// The one definition of every number the episode reports (Leaderboard's `Yardstick`).
  let yardstick: Yardstick
  private var rewards: RewardLedger
  public private(set) var meter: BudgetMeter
  public private(set) var status: EpisodeStatus?
  public private(set) var result: EpisodeResult?
  /// The step number of the next action.
  public private(set) var nextStep = 1
  public private(set) var bestPublicScore: Double?
  public private(set) var lastFeedback: Feedback?
  private var history: [HistoryEntry] = []
  /// Public and private scores of each valid submission by step; private ones never leave this object
  /// before the end.
  private var scored: [Int: (publicScore: Double?, privateScore: Double?)] = [:]
  private var lastValidStep: Int?
  private var chosenStep: Int?
  private var tokens = TokenUsage()
  private var hasTokens = false
  private let trajectory: TrajectoryWriter
  private let clock = ContinuousClock()
  /// A caller's own limit on the current step's code (OpenEnv's `timeout_s`), under the budget's.
  private var requestedTimeout: Duration?
  /// Cancelled from another thread, it ends the running step's processes (a remote caller went away).
  public let cancellation = Cancellation()
  /// The files `working/` held after the last step, by size: what the next step's disk check compares against.
  private var workingSizes: [FileID: Int] = [:]
  /// Why the harness cannot go on (the sandbox broke during the episode); ends the episode as aborted.
  private var harnessFailure: String?

  public var isOver: Bool { status != nil }
  var higherIsBetter: Bool { scorer.key.metric.higherIsBetter }

  /// Prepares an episode: the workspace is already filled; the clock starts now.
  public convenience init(
    config: EpisodeConfig, bundle: CompetitionBundle, workspace: Workspace, sandbox: Sandbox,
    ranking: any EpisodeRanking
  ) throws(BundleError) {
    try self.init(
      config: config, bundle: bundle, material: EpisodeMaterial(reading: bundle), workspace: workspace,
      sandbox: sandbox, ranking: ranking)
  }

  /// Prepares an episode from files of the bundle already read (in the pass that filled the workspace).
  init(
    config: EpisodeConfig, bundle: CompetitionBundle, material: EpisodeMaterial, workspace: Workspace,
    sandbox: Sandbox, ranking: any EpisodeRanking
  ) throws(BundleError) {
    self.config = config
    self.workspace = workspace
    self.sandbox = sandbox
    self.manifest = bundle.manifest
    self.scorer = try bundle.scorer(answers: try material.answers.get())
    self.ranking = ranking
    self.yardstick = ranking.yardstick(
      higherIsBetter: scorer.key.metric.higherIsBetter, baseline: bundle.manifest.baseline)
    self.rewards = RewardLedger(mode: config.reward, yardstick: yardstick)
    self.meter = BudgetMeter(budget: config.budget)
    self.task = Self.describe(bundle: bundle, material: material, scorer: scorer, budget: config.budget)
    self.trajectory = TrajectoryWriter(path: workspace.trajectory)
    trajectory.write(StartRecord(
      runID: workspace.runID, competition: manifest.id, agent: config.agent, seed: config.seed,
      reward: config.reward, sandbox: sandbox.isolated ? "bubblewrap" : "none", sandboxedAgent: config.sandboxedAgent,
      task: task))
  }

  // MARK: - Actions

  /// One step, whoever drives the episode (the agent loop of `tatami run`, or a remote caller of `tatami serve`):
  /// ends the episode when the time ran out, else performs the turn's action or rejects an unreadable one.
  /// - Parameter timeout: a shorter limit on this step's code than the budget's, if the caller asks for one.
  public func take(_ turn: AgentTurn, timeout: Duration? = nil) -> Feedback {
    if status == nil, meter.secondsLeft <= 0 {
      end(.budgetExhausted, note: "no time left after the agent's turn")
    }
    requestedTimeout = timeout
    defer { requestedTimeout = nil }
    if let action = turn.action { return perform(action, turn: turn) }
    return reject(turn, error: turn.parseError ?? StepError.invalidAction("no action"))
  }

  /// Performs one action and returns its feedback; after the end, every action gets an error.
  public func perform(_ action: Action, turn: AgentTurn? = nil) -> Feedback {
    let start = clock.now
    let step = nextStep
    guard status == nil else {
      return Feedback(
        step: step, action: action.name, status: .invalidAction, execution: nil,
        error: .invalidAction("the episode is over"), submission: nil, info: nil, history: nil, budget: meter.left,
        reward: 0, done: true, message: "the episode is over")
    }
    var timings = StepTimings()
    var feedback: Feedback
    switch action {
    case .info:
      meter.countStep()
      var info = task
      info.budget = config.budget
      feedback = makeFeedback(step, action, status: .ok, message: "task overview, data and budget")
      feedback.info = info
    case .history:
      meter.countStep()
      feedback = makeFeedback(step, action, status: .ok, message: "\(history.count) steps so far")
      feedback.history = history
    case .run(let code):
      meter.countStep()
      feedback = execute(code, step: step, action: action, timings: &timings)
    case .submit(let code):
      meter.countStep()
      feedback = submit(code, step: step, action: action, timings: &timings)
    case .finish(let requested):
      if let requested, scored[requested] == nil {
        let error = StepError.invalidAction(
          "step \(requested) has no valid submission; valid ones: \(scored.keys.sorted().map(String.init).joined(separator: ", "))")
        feedback = makeFeedback(step, action, status: .invalidAction, message: error.message)
        feedback.error = error
      } else {
        chosenStep = requested
        feedback = makeFeedback(step, action, status: .finished, message: "finished")
        feedback.done = true
      }
    }
    nextStep += 1
    if case .finish = action, feedback.done {
      status = .finished
    } else if harnessFailure != nil {
      feedback.done = true
      status = .aborted
    } else if meter.exhausted {
      feedback.done = true
      feedback.message += meter.stepsLeft == 0 ? "; no steps left" : "; no time left"
      status = .budgetExhausted
    }
    feedback.budget = meter.left
    timings.total = (clock.now - start).seconds
    record(step: step, action: action, feedback: feedback, turn: turn, timings: timings)
    lastFeedback = feedback
    if let status { end(status, note: harnessFailure) }
    return feedback
  }

  /// Feedback for an agent reply that is not a valid action: counts as a step, so a broken agent cannot loop.
  public func reject(_ turn: AgentTurn, error: StepError) -> Feedback {
    let step = nextStep
    guard status == nil else { return lastFeedback ?? makeFeedback(step, .info, status: .invalidAction, message: "") }
    meter.countStep()
    nextStep += 1
    var feedback = makeFeedback(step, nil, status: .invalidAction, message: "invalid action: \(error.message)")
    feedback.error = error
    if meter.exhausted {
      feedback.done = true
      status = .budgetExhausted
    }
    feedback.budget = meter.left
    record(step: step, action: nil, feedback: feedback, turn: turn, timings: StepTimings())
    lastFeedback = feedback
    if let status { end(status) }
    return feedback
  }

  private func makeFeedback(_ step: Int, _ action: Action?, status: FeedbackStatus, message: String) -> Feedback {
    Feedback(
      step: step, action: action?.name ?? .invalid, status: status, execution: nil, error: nil, submission: nil,
      info: nil, history: nil, budget: meter.left, reward: 0, done: false, message: message)
  }

  /// Runs code in the sandbox; checks the disk budget of `working/` afterwards.
  private func execute(_ code: Action.Code, step: Int, action: Action, timings: inout StepTimings) -> Feedback {
    let name = String(format: "step-%03d", step)
    let file = name + (code.language == "python" ? ".py" : ".sh")
    guard writeText(workspace.code + "/" + file, code.text) else {
      var feedback = makeFeedback(step, action, status: .error, message: "the harness could not write the code")
      feedback.error = StepError(
        type: .harnessError, message: "cannot write \(workspace.code)/\(file)", cause: "the run folder is not writable",
        hint: "this is not your fault; the step did not run")
      return feedback
    }
    let codePath = (sandbox.isolated ? SandboxPaths.code : workspace.code) + "/" + file
    let command = code.language == "python" ? [sandbox.runtime.python, codePath] : ["/bin/sh", codePath]
    let extra = ["TATAMI_SEED": String(config.seed), "PYTHONHASHSEED": String(config.seed), "TATAMI_STEP": String(step)]
    let spec = sandbox.spec(command: command, mounts: workspace.mounts, environment: extra)
    let timeout = min(meter.nextStepTimeout, requestedTimeout ?? meter.nextStepTimeout)
    let limits = RunLimits(
      timeout: timeout, killGrace: .seconds(2), tailBytes: config.budget.tailBytes, logBytes: config.budget.outputBytes,
      cancellation: cancellation)
    let outcome: ProcessOutcome
    do {
      outcome = try ProcessRunner.run(
        spec, limits: limits, stdoutLog: workspace.steps + "/\(name).stdout.log",
        stderrLog: workspace.steps + "/\(name).stderr.log")
    } catch {
      var feedback = makeFeedback(step, action, status: .error, message: "the sandbox could not start")
      feedback.error = StepError(
        type: .harnessError, message: error.description, cause: "the sandbox could not start",
        hint: "this is not your fault; the step did not run")
      return feedback
    }
    timings.execution = outcome.seconds
    if let broken = sandbox.setupFailure(outcome) {
      var feedback = makeFeedback(step, action, status: .error, message: "the sandbox could not start")
      feedback.error = StepError(
        type: .harnessError, message: broken.description, cause: "the sandbox stopped working during the episode",
        hint: "this is not your fault; the step did not run, and the episode ends")
      harnessFailure = "the sandbox stopped working: \(broken.description)"
      return feedback
    }
    var (report, error) = ExecutionClassifier.classify(
      outcome, sandboxed: sandbox.isolated, limits: config.budget.sandbox, timeout: timeout, language: code.language)
    if let over = enforceDiskBudget(), error == nil || error?.type == .fileSizeExceeded { error = over }
    var feedback = makeFeedback(step, action, status: error == nil ? .ok : .error, message: "")
    feedback.execution = report
    feedback.error = error
    report.seconds = outcome.seconds
    feedback.message = error.map { "\(action.name) failed: \($0.type): \($0.message)" }
      ?? "\(action.name) ran in \(String(format: "%.2f", outcome.seconds)) s"
    return feedback
  }

  /// Measures `working/` after a step and, past the disk budget, removes what this step created or grew (by
  /// inode against the previous step, never by modification time, which the code controls), biggest first.
  private func enforceDiskBudget() -> StepError? {
    var usage = workspace.workingUsage()
    defer { workingSizes = usage.sizes }
    let measured = usage.bytes
    guard measured > config.budget.diskBytes else { return nil }
    var total = measured
    var removed: [String] = []
    for (id, file) in usage.written(since: workingSizes) where total > config.budget.diskBytes {
      let gone = file.paths.filter { unlink($0) == 0 || errno == ENOENT }
      guard gone.count == file.paths.count else { continue }
      total -= file.bytes
      usage.files[id] = nil
      removed += gone.map { String($0.dropFirst(workspace.working.count + 1)) }
    }
    return StepError(
      type: .diskExceeded,
      message: "working/ held \(formatBytes(measured)), over the \(formatBytes(config.budget.diskBytes)) budget;"
        + " removed what this step wrote: \(removed.prefix(10).joined(separator: ", "))",
      cause: "the episode's disk budget covers everything under /workspace/working, sparse files at their full"
        + " length",
      hint: "delete files you no longer need; keep caches compact")
  }

  /// Runs the code (if any), then validates and scores `working/submission.csv` on the Public rows.
  private func submit(_ code: Action.Code?, step: Int, action: Action, timings: inout StepTimings) -> Feedback {
    var feedback: Feedback
    if let code {
      unlink(workspace.working + "/submission.csv")
      feedback = execute(code, step: step, action: action, timings: &timings)
      if feedback.error != nil { return feedback }
    } else {
      feedback = makeFeedback(step, action, status: .ok, message: "")
    }
    let copy = workspace.submissions + String(format: "/step-%03d.csv", step)
    let scoringStart = clock.now
    // The time left bounds the harness's own reading of the agent's file too.
    let deadline = scoringStart + .milliseconds(Int(meter.secondsLeft * 1000))
    let cap = min(scorer.sizeCap, config.budget.diskBytes)
    if case .failure(let problem) = SubmissionFile.copy(from: workspace, to: copy, cap: cap, deadline: deadline) {
      feedback.status = .error
      feedback.error = submissionFileError(problem, ranCode: code != nil)
      feedback.message = "submit failed: \(feedback.error?.type.rawValue ?? "")"
      return feedback
    }
    let report = scorer.score(.file(copy))
    timings.scoring = (clock.now - scoringStart).seconds
    let metric = scorer.key.metric
    if let failure = report.failure {
      feedback.status = .error
      switch failure {
      case .submission(let error):
        feedback.error = StepError(
          type: .invalidSubmission, message: "[\(error.type)] \(error.message)",
          cause: "the submission does not match the answers' format", hint: error.hint, row: error.row,
          column: error.column)
      case .harness(let error):
        feedback.error = StepError(
          type: .scoringFailed, message: "[\(error.type)] \(error.message)", cause: "the harness could not score it",
          hint: error.hint)
      }
      feedback.submission = SubmissionFeedback(
        valid: false, submissionStep: step, publicScore: nil, publicRank: nil, leaderboardSize: nil, humanRank: nil,
        baselinePublicScore: manifest.baseline?.publicScore, bestPublicScore: bestPublicScore, improved: false,
        higherIsBetter: metric.higherIsBetter, rows: report.submissionRows)
      feedback.message = "submission invalid: \(feedback.error?.message ?? "")"
      return feedback
    }
    let publicScore = report.publicScore
    scored[step] = (publicScore, report.privateScore)
    lastValidStep = step
    var improved = false
    if let publicScore {
      improved = bestPublicScore.map { isBetter(publicScore, than: $0) } ?? true
      if improved { bestPublicScore = publicScore }
    }
    let publicRank = publicScore.flatMap { yardstick.rank($0, in: .public) }
    let size = publicRank == nil ? nil : yardstick.publicReference.count
    feedback.submission = SubmissionFeedback(
      valid: true, submissionStep: step, publicScore: publicScore, publicRank: publicRank,
      leaderboardSize: size, humanRank: publicScore.flatMap { yardstick.positionScore($0, in: .public) },
      baselinePublicScore: manifest.baseline?.publicScore, bestPublicScore: bestPublicScore, improved: improved,
      higherIsBetter: metric.higherIsBetter, rows: report.submissionRows)
    feedback.reward = rewards.pay(publicScore: publicScore)
    let scoreText = publicScore.map { String(format: "%.6g", $0) } ?? "n/a"
    var message = "valid submission: public \(metric.name) \(scoreText)"
    if let best = bestPublicScore { message += ", best \(String(format: "%.6g", best))" }
    if let baseline = manifest.baseline?.publicScore { message += ", baseline \(String(format: "%.6g", baseline))" }
    if let publicRank, let size { message += ", public rank \(publicRank)/\(size)" }
    feedback.message = message + (improved ? " (improved)" : "")
    return feedback
  }

  /// The typed error for a submission file the harness will not read.
  private func submissionFileError(_ problem: SubmissionFileProblem, ranCode: Bool) -> StepError {
    switch problem {
    case .missing:
      return StepError(
        type: .missingSubmission, message: "no file at \(SandboxPaths.submission) after the code ran",
        cause: ranCode ? "the code finished without writing the submission"
          : "submit without code scores the file as it is, and there is none",
        hint: "write the predictions with df.to_csv('/workspace/working/submission.csv', index=False)"
          + " (the path is also in $TATAMI_SUBMISSION)")
    case .tooLarge:
      return StepError(
        type: .invalidSubmission, message: "[file_too_large] \(problem.message)",
        cause: "a submission may not exceed the scoring cap or the episode's disk budget",
        hint: "a submission holds one row per test id; check that nothing else was written")
    case .outOfTime, .unreadable:
      return StepError(
        type: .scoringFailed, message: problem.message, cause: "the harness could not read the submission",
        hint: "write the submission as an ordinary file and submit again")
    case .symbolicLink, .notRegular, .unsafePath:
      return StepError(
        type: .unsafeSubmission, message: problem.message,
        cause: "the harness reads only a regular file written in place in /workspace/working; it follows no link",
        hint: "write the predictions themselves to /workspace/working/submission.csv (no symlink, folder or FIFO)")
    }
  }

  private func isBetter(_ score: Double, than other: Double) -> Bool {
    higherIsBetter ? score > other : score < other
  }

  // MARK: - End

  /// Ends the episode (if it has not ended): scores the chosen or last valid submission on the Private rows,
  /// ranks it, records it, and writes `summary.json`. Idempotent.
  @discardableResult
  public func end(_ status: EpisodeStatus, note: String? = nil) -> EpisodeResult {
    if let result { return result }
    self.status = status
    let finalStep = chosenStep ?? lastValidStep
    let final = finalStep.flatMap { scored[$0] }
    let privateScore = final?.privateScore
    let numbers = yardstick.numbers(publicScore: final?.publicScore, privateScore: privateScore)
    var result = EpisodeResult(
      runID: workspace.runID, competition: manifest.id, agent: config.agent, team: config.team ?? config.agent,
      steps: meter.stepsUsed,
      seconds: (meter.elapsed.seconds * 1000).rounded() / 1000, status: status, metric: scorer.key.metric.name,
      higherIsBetter: higherIsBetter, bestPublicScore: bestPublicScore, finalSubmissionStep: finalStep,
      finalPublicScore: final?.publicScore, finalPrivateScore: privateScore,
      baselinePublicScore: manifest.baseline?.publicScore, baselinePrivateScore: manifest.baseline?.privateScore,
      beatsBaseline: numbers.beatsBaseline, humanRank: numbers.humanRank,
      publicPositionScore: numbers.publicPositionScore, privatePositionScore: numbers.privatePositionScore,
      normalizedScore: numbers.normalizedScore, privateRank: numbers.privateRank,
      leaderboardSize: numbers.privateRank == nil ? nil : numbers.referenceTeams, medal: numbers.medal,
      validSubmissions: scored.count,
      tokens: hasTokens ? tokens : nil, sandbox: sandbox.isolated ? "bubblewrap" : "none",
      trajectory: workspace.trajectory, directory: workspace.directory, note: note)
    result.sandboxedAgent = config.sandboxedAgent
    do {
      try ranking.recordFinal(result)
    } catch {
      result.note = [note, "not recorded on the leaderboard: \(error)"].compactMap { $0 }.joined(separator: "; ")
    }
    trajectory.write(EndRecord(result: result, reward: rewards.finalReward(numbers, privateScore: privateScore)))
    trajectory.close()
    writeJSON(result, to: workspace.summary)
    // The input copy duplicates the bundle; the working folder and submissions stay for inspection.
    removeTree(workspace.input)
    self.result = result
    return result
  }

  private func record(step: Int, action: Action?, feedback: Feedback, turn: AgentTurn?, timings: StepTimings) {
    if let action {
      history.append(HistoryEntry(
        step: step, action: action.name, status: feedback.status, publicScore: feedback.submission?.publicScore,
        errorType: feedback.error?.type, seconds: feedback.execution?.seconds))
    } else {
      history.append(HistoryEntry(
        step: step, action: .invalid, status: feedback.status, publicScore: nil, errorType: feedback.error?.type,
        seconds: nil))
    }
    if let used = turn?.tokens {
      tokens = tokens + used
      hasTokens = true
    }
    var timings = timings
    timings.agent = turn?.agentSeconds ?? 0
    trajectory.write(StepRecord(
      step: step, action: action, reply: turn?.reply, prompt: turn?.prompt, feedback: feedback,
      reward: feedback.reward, timings: timings, tokens: turn?.tokens))
  }

  // MARK: - Task description

  static func describe(
    bundle: CompetitionBundle, material: EpisodeMaterial, scorer: Scorer, budget: Budget
  ) -> TaskInfo {
    let manifest = bundle.manifest
    let overview = material.description.map { String(decoding: $0, as: UTF8.self) }
    var files: [FileSummary] = []
    var sampleHead: String?
    for entry in bundle.entries where entry.kind == .file && entry.path.hasPrefix("public/") {
      let name = String(entry.path.dropFirst("public/".count))
      var summary = FileSummary(name: name, bytes: entry.size, rows: entry.csvRows, columns: nil)
      if name.hasSuffix(".csv"), let head = material.heads[entry.path] {
        let summarized = ColumnSummarizer.summarize(head)
        summary.columns = summarized.columns
        if summary.rows == nil { summary.rows = summarized.rows }
        if name == "sample_submission.csv" {
          sampleHead = String(decoding: head.prefix(4096), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .prefix(6).joined(separator: "\n")
        }
      }
      files.append(summary)
    }
    let metric = scorer.key.metric
    return TaskInfo(
      competition: manifest.id, title: manifest.title, task: manifest.task.rawValue, overview: overview ?? "",
      metric: TaskInfo.MetricInfo(
        name: metric.name, higherIsBetter: metric.higherIsBetter, parameters: manifest.metric.params,
        definition: metric.definition),
      submission: TaskInfo.SubmissionFormat(
        idColumn: manifest.submission.idColumn, targetColumns: manifest.submission.targetColumns,
        path: SandboxPaths.submission),
      files: files, sampleSubmissionHead: sampleHead, budget: budget,
      paths: TaskInfo.Paths(input: SandboxPaths.input, working: SandboxPaths.working, submission: SandboxPaths.submission),
      baselinePublicScore: manifest.baseline?.publicScore, actions: TaskInfo.actionList)
  }
}

/// Where a step's time went, in seconds.
public struct StepTimings: Sendable, Encodable, Equatable {
  /// The agent producing the action (LLM call, external process).
  public var agent: Double = 0
  /// The whole step inside the harness, code execution included.
  public var total: Double = 0
  /// The sandboxed process, from spawn to reaped.
  public var execution: Double = 0
  public var scoring: Double = 0

  /// What the harness itself spent: everything but the agent's process.
  public var harness: Double { max(0, total - execution) }

  enum CodingKeys: String, CodingKey { case agent, total, execution, scoring, harness }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(rounded(agent), forKey: .agent)
    try container.encode(rounded(total), forKey: .total)
    try container.encode(rounded(execution), forKey: .execution)
    try container.encode(rounded(scoring), forKey: .scoring)
    try container.encode(rounded(harness), forKey: .harness)
  }

  private func rounded(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }
}

func removeTree(_ path: String) {
  try? FileManager.default.removeItem(atPath: path)
}
