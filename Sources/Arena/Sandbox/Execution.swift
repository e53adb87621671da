import Basics
import Catalog
import Foundation

/// What running one step's code did, as the agent sees it (the `execution` object of the feedback).
public struct ExecutionReport: Sendable, Codable, Equatable {
  /// The exit code, or nil when a signal ended the code.
  @ExplicitNull public var exitCode: Int?
  /// The signal that ended the code (9 = SIGKILL, 24 = SIGXCPU, 25 = SIGXFSZ), or nil.
  @ExplicitNull public var signal: Int?
  public var seconds: Double
  public var timedOut: Bool
  public var memoryExceeded: Bool
  public var cpuTimeExceeded: Bool
  public var fileSizeExceeded: Bool
  /// True when more output came than is kept; the tails end where the output ended.
  public var outputTruncated: Bool
  public var stdoutTail: String
  public var stderrTail: String
  public var stdoutBytes: Int
  public var stderrBytes: Int
  public var maxRSSBytes: Int

  enum CodingKeys: String, CodingKey {
    case exitCode = "exit_code", signal, seconds, timedOut = "timed_out", memoryExceeded = "memory_exceeded"
    case cpuTimeExceeded = "cpu_time_exceeded", fileSizeExceeded = "file_size_exceeded"
    case outputTruncated = "output_truncated", stdoutTail = "stdout_tail", stderrTail = "stderr_tail"
    case stdoutBytes = "stdout_bytes", stderrBytes = "stderr_bytes", maxRSSBytes = "max_rss_bytes"
  }

  /// True when the code ran to its end with exit code 0.
  public var succeeded: Bool { exitCode == 0 && !timedOut }
}

/// The last frame of a Python traceback: where the error was raised in the agent's code.
public struct TracebackFrame: Sendable, Codable, Equatable {
  public var file: String
  public var line: Int
  public var function: String
  /// The source line, when Python printed it.
  public var code: String?
}

/// A typed error of one step: a stable code, what happened, why, and what to try.
public struct StepError: Sendable, Codable, Equatable, Error {
  /// Stable snake_case code; the list is in docs/feedback.md.
  public var type: StepErrorType
  public var message: String
  public var cause: String
  public var hint: String
  public var frame: TracebackFrame?
  /// For invalid submissions: the submission file's line and column the engine named.
  public var row: Int?
  public var column: String?

  public init(
    type: StepErrorType, message: String, cause: String, hint: String, frame: TracebackFrame? = nil, row: Int? = nil,
    column: String? = nil
  ) {
    self.type = type
    self.message = message
    self.cause = cause
    self.hint = hint
    self.frame = frame
    self.row = row
    self.column = column
  }
}

/// Turns a process outcome into the execution report and, when the code failed, a typed error.
public enum ExecutionClassifier {
  /// - Parameters:
  ///   - sandboxed: bubblewrap reports a signal as exit code 128 + signal; decode it.
  ///   - language: `python` or `shell`, for the wording of errors.
  public static func classify(
    _ outcome: ProcessOutcome, sandboxed: Bool, limits: SandboxLimits, timeout: Duration, language: String
  ) -> (ExecutionReport, StepError?) {
    var exitCode: Int?
    var signal: Int?
    switch outcome.termination {
    case .exited(let code):
      if sandboxed, code > 128, code <= 128 + 64 { signal = Int(code) - 128 } else { exitCode = Int(code) }
    case .signaled(let number): signal = Int(number)
    }
    let stderr = outcome.stderr.text
    let lastLines = String(stderr.suffix(4000))
    let memory = signal != 24 && [
      "MemoryError", "Unable to allocate", "std::bad_alloc", "Cannot allocate memory", "out of memory",
    ].contains { lastLines.contains($0) }
    let fileSize = signal == 25 || lastLines.contains("File too large")
    let cpu = signal == 24
    let report = ExecutionReport(
      exitCode: exitCode, signal: signal, seconds: (outcome.seconds * 1000).rounded() / 1000,
      timedOut: outcome.timedOut, memoryExceeded: memory, cpuTimeExceeded: cpu, fileSizeExceeded: fileSize,
      outputTruncated: outcome.stdout.truncated || outcome.stderr.truncated, stdoutTail: outcome.stdout.text,
      stderrTail: stderr, stdoutBytes: outcome.stdout.totalBytes, stderrBytes: outcome.stderr.totalBytes,
      maxRSSBytes: outcome.maxRSSBytes)
    if report.succeeded { return (report, nil) }
    return (report, error(for: report, stderr: lastLines, limits: limits, timeout: timeout, language: language))
  }

