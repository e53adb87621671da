import Foundation
import Basics
import Leaderboard

/// Runs the browser in the terminal: reads keys, applies them to the state, draws the difference.
public struct BrowserApp {
  /// Loads a competition's leaderboard, or says why it cannot.
  public var loadBoard: (String) -> Result<CompetitionBoard, BoardError>
  /// Builds the per-agent summary across competitions.
  public var loadSummary: () -> [AgentSummary]

  public init(
    loadBoard: @escaping (String) -> Result<CompetitionBoard, BoardError>,
    loadSummary: @escaping () -> [AgentSummary]
  ) {
    self.loadBoard = loadBoard
    self.loadSummary = loadSummary
  }

  /// How long a lone ESC waits for the rest of a sequence before it counts as the Escape key.
  static let escapeTimeoutMilliseconds: Int32 = 40

  /// Runs until the user quits or a signal arrives; returns the exit status (0, or 128 + the signal).
  ///
  /// The terminal is restored on every way out: `defer` covers returns and thrown errors, and SIGINT,
  /// SIGTERM and SIGHUP arrive as bytes on the watcher's pipe and end the loop like `q`.
  public func run(_ initial: BrowserState) throws(TerminalError) -> Int32 {
    let watcher = try SignalWatcher()
    let terminal = try Terminal()
    defer { terminal.restore() }
    let environment = ProcessInfo.processInfo.environment
    var state = initial
    state.resize(terminal.size(environment: environment))
    var decoder = KeyDecoder()
    var shown: Frame?
    while true {
      let frame = Frame(BrowserView.render(state), size: state.size)
      if frame != shown { terminal.write(Frame.diff(from: shown, to: frame)) }
      shown = frame
      let ready = wait(terminal.inputDescriptor, watcher.descriptor, pending: decoder.hasPending)
      for signal in ready.signals ? watcher.drain() : [] {
        if signal == SIGWINCH { state.resize(terminal.size(environment: environment)) } else { return 128 + signal }
      }
      var keys: [Key] = []
      if ready.input {
        let bytes = terminal.read()
        if bytes.isEmpty { return 0 }  // the terminal went away
        keys = decoder.decode(bytes)
      } else if !ready.signals {
        keys = decoder.flush()
      }
      for key in keys {
        let effect = state.handle(key)
        if effect == .quit { return key == .control("c") ? 128 + SIGINT : 0 }
        perform(effect, on: &state)
      }
    }
  }

  private func perform(_ effect: BrowserState.Effect, on state: inout BrowserState) {
    switch effect {
    case .none, .quit: break
    case .openBoard(let id):
      switch loadBoard(id) {
      case .success(let board): state.showBoard(board)
      case .failure(let error): state.message = error.message
      }
    case .openSummary: state.showSummary(loadSummary())
    }
  }

  /// Blocks until input or a signal arrives, or (with a pending ESC) the escape timeout passes.
  private func wait(_ input: Int32, _ signals: Int32, pending: Bool) -> (input: Bool, signals: Bool) {
    var descriptors = [
      pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
    ]
    let count = poll(&descriptors, 2, pending ? Self.escapeTimeoutMilliseconds : -1)
    guard count > 0 else { return (false, false) }
    let inputReady = descriptors[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
    return (inputReady, descriptors[1].revents & Int16(POLLIN) != 0)
  }
}
