import Basics
import Arena
import Foundation

/// Why a bench cannot be planned, run or read: the harness's side, rendered by the CLI.
public enum BenchError: Error, Sendable, Equatable, CustomStringConvertible {
  case cannotWrite(path: String, reason: String)
  case unreadable(path: String, reason: String)
  /// Another `tatami bench` holds the directory's lock.
  case locked(path: String)
  /// The directory holds a bench with another plan.
  case planMismatch(path: String, differences: [String])
  /// Neither a bench directory (`plan.json`) nor a folder of shard directories.
  case notABench(path: String)
  case cannotStart(String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .locked(let path): return "\(path) is being run by another bench (its lock is held)"
    case .planMismatch(let path, let differences):
      return "\(path) holds a bench planned with other settings: " + differences.joined(separator: "; ")
    case .notABench(let path): return "\(path) is not a bench directory (no plan.json, no shards/*/plan.json)"
    case .cannotStart(let message): return message
    }
  }
}

/// Why an episode did not produce a result, when the harness (not the agent) is to blame.
public struct EpisodeFailure: Sendable, Equatable, Codable {
  /// `exit code 3`, `killed by SIGSEGV`, `no result on standard output`…
  public var reason: String
  /// The end of the episode's standard error.
  public var stderrTail: String
  public var seconds: Double

  public init(reason: String, stderrTail: String, seconds: Double) {
    self.reason = reason
    self.stderrTail = stderrTail
    self.seconds = seconds
  }

  enum CodingKeys: String, CodingKey { case reason, stderrTail = "stderr_tail", seconds }
}

/// Where an episode of a bench stands.
public enum EpisodeState: Sendable, Equatable {
  /// Finished with a result (any status but `aborted`): kept on resume.
  case done(EpisodeResult)
  /// Its last attempt failed for a harness reason: rerun on resume.
  case failed(EpisodeFailure)
  /// Never run, or interrupted: run on resume.
  case pending
}

/// A bench's folder on disk.
///
/// ```
/// plan.json                 the plan (BenchPlan)
/// competitions.json         each competition's direction, baseline and reference board (CompetitionContext)
/// leaderboard.sqlite        the episodes' final submissions (`tatami board --db` shows them)
/// episodes/<agent>/<competition>/seed-<n>/
///     result.json           the episode's `tatami run --json` result; its presence means done
///     failure.json          why the last attempt failed, for a harness reason
///     stdout.json, stderr.log, runs/<run-id>/   the last attempt's output and run records
/// shards/<i>-of-<n>/        one bench directory per shard, when run as shards (on shared storage)
/// ```
public struct BenchDirectory: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  public var planFile: String { path + "/plan.json" }
  public var contextsFile: String { path + "/competitions.json" }
  public var database: String { path + "/leaderboard.sqlite" }
  public func episodeFolder(_ key: EpisodeKey) -> String { path + "/episodes/" + key.folder }
  public func runsFolder(_ key: EpisodeKey) -> String { episodeFolder(key) + "/runs" }
  public func stdoutFile(_ key: EpisodeKey) -> String { episodeFolder(key) + "/stdout.json" }
  public func stderrFile(_ key: EpisodeKey) -> String { episodeFolder(key) + "/stderr.log" }
  func resultFile(_ key: EpisodeKey) -> String { episodeFolder(key) + "/result.json" }
  func failureFile(_ key: EpisodeKey) -> String { episodeFolder(key) + "/failure.json" }

  /// The shard directories of a bench run as shards: `shards/*` that hold a plan, in name order.
  public var shardDirectories: [BenchDirectory] {
    let root = path + "/shards"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.sorted().map { BenchDirectory(path: root + "/" + $0) }.filter(\.exists)
  }

  /// Whether a plan is stored here.
  public var exists: Bool { FileManager.default.fileExists(atPath: planFile) }

  // MARK: - Plan and contexts

  /// Creates the directory and stores the plan and contexts; an existing plan must be the same.
  public func prepare(_ plan: BenchPlan, contexts: [CompetitionContext]) throws(BenchError) {
    if let stored = try readPlan() {
      let differences = plan.differences(from: stored)
      guard differences.isEmpty else { throw .planMismatch(path: path, differences: differences) }
    } else {
      try write(plan, to: planFile)
    }
    // The boards may have been fixed since: the contexts follow the catalog, the plan does not.
    try write(contexts, to: contextsFile)
  }

  public func readPlan() throws(BenchError) -> BenchPlan? {
    guard FileManager.default.fileExists(atPath: planFile) else { return nil }
    return try read(BenchPlan.self, from: planFile)
  }

  public func readContexts() throws(BenchError) -> [CompetitionContext] {
    guard FileManager.default.fileExists(atPath: contextsFile) else { return [] }
    return try read([CompetitionContext].self, from: contextsFile)
  }

  // MARK: - Episodes

  public func state(of key: EpisodeKey) -> EpisodeState {
    if let data = FileManager.default.contents(atPath: resultFile(key)), let result = try? EpisodeResult.read(data) {
      return .done(result)
    }
    if let failure = try? read(EpisodeFailure.self, from: failureFile(key)) { return .failed(failure) }
    return .pending
  }

  /// Clears what an unfinished attempt left (its runs, output), keeping the last failure until replaced.
  func prepareAttempt(_ key: EpisodeKey) throws(BenchError) {
    let folder = episodeFolder(key)
    try? FileManager.default.removeItem(atPath: runsFolder(key))
    do {
      try FileManager.default.createDirectory(atPath: runsFolder(key), withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: folder, reason: error.localizedDescription)
    }
  }

  func record(_ result: EpisodeResult, for key: EpisodeKey) throws(BenchError) {
    try write(result, to: resultFile(key))
    try? FileManager.default.removeItem(atPath: failureFile(key))
  }

  func record(_ failure: EpisodeFailure, for key: EpisodeKey) throws(BenchError) {
    try write(failure, to: failureFile(key))
  }

  // MARK: - Lock

  /// Takes the directory's lock for as long as the returned handle lives; another holder is an error.
  public func lock() throws(BenchError) -> BenchLock {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: path, reason: error.localizedDescription)
    }
    let file = path + "/.lock"
    let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .cannotWrite(path: file, reason: errorText()) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw .locked(path: path)
    }
    return BenchLock(descriptor: descriptor)
  }

  // MARK: - Files

  private func write(_ value: some Encodable, to file: String) throws(BenchError) {
    do {
      let folder = (file as NSString).deletingLastPathComponent
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let encoder = JSONEncoder.tatami(pretty: true)
      // Written beside and renamed over: a reader (or a kill -9) never sees half a file.
      try encoder.encode(value).write(to: URL(fileURLWithPath: file), options: .atomic)
    } catch {
      throw .cannotWrite(path: file, reason: error.localizedDescription)
    }
  }

  private func read<T: Decodable>(_ type: T.Type, from file: String) throws(BenchError) -> T {
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: file))
      return try JSONDecoder().decode(type, from: data)
    } catch {
      throw .unreadable(path: file, reason: String(describing: error))
    }
  }
}

/// A held bench lock; released when dropped (or when the process dies, kill -9 included).
public final class BenchLock {
  let descriptor: Int32

  init(descriptor: Int32) { self.descriptor = descriptor }

  deinit { close(descriptor) }
}