  static func error(
    for report: ExecutionReport, stderr: String, limits: SandboxLimits, timeout: Duration, language: String
  ) -> StepError {
    let frame = lastFrame(stderr)
    let exception = lastException(stderr)
    if report.timedOut {
      return StepError(
        type: .timeout, message: "the code ran past the step timeout of \(Int(timeout.seconds)) s and was stopped",
        cause: report.signal == 9 ? "it ignored SIGTERM and was killed with SIGKILL" : "it was ended with SIGTERM",
        hint: "cache expensive work in /workspace/working between steps, sample the data while exploring,"
          + " or use a faster model", frame: frame)
    }
    if report.memoryExceeded {
      return StepError(
        type: .memoryExceeded, message: exception ?? "an allocation failed",
        cause: "the sandbox allows \(formatBytes(limits.memoryBytes)) of address space per process",
        hint: "use smaller dtypes (float32, category), read fewer columns or rows, free intermediate frames",
        frame: frame)
    }
    if report.cpuTimeExceeded {
      return StepError(
        type: .cpuTimeExceeded, message: "the code used its \(limits.cpuSeconds) s of CPU time and was killed",
        cause: "RLIMIT_CPU sent SIGXCPU", hint: "use a cheaper model or fewer iterations", frame: frame)
    }
    if report.fileSizeExceeded {
      return StepError(
        type: .fileSizeExceeded, message: exception ?? "a file grew past the size limit",
        cause: "no file may exceed \(formatBytes(limits.fileSizeBytes)) (RLIMIT_FSIZE)",
        hint: "write smaller files: compress, or keep only what the next steps need", frame: frame)
    }
    if stderr.contains("No space left on device") {
      return StepError(
        type: .diskExceeded, message: exception ?? "a write failed: no space left on device",
        cause: "/tmp and /dev/shm hold at most \(formatBytes(limits.tmpBytes)) each",
        hint: "write large files to /workspace/working instead, and delete what you no longer need", frame: frame)
    }
    if stderr.contains("Resource temporarily unavailable") || stderr.contains("can't start new thread")
      || stderr.contains("fork: retry") || stderr.contains("Cannot fork")
    {
      return StepError(
        type: .processLimit, message: exception ?? "starting a process or thread failed",
        cause: "the sandbox allows \(limits.processes) processes and threads",
        hint: "use fewer workers (n_jobs=2, num_threads=2)", frame: frame)
    }
    if let signal = report.signal {
      return StepError(
        type: .killed, message: "the code was ended by signal \(signal) (\(signalName(signal)))",
        cause: signal == 9 ? "SIGKILL: often the kernel's out-of-memory killer" : "a signal ended the process",
        hint: "check the standard error tail", frame: frame)
    }
    let code = report.exitCode ?? -1
    if language == "python", let exception,
      exception.hasPrefix("SyntaxError") || exception.hasPrefix("IndentationError")
        || exception.hasPrefix("TabError")
    {
      return StepError(
        type: .syntaxError, message: exception, cause: "Python could not parse the code; nothing ran",
        hint: "fix the line shown in the frame", frame: syntaxFrame(stderr) ?? frame)
    }
    if let exception {
      return StepError(
        type: .runtimeError, message: exception,
        cause: frame.map { "raised at \($0.file):\($0.line) in \($0.function)" } ?? "an exception ended the code",
        hint: hint(for: exception), frame: frame)
    }
    return StepError(
      type: .nonzeroExit, message: "the \(language == "python" ? "code" : "command") exited with code \(code)",
      cause: "the process reported failure", hint: "check the standard error tail")
  }

  /// The `ExceptionType: message` line that ends a Python traceback.
  static func lastException(_ stderr: String) -> String? {
    let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
    guard let tracebackStart = lines.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last)") })
      ?? lines.lastIndex(where: { $0.hasPrefix("  File \"") })
    else { return nil }
    for line in lines[tracebackStart...].reversed() where !line.hasPrefix(" ") && !line.hasPrefix("\t") {
      if line.hasPrefix("Traceback") { continue }
      let text = String(line)
      if text.contains("Error") || text.contains("Exception") || text.contains(":") || text.contains("Interrupt") {
        return String(text.prefix(500))
      }
    }
    return nil
  }

  /// The innermost `File "…", line N, in f` frame and its source line.
  static func lastFrame(_ stderr: String) -> TracebackFrame? {
    let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let index = lines.lastIndex(where: { $0.hasPrefix("  File \"") && $0.contains(", in ") }) else { return nil }
    return parseFrame(lines, at: index)
  }

  /// A SyntaxError's `File "…", line N` line (no function).
  static func syntaxFrame(_ stderr: String) -> TracebackFrame? {
    let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let index = lines.lastIndex(where: { $0.hasPrefix("  File \"") }) else { return nil }
    return parseFrame(lines, at: index)
  }

  private static func parseFrame(_ lines: [String], at index: Int) -> TracebackFrame? {
    let line = lines[index]
    guard let fileStart = line.firstIndex(of: "\""),
      let fileEnd = line[line.index(after: fileStart)...].firstIndex(of: "\"")
    else { return nil }
    let file = String(line[line.index(after: fileStart)..<fileEnd])
    let rest = String(line[line.index(after: fileEnd)...])
    var number = 0
    if let range = rest.range(of: "line ") {
      number = Int(rest[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }
    var function = "<module>"
    if let range = rest.range(of: ", in ") { function = String(rest[range.upperBound...]) }
    var code: String?
    if index + 1 < lines.count, lines[index + 1].hasPrefix("    ") {
      code = String(lines[index + 1].drop { $0 == " " })
    }
    return TracebackFrame(file: file, line: number, function: function, code: code)
  }

  private static func hint(for exception: String) -> String {
    if exception.hasPrefix("ModuleNotFoundError") {
      return "only numpy, pandas, scikit-learn, scipy, lightgbm and the standard library are installed;"
        + " there is no network to install more"
    }
    if exception.hasPrefix("FileNotFoundError") {
      return "the data is in /workspace/input (read-only); write to /workspace/working"
    }
    if exception.hasPrefix("PermissionError") || exception.hasPrefix("OSError: [Errno 30]") {
      return "only /workspace/working and /tmp are writable"
    }
    if exception.hasPrefix("KeyError") { return "check the column names with the info action" }
    return "read the frame and the standard error tail; fix the code and run again"
  }
}

/// The conventional name of a signal number.
public func signalName(_ signal: Int) -> String {
  let names = [
    1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
    11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ",
  ]
  return names[signal] ?? "signal \(signal)"
}
