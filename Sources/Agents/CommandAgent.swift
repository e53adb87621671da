import Basics
import Arena
import Foundation


/// `cmd:PROGRAM`: an external process speaking JSON lines (docs/agents.md).
///
/// The harness writes one observation per line to the program's standard input (`task` first, then one
/// `feedback` per step, then `end`) and reads one action per line from its standard output. Standard error goes
/// to a log file. By default the program runs on the host with the user's rights, like any tool the user starts
/// (it could read the answers); only the code it sends in actions runs in the sandbox. Given a process spec from
/// `Sandbox.agentSpec` (`tatami run --agent-sandbox`) the program itself runs in a sandbox without the answers.
public final class CommandAgent: Agent {
  public let name: String
  /// True when the program runs in a sandbox of its own.
  public let sandboxed: Bool
  private let command: String
  private let spec: ProcessSpec
  private let logPath: String?
  private var process: ChildProcess?
  private var pending: [UInt8] = []
  private var log: Int32 = -1
  /// The end of what the program wrote on standard error, for the message when it stops.
  private var stderrTail: [UInt8] = []
  /// Actions read so far: a program that stops before its first one never worked (`agent_unavailable`).
  private var replies = 0
  private let encoder: JSONEncoder

  /// - Parameters:
  ///   - command: a shell command line (`python3 examples/agent.py`), run with `/bin/sh -c`.
  ///   - logPath: where the program's standard error goes.
  ///   - spec: how to start it; nil runs `/bin/sh -c command` on the host.
  public init(command: String, logPath: String?, spec: ProcessSpec? = nil) {
    self.command = command
    self.sandboxed = spec != nil
    self.spec = spec ?? ProcessSpec(executable: "/bin/sh", arguments: ["-c", command])
    self.name = "cmd:" + command
    self.logPath = logPath
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  }

  deinit {
    if log >= 0 { close(log) }
  }

