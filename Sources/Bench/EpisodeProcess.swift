import Basics
import Foundation

/// How to start one episode: the `tatami` executable and what goes before its arguments.
public struct EpisodeCommand: Sendable {
  /// The `tatami` binary every episode runs (the one running the bench).
  public var executable: String
  /// Runs before the binary: `setpriv --pdeathsig KILL --` where util-linux has it, so an episode dies with
  /// the bench (a `kill -9` of the bench leaves no episode running to race its rerun).
  public var prefix: [String]

  public init(executable: String, prefix: [String]) {
    self.executable = executable
    self.prefix = prefix
  }

  /// The running executable, with the parent-death prefix when `setpriv` exists.
  public static func current() -> EpisodeCommand {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    let setpriv = "/usr/bin/setpriv"
    let prefix = access(setpriv, X_OK) == 0 ? [setpriv, "--pdeathsig", "KILL", "--"] : []
    return EpisodeCommand(executable: executable, prefix: prefix)
  }

  /// `tatami run` exactly as a user would type it, with the episode's records inside the bench directory.
  public func argv(for key: EpisodeKey, plan: BenchPlan, directory: BenchDirectory) -> [String] {
    prefix + [
      executable, "run", key.competition, "--agent", key.agent, "--seed", String(key.seed), "--json",
      "--runs-dir", directory.runsFolder(key), "--db", directory.database,
    ] + plan.runArguments
  }
}

/// A started episode process: its own process group, standard output and error in files.
final class EpisodeProcess {
  let key: EpisodeKey
  let pid: pid_t
  let started: ContinuousClock.Instant
  /// The bench asked it to stop (Ctrl-C): an early end is an interruption, not a failure.
  var stopRequested = false

  init(key: EpisodeKey, argv: [String], stdout: String, stderr: String) throws(BenchError) {
    self.key = key
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own process group, so a Ctrl-C at the terminal reaches the bench only and the bench decides.
    ProcessSpawning.setOwnGroupAndDefaultSignals(&attributes)
    var child: pid_t = 0
    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let result = withCStringArray(argv) { arguments in
      withCStringArray(environment) { variables in
        posix_spawn(&child, argv[0], &actions, &attributes, arguments, variables)
      }
    }
    guard result == 0 else {
      throw .cannotStart("cannot start \(argv[0]): \(errorText(result))")
    }
    pid = child
    started = ContinuousClock.now
  }

  /// How the process ended, once it has; nil while it runs.
  func poll() -> Termination? {
    var status: Int32 = 0
    let reaped = waitpid(pid, &status, WNOHANG)
    guard reaped == pid else { return nil }
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
  }

  /// SIGINT to the episode: `tatami run` ends it as `aborted` between steps.
  func interrupt() {
    stopRequested = true
    Glibc.kill(pid, SIGINT)
  }

  /// SIGKILL to the episode's process group; the sandbox dies with it (`--die-with-parent`).
  func kill() {
    stopRequested = true
    Glibc.kill(-pid, SIGKILL)
    Glibc.kill(pid, SIGKILL)
  }

  enum Termination: Equatable {
    case exited(Int32)
    case signaled(Int32)
  }
}

private func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
  let pointers = strings.map { strdup($0) } + [nil]
  defer { pointers.forEach { free($0) } }
  return body(pointers)
}
