import Basics

/// A problem setting up the terminal.
public enum TerminalError: Error, Equatable, Sendable {
  case notATerminal
  case system(SystemError)

  public var message: String {
    switch self {
    case .notATerminal: "standard input and output must be a terminal for the interactive browser"
    case .system(let error): "\(error.call) failed: \(error.reason)"
    }
  }
}

/// What kind of output standard output is (as swift-tools-support-core's `TerminalController` decides).
public enum OutputKind: Sendable {
  /// A terminal that understands escape sequences.
  case terminal
  /// A terminal that does not (`TERM=dumb`).
  case dumb
  /// A file or a pipe.
  case file

  public static func standardOutput(environment: [String: String]) -> OutputKind {
    guard isatty(STDOUT_FILENO) == 1 else { return .file }
    return environment["TERM"] == "dumb" ? .dumb : .terminal
  }
}

/// The terminal in full-screen mode: raw input, alternate screen, hidden cursor; restored exactly once.
///
/// Raw mode comes from `cfmakeraw` with `OPOST` kept, so a newline still returns the carriage. Ctrl-C
/// then arrives as a byte rather than a signal; SIGTERM and SIGHUP are caught by `SignalWatcher`, and
/// both paths end in `restore()` (also run by `deinit`), so the shell gets its terminal back.
public final class Terminal {
  private let input: Int32 = STDIN_FILENO
  private let output: Int32 = STDOUT_FILENO
  private var saved = termios()
  private var active = false

  /// Switches to raw mode and the alternate screen.
  public init() throws(TerminalError) {
    guard isatty(input) == 1, isatty(output) == 1 else { throw .notATerminal }
    guard tcgetattr(input, &saved) == 0 else { throw .system(SystemError("tcgetattr")) }
    var raw = saved
    cfmakeraw(&raw)
    raw.c_oflag |= tcflag_t(OPOST)
    // TCSANOW rather than TCSAFLUSH: keys typed while tatami starts are kept, not discarded.
    guard tcsetattr(input, TCSANOW, &raw) == 0 else { throw .system(SystemError("tcsetattr")) }
    active = true
    // Alternate screen, hidden cursor, no line wrap.
    write(Array("\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l".utf8))
  }

  deinit { restore() }

  /// Leaves the alternate screen, shows the cursor and restores the saved terminal settings; idempotent.
  public func restore() {
    guard active else { return }
    active = false
    write(Array("\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l".utf8))
    tcsetattr(input, TCSAFLUSH, &saved)
  }

  /// The window size from `TIOCGWINSZ`, else `LINES`/`COLUMNS`, else 24×80.
  public func size(environment: [String: String]) -> TerminalSize {
    var window = winsize()
    if ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 {
      return TerminalSize(rows: Int(window.ws_row), columns: Int(window.ws_col))
    }
    return TerminalSize(
      rows: environment["LINES"].flatMap { Int($0) } ?? 24, columns: environment["COLUMNS"].flatMap { Int($0) } ?? 80)
  }

  /// Writes all the bytes, retrying on partial writes and interruptions.
  public func write(_ bytes: [UInt8]) {
    try? FileDescriptor.writeAll(output, bytes)
  }

  /// Reads what is available on standard input (up to 1 KiB); empty at end of input.
  public func read() -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 1024)
    let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
    return count > 0 ? Array(buffer[..<count]) : []
  }

  public var inputDescriptor: Int32 { input }
}
