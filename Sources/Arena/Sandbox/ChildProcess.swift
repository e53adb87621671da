import Basics

/// What to start: a program, its arguments, environment and working directory.
public struct ProcessSpec: Sendable {
  public var executable: String
  public var arguments: [String]
  /// `KEY=VALUE` entries; nil inherits the harness's environment.
  public var environment: [String]?
  public var workingDirectory: String?
  /// The process supervises the real work (bubblewrap): SIGTERM goes to its descendants only, so they can
  /// clean up, and SIGKILL to it ends the whole sandbox.
  public var isSupervisor: Bool
  /// Bytes the process can read on fd 3 until end-of-file (bubblewrap's `--seccomp 3`); nil leaves fd 3 closed.
  public var attachment: [UInt8]?

  public init(
    executable: String, arguments: [String], environment: [String]? = nil, workingDirectory: String? = nil,
    isSupervisor: Bool = false, attachment: [UInt8]? = nil
  ) {
    self.executable = executable
    self.arguments = arguments
    self.environment = environment
    self.workingDirectory = workingDirectory
    self.isSupervisor = isSupervisor
    self.attachment = attachment
  }
}

/// Failures to start a process: the harness's side, never the agent's.
public enum SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
  case pipe(errno: Int32)
  case spawn(executable: String, errno: Int32)
  /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+) failed, so inherited descriptors could leak.
  case noCloseFrom

  public var description: String {
    switch self {
    case .pipe(let code): return "cannot create a pipe: \(errorText(code))"
    case .noCloseFrom:
      return "this C library cannot close inherited descriptors when starting a process (glibc 2.34 or later needed)"
    case .spawn(let executable, let code): return "cannot start \(executable): \(errorText(code))"
    }
  }
}

/// A started child process in its own process group, with pipes to its standard streams.
///
/// The owner reads the pipes and reaps the child; `deinit` closes the harness's ends and kills an unreaped child,
/// so a dropped handle never leaves a process behind.
public final class ChildProcess {
  public let pid: pid_t
  /// The harness's end of the child's standard input, or -1 when it reads `/dev/null`.
  public private(set) var stdinFD: Int32
  public private(set) var stdoutFD: Int32
  public private(set) var stderrFD: Int32
  public private(set) var status: Termination?
  /// Resource usage of the child and every descendant it waited for, once reaped.
  public private(set) var usage: rusage?

