/// What an episode may spend: steps, wall time, per-step time, and the sandbox's kernel limits.
public struct Budget: Sendable, Equatable, Codable {
  /// Actions the agent may take (every action but `finish` counts).
  public var steps: Int
  /// Wall-clock seconds for the whole episode, the agent's own thinking included.
  public var seconds: Int
  /// Wall-clock seconds for one step's code.
  public var stepTimeoutSeconds: Int
  /// Bytes `working/` may hold after a step.
  public var diskBytes: Int
  /// Bytes of each stream kept in the step's log; the feedback shows a shorter tail.
  public var outputBytes: Int
  /// Bytes of each stream's tail shown in the feedback.
  public var tailBytes: Int
  public var sandbox: SandboxLimits

  public init(
    steps: Int = 20, seconds: Int = 3600, stepTimeoutSeconds: Int = 600, diskBytes: Int = 8 << 30,
    outputBytes: Int = 16 << 20, tailBytes: Int = 4096, sandbox: SandboxLimits = SandboxLimits()
  ) {
    self.steps = steps
    self.seconds = seconds
    self.stepTimeoutSeconds = stepTimeoutSeconds
    self.diskBytes = diskBytes
    self.outputBytes = outputBytes
    self.tailBytes = tailBytes
    self.sandbox = sandbox
  }

  enum CodingKeys: String, CodingKey {
    case steps, seconds, stepTimeoutSeconds = "step_timeout_seconds", diskBytes = "disk_bytes"
    case outputBytes = "output_bytes", tailBytes = "tail_bytes", sandbox
  }
}

/// What is left of the budget, as the feedback reports it.
public struct BudgetLeft: Sendable, Equatable, Codable {
  public var stepsLeft: Int
  public var secondsLeft: Int

  enum CodingKeys: String, CodingKey {
    case stepsLeft = "steps_left", secondsLeft = "seconds_left"
  }
}

/// Counts steps and wall time against a budget.
public struct BudgetMeter: Sendable {
  public let budget: Budget
  public private(set) var stepsUsed = 0
  let started: ContinuousClock.Instant
  let clock = ContinuousClock()

  public init(budget: Budget, started: ContinuousClock.Instant = ContinuousClock().now) {
    self.budget = budget
    self.started = started
  }

  public var elapsed: Duration { clock.now - started }
  public var secondsLeft: Double { max(0, Double(budget.seconds) - elapsed.seconds) }
  public var stepsLeft: Int { max(0, budget.steps - stepsUsed) }
  public var exhausted: Bool { stepsLeft == 0 || secondsLeft <= 0 }

  /// The timeout for the next step: the step limit, cut to the time left.
  public var nextStepTimeout: Duration {
    .milliseconds(Int(min(Double(budget.stepTimeoutSeconds), secondsLeft) * 1000))
  }

  public mutating func countStep() { stepsUsed += 1 }

  public var left: BudgetLeft { BudgetLeft(stepsLeft: stepsLeft, secondsLeft: Int(secondsLeft.rounded(.down))) }
}