  public func begin(_ task: TaskInfo) throws(AgentError) {
    // A program that exits early must not take the harness down with SIGPIPE: writes fail with EPIPE instead.
    // Children get the default disposition back (ChildProcess resets every signal).
    signal(SIGPIPE, SIG_IGN)
    // A sandboxed agent sees other paths than the host: only a host command can be looked up here.
    if !sandboxed, let program = Self.missingProgram(in: command, path: ProcessInfo.processInfo.environment["PATH"]) {
      throw AgentError(
        "cannot start the agent: there is no program '\(program)'"
          + (program.contains("/") ? "" : " in PATH (\(ProcessInfo.processInfo.environment["PATH"] ?? ""))"),
        kind: .unavailable,
        hint: "give cmd: a program that exists, with its path if it is not in PATH,"
          + " e.g. cmd:'python3 examples/agent.py'")
    }
    do {
      process = try ChildProcess(spec, pipeStdin: true)
    } catch {
      throw AgentError("cannot start the agent '\(command)': \(error)", kind: .unavailable)
    }
    if let logPath { log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600) }
    do {
      try send(TaskMessage(task: task))
    } catch {
      throw stoppedEarly("before reading the task")
    }
  }

  /// The first word of a shell command line when the shell knows no program, builtin or keyword by that
  /// name (`command -v`); nil when it does, or when the word is shell syntax the harness cannot judge.
  static func missingProgram(in command: String, path: String?) -> String? {
    guard var word = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
    else { return nil }
    if word.count >= 2, let quote = word.first, quote == "'" || quote == "\"", word.last == quote {
      word = String(word.dropFirst().dropLast())
    }
    let shellSyntax = "$`()=;|&<>{}*?~\\\"'"
    if word.isEmpty || word.contains(where: shellSyntax.contains) { return nil }
    // A path names no builtin or keyword: an executable file there is all `command -v` would find, without
    // starting a shell. Anything else (missing, not executable, a folder) still asks the shell.
    if word.contains("/"), access(word, X_OK) == 0, FileSystem.isRegularFile(word) { return nil }
    var environment = ProcessInfo.processInfo.environment
    if let path { environment["PATH"] = path }
    let spec = ProcessSpec(
      executable: "/bin/sh", arguments: ["-c", "command -v \"$1\" >/dev/null", "sh", word],
      environment: environment.map { "\($0.key)=\($0.value)" })
    guard let lookup = try? ChildProcess(spec) else { return nil }
    return lookup.wait(blocking: true) == .exited(0) ? nil : word
  }

  /// The error for a program that stopped talking: its exit status and the end of its standard error.
  private func stoppedEarly(_ when: String) -> AgentError {
    var status: ChildProcess.Termination?
    if let process {
      // Drain what it still writes on standard error (up to a second) to say why it stopped.
      let clock = ContinuousClock()
      let deadline = clock.now + .seconds(1)
      var buffer = [UInt8](repeating: 0, count: 16 * 1024)
      while clock.now < deadline {
        var fds = [pollfd(fd: process.stderrFD, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, 100) > 0 else { if process.wait(blocking: false) != nil { break } else { continue } }
        let count = buffer.withUnsafeMutableBytes { read(process.stderrFD, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        keepStderr(buffer[..<count])
      }
      for _ in 0..<50 {
        status = process.wait(blocking: false)
        if status != nil { break }
        usleep(10_000)
      }
    }
    let ended: String
    switch status {
    case .exited(let code)?: ended = "exited with status \(code)"
    case .signaled(let signal)?: ended = "was killed by signal \(signal)"
    case nil: ended = "stopped reading and writing"
    }
    let errors = String(decoding: stderrTail.suffix(600), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return AgentError(
      "the agent '\(command)' \(ended) \(when)" + (errors.isEmpty ? " (no standard error)" : ": \(errors)"),
      // Exiting with an error before the first action is failing to start; exiting cleanly is giving up.
      kind: replies == 0 && status != .exited(0) ? .unavailable : .failed,
      hint: "run the command by hand to see why it stops" + (logPath.map { "; its standard error is in \($0)" } ?? ""))
  }

  private func keepStderr(_ bytes: ArraySlice<UInt8>) {
    if log >= 0 { _ = bytes.withUnsafeBytes { write(log, $0.baseAddress, $0.count) } }
    stderrTail.append(contentsOf: bytes)
    if stderrTail.count > 8192 { stderrTail.removeFirst(stderrTail.count - 4096) }
  }

  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    if let feedback {
      do { try send(FeedbackMessage(feedback: feedback)) } catch { throw stoppedEarly("before reading feedback") }
    }
    let line = try readLine(timeout: secondsLeft)
    replies += 1
    do {
      return AgentTurn(action: try Action.parse(line), reply: String(decoding: line, as: UTF8.self))
    } catch {
      return AgentTurn(action: nil, reply: String(decoding: line.prefix(4096), as: UTF8.self), parseError: error)
    }
  }

  public func end(status: EpisodeStatus) {
    guard let process else { return }
    try? send(EndMessage(status: status.rawValue))
    process.closeStdin()
    // Give it a moment to exit on its own, draining what it still prints, then end it.
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(2)
    while process.wait(blocking: false) == nil, clock.now < deadline {
      _ = try? readLine(timeout: 0.05)
    }
    if process.wait(blocking: false) == nil {
      process.signalTree(SIGTERM)
      usleep(200_000)
      process.signalTree(SIGKILL)
      process.wait(blocking: true)
    }
    self.process = nil
  }

  private func send(_ message: some Encodable) throws(AgentError) {
    guard let process, process.stdinFD >= 0 else { throw AgentError("the agent's standard input is closed") }
    guard var data = try? encoder.encode(message) else { throw AgentError("cannot encode the observation") }
    data.append(UInt8(ascii: "\n"))
    let ok = data.withUnsafeBytes { (try? FileDescriptor.writeAll(process.stdinFD, $0)) != nil }
    if !ok { throw AgentError("the agent stopped reading its input (it exited?)") }
  }

  /// One line of the program's standard output, draining its standard error meanwhile.
  private func readLine(timeout: Double) throws(AgentError) -> [UInt8] {
    guard let process else { throw AgentError("the agent is not running") }
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(Int(max(0, timeout) * 1000))
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = Array(pending[..<newline])
        pending.removeFirst(newline + 1)
        if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
        return line
      }
      if pending.count > 64 << 20 { throw AgentError("the agent sent a line longer than 64 MiB") }
      let now = clock.now
      guard now < deadline else { throw AgentError("the agent did not answer within the time left") }
      var fds = [pollfd(fd: process.stdoutFD, events: Int16(POLLIN), revents: 0),
                 pollfd(fd: process.stderrFD, events: Int16(POLLIN), revents: 0)]
      let wait = Int32(min(200, max(1, (deadline - now).seconds * 1000)))
      guard poll(&fds, 2, wait) > 0 else {
        if process.wait(blocking: false) != nil, fds[0].fd < 0 { throw stoppedEarly("before sending an action") }
        continue
      }
      if fds[1].revents != 0 {
        let count = buffer.withUnsafeMutableBytes { read(process.stderrFD, $0.baseAddress, $0.count) }
        if count > 0 { keepStderr(buffer[..<count]) }
      }
      if fds[0].revents != 0 {
        let count = buffer.withUnsafeMutableBytes { read(process.stdoutFD, $0.baseAddress, $0.count) }
        if count > 0 {
          pending.append(contentsOf: buffer[..<count])
        } else if count == 0 {
          throw stoppedEarly("before sending an action")
        }
      }
    }
  }
}

struct TaskMessage: Encodable {
  let type = "task"
  let `protocol` = 1
  let task: TaskInfo

  enum CodingKeys: String, CodingKey { case type, `protocol`, task }
}

struct FeedbackMessage: Encodable {
  let type = "feedback"
  let feedback: Feedback

  enum CodingKeys: String, CodingKey { case type, feedback }
}

struct EndMessage: Encodable {
  let type = "end"
  let status: String

  enum CodingKeys: String, CodingKey { case type, status }
}