  /// How a process ended: an exit code or a signal.
  public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
  }

  /// Starts `spec` with stdout and stderr on pipes, stdin on a pipe when `pipeStdin`, else `/dev/null`.
  public init(_ spec: ProcessSpec, pipeStdin: Bool = false) throws(SpawnError) {
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    var inPipe: [Int32] = [-1, -1]
    guard makePipe(&outPipe) == 0 else { throw .pipe(errno: errno) }
    guard makePipe(&errPipe) == 0 else {
      let code = errno
      close(outPipe[0]); close(outPipe[1])
      throw .pipe(errno: code)
    }
    if pipeStdin, makePipe(&inPipe) != 0 {
      let code = errno
      for fd in outPipe + errPipe { close(fd) }
      throw .pipe(errno: code)
    }
    let attached: Int32
    do {
      attached = try spec.attachment.map { bytes throws(SpawnError) in try attachmentPipe(bytes) } ?? -1
    } catch {
      for fd in outPipe + errPipe + inPipe where fd >= 0 { close(fd) }
      throw error
    }
    defer { if attached >= 0 { close(attached) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if pipeStdin {
      posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    if attached >= 0 { posix_spawn_file_actions_adddup2(&actions, attached, 3) }
    // Only 0, 1, 2 (and the attachment) survive, whatever tatami inherited or another thread opened without
    // close-on-exec: a descriptor left open would let agent code write into the harness's files.
    do {
      try ProcessSpawning.addCloseFrom(&actions, attached >= 0 ? 4 : 3)
    } catch {
      for fd in outPipe + errPipe + inPipe where fd >= 0 { close(fd) }
      throw .noCloseFrom
    }
    if let directory = spec.workingDirectory { try? ProcessSpawning.addChangeDirectory(&actions, directory) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    ProcessSpawning.setOwnGroupAndDefaultSignals(&attributes)

    let argv = [spec.executable] + spec.arguments
    let environment = spec.environment ?? Self.currentEnvironment()
    var child: pid_t = 0
    let result = withCStrings(argv) { argvPointers in
      withCStrings(environment) { envPointers in
        posix_spawn(&child, spec.executable, &actions, &attributes, argvPointers, envPointers)
      }
    }
    close(outPipe[1]); close(errPipe[1])
    if pipeStdin { close(inPipe[0]) }
    guard result == 0 else {
      close(outPipe[0]); close(errPipe[0])
      if pipeStdin { close(inPipe[1]) }
      throw .spawn(executable: spec.executable, errno: result)
    }
    pid = child
    stdoutFD = outPipe[0]
    stderrFD = errPipe[0]
    stdinFD = pipeStdin ? inPipe[1] : -1
  }

  deinit {
    if status == nil {
      kill(-pid, SIGKILL)
      kill(pid, SIGKILL)
      _ = wait(blocking: true)
    }
    closeStdin()
    closeOutputs()
  }

  /// Closes the harness's end of the child's standard input (the child reads end-of-file).
  public func closeStdin() {
    if stdinFD >= 0 { close(stdinFD) }
    stdinFD = -1
  }

  func closeOutputs() {
    if stdoutFD >= 0 { close(stdoutFD) }
    if stderrFD >= 0 { close(stderrFD) }
    stdoutFD = -1
    stderrFD = -1
  }

  /// Reaps the child if it ended (or waits for it when `blocking`); returns its termination once known.
  @discardableResult
  public func wait(blocking: Bool) -> Termination? {
    if let status { return status }
    var raw: Int32 = 0
    var resources = rusage()
    while true {
      let reaped = wait4(pid, &raw, blocking ? 0 : WNOHANG, &resources)
      if reaped == -1 && errno == EINTR { continue }
      guard reaped == pid else { return nil }
      break
    }
    usage = resources
    let signal = raw & 0x7f
    status = signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
    return status
  }

  /// Sends `signal` to the child's process group and to every descendant found under /proc
  /// (a descendant may have started its own session, leaving the group).
  /// - Parameter sparingRoot: leave the child itself and its group alone (a supervisor getting SIGTERM).
  /// - Returns: the descendants signalled.
  @discardableResult
  public func signalTree(_ signal: Int32, sparingRoot: Bool = false) -> [pid_t] {
    guard status == nil else { return [] }
    let descendants = ProcessTree.descendants(of: pid)
    for descendant in descendants.reversed() { kill(descendant, signal) }
    if !sparingRoot {
      kill(-pid, signal)
      kill(pid, signal)
    }
    return descendants
  }

  static func currentEnvironment() -> [String] {
    var entries: [String] = []
    var pointer = environ
    while let entry = pointer.pointee {
      entries.append(String(cString: entry))
      pointer += 1
    }
    return entries
  }
}

/// A pipe whose ends close on exec (Basics' pipe2), so children started by other threads never inherit them.
private func makePipe(_ fds: inout [Int32]) -> Int32 {
  guard let ends = try? FileDescriptor.pipe() else { return -1 }
  fds = [ends.read, ends.write]
  return 0
}

/// The read end of a close-on-exec pipe holding `bytes` and then end-of-file.
private func attachmentPipe(_ bytes: [UInt8]) throws(SpawnError) -> Int32 {
  // A pipe holds 64 KiB without a reader; a seccomp program is a few hundred bytes.
  guard bytes.count <= 60 << 10 else { throw .pipe(errno: EFBIG) }
  let ends: (read: Int32, write: Int32)
  do {
    ends = try FileDescriptor.pipe()
  } catch {
    throw .pipe(errno: error.code)
  }
  defer { close(ends.write) }
  do {
    try FileDescriptor.writeAll(ends.write, bytes)
  } catch {
    close(ends.read)
    throw .pipe(errno: error.code)
  }
  return ends.read
}

/// Calls `body` with a NULL-terminated C array of the strings.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { for pointer in pointers { free(pointer) } }
  return body(pointers)
}

/// The process tree as /proc shows it.
enum ProcessTree {
  /// Every descendant of `root`, parents before children.
  static func descendants(of root: pid_t) -> [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = pid_t(name), let parent = parentPID(of: pid) else { continue }
      children[parent, default: []].append(pid)
    }
    var result: [pid_t] = []
    var queue = [root]
    while let next = queue.popLast() {
      for child in children[next] ?? [] {
        result.append(child)
        queue.append(child)
      }
    }
    return result
  }

  /// Waits until none of `pids` is alive (gone or a zombie), at most `limit`.
  static func waitGone(_ pids: [pid_t], limit: Duration) {
    let clock = ContinuousClock()
    let end = clock.now + limit
    var remaining = pids
    while !remaining.isEmpty, clock.now < end {
      remaining = remaining.filter { isAlive($0) }
      if !remaining.isEmpty { usleep(5000) }
    }
  }

  static func isAlive(_ pid: pid_t) -> Bool {
    let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 512) }
    guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")), close + 2 < count else {
      return false
    }
    return buffer[close + 2] != UInt8(ascii: "Z") && buffer[close + 2] != UInt8(ascii: "X")
  }

  /// The parent pid from `/proc/PID/stat` (the field after the parenthesised command name).
  static func parentPID(of pid: pid_t) -> pid_t? {
    let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 512)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 512) }
    guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
    let fields = buffer[(close + 1)..<count].split(separator: UInt8(ascii: " "))
    guard fields.count > 1 else { return nil }
    return pid_t(String(decoding: fields[1], as: UTF8.self))
  }
}
