import Basics

/// The bytes a stream produced: the last `capacity` bytes kept, the total counted, the rest drained and dropped.
public struct OutputTail: Sendable {
  public let capacity: Int
  public private(set) var totalBytes = 0
  private var bytes: [UInt8] = []

  public init(capacity: Int) { self.capacity = max(0, capacity) }

  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    totalBytes += chunk.count
    guard capacity > 0 else { return }
    if chunk.count >= capacity {
      bytes = Array(chunk.suffix(capacity))
      return
    }
    bytes.append(contentsOf: chunk)
    if bytes.count > 2 * capacity { bytes.removeFirst(bytes.count - capacity) }
  }

  /// The kept bytes: at most `capacity`, the end of the stream.
  public var tail: [UInt8] { bytes.count > capacity ? Array(bytes.suffix(capacity)) : bytes }
  /// True when bytes were dropped from the front.
  public var truncated: Bool { totalBytes > capacity }

  /// The tail as text, invalid UTF-8 repaired, with a marker when bytes were dropped.
  public var text: String {
    var kept = tail
    // Do not start in the middle of a UTF-8 sequence.
    while truncated, let first = kept.first, first & 0xC0 == 0x80 { kept.removeFirst() }
    let body = String(decoding: kept, as: UTF8.self)
    return truncated ? "[… \(totalBytes - kept.count) earlier bytes not shown]\n" + body : body
  }
}

/// Writes the first `cap` bytes of a stream to a file; drops the rest.
struct CappedLog {
  private var fd: Int32 = -1
  private let cap: Int
  private(set) var written = 0

  init(path: String?, cap: Int) {
    self.cap = cap
    if let path { fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600) }
  }

  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    guard fd >= 0, written < cap, let base = chunk.baseAddress else { return }
    let count = min(chunk.count, cap - written)
    var offset = 0
    while offset < count {
      let result = Glibc.write(fd, base + offset, count - offset)
      if result <= 0 { if errno == EINTR { continue } else { break } }
      offset += result
    }
    written += offset
  }

  mutating func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
  }
}

/// Limits on one run of a process from the harness's side: wall clock and captured output.
public struct RunLimits: Sendable, Equatable {
  /// Wall-clock limit; SIGTERM to the whole tree when it passes.
  public var timeout: Duration
  /// Time between SIGTERM and SIGKILL.
  public var killGrace: Duration
  /// Bytes of each stream kept in memory (the end of the stream).
  public var tailBytes: Int
  /// Bytes of each stream written to its log file; the rest is read and dropped so the child never blocks.
  public var logBytes: Int
  /// Ends the run early, as a timeout does, once cancelled (a remote caller that went away).
  public var cancellation: Cancellation?

  public init(
    timeout: Duration, killGrace: Duration = .seconds(1), tailBytes: Int = 8 * 1024, logBytes: Int = 1 << 20,
    cancellation: Cancellation? = nil
  ) {
    self.timeout = timeout
    self.killGrace = killGrace
    self.tailBytes = tailBytes
    self.logBytes = logBytes
    self.cancellation = cancellation
  }
}

/// What one run of a process did, measured from the harness.
public struct ProcessOutcome: Sendable {
  public var termination: ChildProcess.Termination
  public var seconds: Double
  public var timedOut: Bool
  /// True when SIGTERM was not enough and SIGKILL followed.
  public var killed: Bool
  public var stdout: OutputTail
  public var stderr: OutputTail
  /// Peak resident set of the largest process in the tree (as the kernel reports for waited-for children).
  public var maxRSSBytes: Int
  public var cpuSeconds: Double
}

/// Runs a process to its end under a wall-clock limit, capturing bounded output.
public enum ProcessRunner {
  /// Starts `spec`, drains its stdout and stderr (keeping tails and capped logs), and ends it on timeout:
  /// SIGTERM to the whole tree, then SIGKILL after the grace period.
  ///
  /// - Parameters:
  ///   - stdoutLog/stderrLog: files receiving the first `limits.logBytes` bytes of each stream.
  public static func run(
    _ spec: ProcessSpec, limits: RunLimits, stdoutLog: String? = nil, stderrLog: String? = nil
  ) throws(SpawnError) -> ProcessOutcome {
    let clock = ContinuousClock()
    let start = clock.now
    let child = try ChildProcess(spec)
    var out = OutputTail(capacity: limits.tailBytes)
    var err = OutputTail(capacity: limits.tailBytes)
    var outLog = CappedLog(path: stdoutLog, cap: limits.logBytes)
    var errLog = CappedLog(path: stderrLog, cap: limits.logBytes)
    defer {
      outLog.close()
      errLog.close()
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    defer { buffer.deallocate() }

    var fds = [pollfd(fd: child.stdoutFD, events: Int16(POLLIN), revents: 0),
               pollfd(fd: child.stderrFD, events: Int16(POLLIN), revents: 0)]
    var termSentAt: ContinuousClock.Instant?
    var killed = false
    var signalled: Set<pid_t> = []
    var exitedAt: ContinuousClock.Instant?
    let deadline = start + limits.timeout

    while true {
      let now = clock.now
      if child.status == nil {
        if termSentAt == nil, now >= deadline || limits.cancellation?.isCancelled == true {
          signalled.formUnion(child.signalTree(SIGTERM, sparingRoot: spec.isSupervisor))
          termSentAt = now
        } else if let sent = termSentAt, !killed, now >= sent + limits.killGrace {
          signalled.formUnion(child.signalTree(SIGKILL))
          killed = true
        }
      }
      let open = fds.contains { $0.fd >= 0 }
      if child.wait(blocking: false) != nil {
        if !open { break }
        // Exited while something it started still holds the pipes: give it a moment, then end the tree.
        if exitedAt == nil { exitedAt = now }
        if let exited = exitedAt, now >= exited + .milliseconds(300) {
          for descendant in ProcessTree.descendants(of: child.pid) {
            kill(descendant, SIGKILL)
            signalled.insert(descendant)
          }
          kill(-child.pid, SIGKILL)
          break
        }
      }
      if !open {
        // Pipes closed but the process lives on: wait in small slices so the timeout stays live.
        var none = pollfd(fd: -1, events: 0, revents: 0)
        _ = poll(&none, 0, 20)
        continue
      }
      let ready = poll(&fds, nfds_t(fds.count), 20)
      if ready <= 0 { continue }
      for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
        let count = read(fds[index].fd, buffer.baseAddress, buffer.count)
        if count > 0 {
          let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
          if index == 0 {
            out.append(chunk)
            outLog.append(chunk)
          } else {
            err.append(chunk)
            errLog.append(chunk)
          }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
          fds[index].fd = -1
        }
      }
    }
    let termination = child.wait(blocking: true) ?? .signaled(SIGKILL)
    // A killed sandbox tears its PID namespace down asynchronously: return once its processes are gone.
    if !signalled.isEmpty { ProcessTree.waitGone(Array(signalled), limit: .seconds(2)) }
    let usage = child.usage ?? rusage()
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return ProcessOutcome(
      termination: termination, seconds: (clock.now - start).seconds, timedOut: termSentAt != nil, killed: killed,
      stdout: out, stderr: err, maxRSSBytes: Int(usage.ru_maxrss) * 1024, cpuSeconds: cpu)
  }
}

extension Duration {
  /// The duration in seconds as a Double.
  public var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
