import Basics
import Foundation
import Testing

/// Drives the real `tatami board` in tmux: list, search, open, toggle, scroll, help, resize, quit; and the
/// terminal is restored after q, Ctrl-C and SIGTERM. Needs tmux (tools/setup.sh installs it).
@Suite(.serialized)
struct SlowBoardTerminalTests {
  /// One tmux server per test, on its own socket, so a user's sessions are never touched.
  final class Tmux {
    let socket = "tatami-test-\(UUID().uuidString.prefix(8))"
    let home = NSTemporaryDirectory() + "tatami-tmux-" + UUID().uuidString

    init(columns: Int = 80, rows: Int = 24, arguments: String) throws {
      try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
      // After tatami exits the shell prints its status and the terminal modes, then waits to be captured
      // (`read` ends when kill-server closes the terminal).
      let command =
        "env TATAMI_HOME='\(home)' TATAMI_DB= TERM=xterm-256color '\(TatamiBinary.url.path)' board "
        + "--catalog '\(BoardCommandTests.catalog)' \(arguments); echo EXIT:$?; "
        + "echo MODES: $(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$'); read -r line"
      try run(["new-session", "-d", "-s", "board", "-x", String(columns), "-y", String(rows), command])
    }

    deinit {
      _ = try? run(["kill-server"])
      try? FileManager.default.removeItem(atPath: home)
    }

    /// Runs a tmux command and returns what it printed.
    ///
    /// Spawned and reaped directly (posix_spawn, waitpid), with output through a file: the tmux server forks
    /// from the first client and would hold a pipe's write end open forever.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
      let outputPath = home + "/tmux-output"
      let pid = try ProcessSpawning.spawn(
        ["tmux", "-L", socket] + arguments, environment: ProcessInfo.processInfo.environment,
        stdout: .file(outputPath), stderr: .discard)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    func send(_ keys: String...) throws { try run(["send-keys", "-t", "board"] + keys) }

    func screen() throws -> String { try run(["capture-pane", "-p", "-t", "board"]) }

    /// Waits (up to 5 s) until the screen satisfies `condition`, and returns it.
    @discardableResult
    func waitFor(_ description: String, _ condition: (String) -> Bool) throws -> String {
      let deadline = Date().addingTimeInterval(5)
      var text = try screen()
      while !condition(text) && Date() < deadline {
        Thread.sleep(forTimeInterval: 0.05)
        text = try screen()
      }
      #expect(condition(text), "timed out waiting for \(description); the screen was:\n\(text)")
      return text
    }

    /// The process id of the program running in the pane (the shell's child).
    func boardProcess() throws -> Int32? {
      let shell = try run(["display-message", "-p", "-t", "board", "#{pane_pid}"]).trimmingCharacters(
        in: .whitespacesAndNewlines)
      let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
      return children.split(separator: " ").first.flatMap { Int32($0) }
    }
  }

  static var tmuxInstalled: Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
    }
  }

  /// The shell's report after tatami exited: status and whether the terminal is back in cooked mode.
  static func expectRestored(_ screen: String, status: Int) {
    #expect(screen.contains("EXIT:\(status)"))
    #expect(screen.contains("MODES: icanon echo"), "the terminal is still in raw mode:\n\(screen)")
    // The alternate screen is gone: nothing of the browser is left on the shell's screen.
    #expect(!screen.contains("tatami board —") && !screen.contains("RANK"))
  }

  @Test("list → search → open → toggle → scroll → help → resize → quit", .timeLimit(.minutes(1)))
  func browse() throws {
    try #require(Self.tmuxInstalled, "tmux is needed for this test: apt-get install tmux")
    let tmux = try Tmux(arguments: "")
    // The repository's own catalog is listed too, so the fixture may be below the first screen.
    try tmux.waitFor("the competition list") { $0.contains("tatami board —") && $0.contains("COMPETITION") }

    try tmux.send("/", "t", "i", "n", "y", "Enter")
    try tmux.waitFor("the search result") { $0.contains("1 of ") && $0.contains("search: tiny") }

    try tmux.send("Enter")
    let opened = try tmux.waitFor("the private leaderboard") { $0.contains("PRIVATE VIEW") }
    #expect(opened.contains("     1 team-01") && opened.contains("gold") && opened.contains("1/62"))

    try tmux.send("p")
    let toggled = try tmux.waitFor("the public leaderboard") { $0.contains("PUBLIC VIEW") }
    #expect(toggled.contains("0.1578"))

    try tmux.send("G")
    let bottom = try tmux.waitFor("the bottom of the board") { $0.contains("62/62") }
    #expect(bottom.contains("sentinel-team") && bottom.contains("placeholder") && !bottom.contains(" team-01 "))

    try tmux.send("PPage")
    try tmux.waitFor("a page up") { $0.contains("42/62") }
    try tmux.send("g")
    try tmux.waitFor("the top again") { $0.contains("1/62") && $0.contains(" team-01 ") }
    try tmux.send("j", "j", "Down")
    try tmux.waitFor("three lines down") { $0.contains("4/62") }

    try tmux.send("?")
    try tmux.waitFor("the help overlay") { $0.contains("┌ keys") && $0.contains("toggle public / private view") }
    try tmux.send("x")
    try tmux.waitFor("the help closed") { !$0.contains("┌ keys") }

    try tmux.run(["resize-window", "-t", "board", "-x", "100", "-y", "30"])
    // capture-pane drops trailing spaces: the title line ends with the view label at the right edge. A frame
    // reaches tmux in pieces (one write(2), several reads of the terminal), so wait for its last line too.
    try tmux.waitFor("a redraw at 100×30 with the cursor still on row 4") { screen in
      screen.split(separator: "\n").contains { $0.hasSuffix("PUBLIC VIEW") && $0.count >= 99 }
        && screen.contains("4/62")
    }

    try tmux.send("Escape")
    try tmux.waitFor("back to the list") { $0.contains("tatami board —") && !$0.contains("PUBLIC VIEW") }
    try tmux.send("q")
    Self.expectRestored(try tmux.waitFor("the shell after q") { $0.contains("MODES:") }, status: 0)
  }

  @Test("Ctrl-C and SIGTERM restore the terminal too", .timeLimit(.minutes(1)))
  func interrupted() throws {
    try #require(Self.tmuxInstalled, "tmux is needed for this test: apt-get install tmux")
    let interrupted = try Tmux(arguments: "tiny-board")
    try interrupted.waitFor("the leaderboard") { $0.contains("PRIVATE VIEW") }
    try interrupted.send("C-c")
    Self.expectRestored(try interrupted.waitFor("the shell after Ctrl-C") { $0.contains("MODES:") }, status: 130)

    let terminated = try Tmux(arguments: "")
    try terminated.waitFor("the competition list") { $0.contains("tatami board —") }
    let pid = try #require(try terminated.boardProcess())
    kill(pid, SIGTERM)
    Self.expectRestored(try terminated.waitFor("the shell after SIGTERM") { $0.contains("MODES:") }, status: 143)
  }
}
