import Basics
import Arena
import Foundation
import Leaderboard

/// One agent's standing so far in a running bench.
public struct AgentProgress: Sendable, Equatable {
  public var agent: String
  public var done: Int
  public var medals: Int
  public var bestHumanRank: Double?
  public var meanHumanRank: Double?
}

/// What the progress display shows.
public struct BenchProgress: Sendable {
  /// Episodes this directory runs.
  public var total: Int
  /// Episodes with a result, from earlier runs included.
  public var done: Int
  /// Of `done`, those kept from an earlier run.
  public var resumed: Int
  /// Episodes that failed for a harness reason in this run.
  public var failed: Int
  public var running: Int
  public var elapsed: Double
  /// From the mean duration of this run's episodes; nil before the first ends.
  public var estimatedLeft: Double?
  public var agents: [AgentProgress]
  /// What just happened, e.g. `baseline on iris seed 0: finished, HumanRank 0.62`; nil on a timer tick.
  public var event: String?
  /// Set once Ctrl-C was pressed.
  public var stopping: Bool
}

/// How a bench run ended.
public struct BenchOutcome: Sendable {
  public var total: Int
  public var done: Int
  /// Harness failures of this run, each rerun next time.
  public var failures: [(key: EpisodeKey, failure: EpisodeFailure)]
  /// Episodes left to run (interrupted or never started).
  public var unfinished: Int
  public var seconds: Double
}

/// Runs a bench directory's pending episodes, `jobs` at a time, each a `tatami run` process.
///
/// Finished episodes (a `result.json`) are kept; the rest run in plan order. An episode is done when
/// `tatami run` printed a result whose status is not `aborted` (an agent's crash or bad code is a result,
/// `agent_error`); anything else (no result, a crash of the harness, exit 3) is a harness failure, recorded
/// and rerun next time. A stop request (Ctrl-C) sends SIGINT to every episode, which ends it between steps;
/// those still running after `grace` seconds, or at a second request, are killed. Interrupted episodes are
/// left pending.
public final class BenchRunner {
  public let plan: BenchPlan
  public let directory: BenchDirectory
  public let command: EpisodeCommand
  public let jobs: Int
  public var grace: Duration = .seconds(10)

  private let clock = ContinuousClock()
  private var results: [EpisodeKey: EpisodeResult] = [:]
  private var durations: [Double] = []

  public init(plan: BenchPlan, directory: BenchDirectory, command: EpisodeCommand, jobs: Int) {
    self.plan = plan
    self.directory = directory
    self.command = command
    self.jobs = max(1, jobs)
  }

  /// A default for `--jobs`: one per core, no more than the memory available holds at `memoryBytes` each.
  public static func defaultJobs(memoryBytes: Int) -> Int {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard let available = availableMemory(), memoryBytes > 0 else { return max(1, cores) }
    return max(1, min(cores, available / memoryBytes))
  }

