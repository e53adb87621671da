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
    // Its own process group, so a Ctrl-C at the terminal reaches the bench only and the bench decides.
    do throws(SystemError) {
      pid = try ProcessSpawning.spawn(
        argv, environment: ProcessInfo.processInfo.environment, stdout: .file(stdout), stderr: .file(stderr),
        ownGroup: true)
    } catch {
      throw .cannotStart("cannot start \(argv[0]): \(error.reason)")
    }
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