  /// `MemAvailable` of /proc/meminfo in bytes.
  static func availableMemory() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(separator: " ")
      if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
    }
    return nil
  }

  /// Runs until every episode has run once (or the stop request), reporting progress as it goes.
  /// - Parameters:
  ///   - report: called when an episode starts or ends, and about once a second.
  ///   - stopRequested: polled; true once stops the bench (Ctrl-C).
  ///   - killRequested: polled while stopping; true kills the running episodes at once (a second Ctrl-C).
  public func run(
    report: (BenchProgress) -> Void, stopRequested: () -> Bool, killRequested: () -> Bool
  ) -> BenchOutcome {
    let start = clock.now
    var queue: [EpisodeKey] = []
    for key in plan.episodes {
      if case .done(let result) = directory.state(of: key) { results[key] = result } else { queue.append(key) }
    }
    let resumed = results.count
    var running: [EpisodeProcess] = []
    var failures: [(key: EpisodeKey, failure: EpisodeFailure)] = []
    var stopAt: ContinuousClock.Instant?
    var lastReport = start
    func progress(_ event: String?) -> BenchProgress {
      let left = durations.isEmpty
        ? nil : durations.reduce(0, +) / Double(durations.count) * Double(queue.count + running.count) / Double(jobs)
      return BenchProgress(
        total: plan.episodes.count, done: results.count, resumed: resumed, failed: failures.count,
        running: running.count, elapsed: (clock.now - start).seconds, estimatedLeft: stopAt == nil ? left : nil,
        agents: agentProgress(), event: event, stopping: stopAt != nil)
    }
    while true {
      if stopAt == nil && stopRequested() {
        stopAt = clock.now
        running.forEach { $0.interrupt() }
        report(progress("stopping: \(running.count) running episodes end after their current step"))
      }
      if let stopAt, killRequested() || clock.now - stopAt > grace {
        running.forEach { $0.kill() }
      }
      while stopAt == nil && running.count < jobs && !queue.isEmpty {
        let key = queue.removeFirst()
        do {
          running.append(try launch(key))
        } catch {
          let failure = EpisodeFailure(reason: error.description, stderrTail: "", seconds: 0)
          try? directory.record(failure, for: key)
          failures.append((key, failure))
          report(progress("failed \(Self.describe(key)): \(failure.reason)"))
        }
      }
      var index = 0
      while index < running.count {
        guard let termination = running[index].poll() else {
          index += 1
          continue
        }
        let process = running.remove(at: index)
        let event = finish(process, termination, failures: &failures)
        report(progress(event))
        lastReport = clock.now
      }
      if running.isEmpty && (queue.isEmpty || stopAt != nil) { break }
      if clock.now - lastReport >= .seconds(1) {
        report(progress(nil))
        lastReport = clock.now
      }
      usleep(5_000)
    }
    return BenchOutcome(
      total: plan.episodes.count, done: results.count, failures: failures,
      unfinished: plan.episodes.count - results.count - failures.count, seconds: (clock.now - start).seconds)
  }

  private func launch(_ key: EpisodeKey) throws(BenchError) -> EpisodeProcess {
    try directory.prepareAttempt(key)
    return try EpisodeProcess(
      key: key, argv: command.argv(for: key, plan: plan, directory: directory),
      stdout: directory.stdoutFile(key), stderr: directory.stderrFile(key))
  }

  /// Records how an episode ended and says it in a line.
  private func finish(
    _ process: EpisodeProcess, _ termination: EpisodeProcess.Termination,
    failures: inout [(key: EpisodeKey, failure: EpisodeFailure)]
  ) -> String {
    let key = process.key
    let seconds = (clock.now - process.started).seconds
    let output = FileManager.default.contents(atPath: directory.stdoutFile(key)) ?? Data()
    let result = try? JSONDecoder().decode(EpisodeResult.self, from: output)
    if let result, result.status != .aborted {
      do {
        try directory.record(result, for: key)
        results[key] = result
        durations.append(seconds)
        return "done \(Self.describe(key)): \(Self.summary(result))"
      } catch {
        let failure = EpisodeFailure(reason: error.description, stderrTail: "", seconds: seconds)
        failures.append((key, failure))
        return "failed \(Self.describe(key)): \(failure.reason)"
      }
    }
    if process.stopRequested { return "interrupted \(Self.describe(key))" }
    let reason: String
    switch termination {
    case .exited(let code) where result?.status == .aborted: reason = "aborted by a signal (exit code \(code))"
    case .exited(let code): reason = "exit code \(code)" + (output.isEmpty ? ", no result" : ", no readable result")
    case .signaled(let signal): reason = "killed by \(signalName(Int(signal)))"
    }
    let failure = EpisodeFailure(reason: reason, stderrTail: tail(directory.stderrFile(key)), seconds: seconds)
    try? directory.record(failure, for: key)
    failures.append((key, failure))
    durations.append(seconds)
    return "failed \(Self.describe(key)): \(reason)"
  }

  private func agentProgress() -> [AgentProgress] {
    plan.agents.map { agent in
      let mine = results.filter { $0.key.agent == agent }.map(\.value)
      let ranks = mine.compactMap(\.humanRank)
      return AgentProgress(
        agent: agent, done: mine.count, medals: mine.count { $0.medal != nil }, bestHumanRank: ranks.max(),
        meanHumanRank: ranks.isEmpty ? nil : ranks.reduce(0, +) / Double(ranks.count))
    }
  }

  /// The last 2 KB of a log, from a line start where there is one.
  private func tail(_ file: String) -> String {
    guard let data = FileManager.default.contents(atPath: file) else { return "" }
    let text = String(decoding: data.suffix(2048), as: UTF8.self)
    guard data.count > 2048, let newline = text.firstIndex(of: "\n") else { return text }
    return String(text[text.index(after: newline)...])
  }

  static func describe(_ key: EpisodeKey) -> String { "\(key.agent) on \(key.competition) seed \(key.seed)" }

  static func summary(_ result: EpisodeResult) -> String {
    var parts = [result.status.rawValue]
    if let score = result.finalPrivateScore { parts.append("private \(String(format: "%.5g", score))") }
    if let rank = result.humanRank { parts.append("HumanRank \(String(format: "%.3f", rank))") }
    if let medal = result.medal { parts.append(medal.rawValue) }
    return parts.joined(separator: ", ")
  }
}
