import Foundation
import Testing

/// Hostile text on its way to the user's terminal (issue 9, findings A6, C3, D1): escape sequences, CR,
/// backspace and newlines in bundle titles, tags, descriptions, team names, scorer messages and agent actions.
/// The tests assert on the bytes `tatami` writes.
struct TerminalInjectionTests {
  /// An OSC retitle, a screen wipe, CR, backspace, a C1 CSI, a bidi override and a newline that forges a row.
  static let hostile = "X\u{1B}]0;owned\u{07}\u{1B}[2J\r\u{08}\u{9B}31m\u{202E}\n1    forged-winner  0.0001"

  final class Home: Sendable {
    let path = NSTemporaryDirectory() + "tatami-injection-" + UUID().uuidString
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  private let home = Home()

  /// A copy of the board fixture whose manifest, description and reference board carry hostile text.
  private func hostileCatalog() throws -> String {
    let root = home.path + "/catalog"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: TatamiBinary.fixture("board/Competitions"), toPath: root + "/Competitions")
    try FileManager.default.copyItem(atPath: TatamiBinary.fixture("board/Leaderboards"), toPath: root + "/Leaderboards")
    let bundle = root + "/Competitions/tiny-board"
    let yamlEscaped = Self.hostile.unicodeScalars.map { scalar -> String in
      scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\"
        ? String(scalar) : String(format: "\\U%08X", scalar.value)
    }.joined()
    var manifest = try String(contentsOfFile: bundle + "/competition.yaml", encoding: .utf8)
    manifest = manifest.replacingOccurrences(
      of: "title: \"Tiny board: y from x, for leaderboard tests\"", with: "title: \"\(yamlEscaped)\"")
    manifest = manifest.replacingOccurrences(of: "tags: [tabular, tiny]", with: "tags: [tabular, \"\(yamlEscaped)\"]")
    try manifest.write(toFile: bundle + "/competition.yaml", atomically: true, encoding: .utf8)
    let description = try String(contentsOfFile: bundle + "/description.md", encoding: .utf8)
    try (description + "\n" + Self.hostile + "\n").write(
      toFile: bundle + "/description.md", atomically: true, encoding: .utf8)
    let board = root + "/Leaderboards/tiny-board.csv"
    let csv = try String(contentsOfFile: board, encoding: .utf8)
    let quoted = "\"" + Self.hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    try (csv + "61,\(quoted),5.5,5.5,5.5,2025-03-01T12:00:00Z,human\n").write(
      toFile: board, atomically: true, encoding: .utf8)
    return root + "/Competitions"
  }

  private func run(_ arguments: [String], catalog: String) throws -> TatamiBinary.Outcome {
    try TatamiBinary.run(
      arguments + ["--catalog", catalog], environment: ["TATAMI_HOME": home.path + "/home", "TATAMI_DB": ""])
  }

  /// No control byte but the newline, no C1 control, no bidirectional override in what was written.
  private func expectClean(_ text: String, _ command: String) {
    let bad = text.unicodeScalars.filter { scalar in
      (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
        || (0x202A...0x202E).contains(scalar.value)
    }
    #expect(bad.isEmpty, "\(command) wrote \(bad.map { String(format: "U+%04X", $0.value) })")
  }

  @Test("list, show, bundle check and board --plain print hostile titles, tags, descriptions and teams inert")
  func catalogAndBoard() throws {
    let catalog = try hostileCatalog()
    let commands = [["list"], ["show", "tiny-board"], ["bundle", "check", "tiny-board"], ["board", "tiny-board", "--plain"]]
    for command in commands {
      let outcome = try run(command, catalog: catalog)
      expectClean(outcome.stdout, command.joined(separator: " "))
      expectClean(outcome.stderr, command.joined(separator: " ") + " (stderr)")
      // A description is several lines by design; titles, tags and team names are one line each.
      if command.first != "show" {
        #expect(!outcome.stdout.contains("\n1    forged-winner"), "\(command): a newline forged a line")
      }
    }
    let show = try run(["show", "tiny-board"], catalog: catalog).stdout.split(separator: "\n")
    #expect(show.first?.hasPrefix("tiny-board: X?]0;owned") == true && show.first?.hasSuffix("0.0001") == true)
    #expect(show.first { $0.hasPrefix("tags:") }?.hasSuffix("0.0001") == true)
    let board = try run(["board", "tiny-board", "--plain"], catalog: catalog).stdout
    // The hostile team is one row, on one line, at its rank.
    let rows = board.split(separator: "\n").filter { $0.contains("forged-winner") }
    #expect(rows.count == 1 && rows.first?.hasPrefix("61") == true, "\(rows)")
    // JSON output stays exact: the encoder escapes the text, and it decodes to the original.
    let json = try run(["show", "tiny-board", "--json"], catalog: catalog).json()
    #expect(json["title"] as? String == Self.hostile)
  }

  @Test("score --submit refuses a team name with a newline or an escape, before recording anything")
  func hostileTeamName() throws {
    let catalog = try hostileCatalog()
    try FileManager.default.createDirectory(atPath: home.path, withIntermediateDirectories: true)
    let submission = home.path + "/submission.csv"
    try FileManager.default.copyItem(
      atPath: catalog + "/tiny-board/public/sample_submission.csv", toPath: submission)
    for team in ["evil\n1    forged", "\u{1B}[2Jwipe", String(repeating: "t", count: 300)] {
      let outcome = try run(["score", "tiny-board", submission, "--submit", "--team", team], catalog: catalog)
      #expect(outcome.status == 3, "\(outcome.stdout)")
      #expect(outcome.stderr.contains("--team"), "\(outcome.stderr)")
      expectClean(outcome.stderr, "score --submit")
      #expect(outcome.stderr.utf8.count < 600)
    }
    let board = try run(["board", "tiny-board", "--json"], catalog: catalog).json()
    let entries = try #require(board["entries"] as? [[String: Any]])
    #expect(!entries.contains { $0["source"] as? String == "local" }, "nothing was recorded")
  }

  @Test("an invalid submission's message quoting a hostile header is printed inert")
  func hostileSubmissionHeader() throws {
    let catalog = try hostileCatalog()
    try FileManager.default.createDirectory(atPath: home.path, withIntermediateDirectories: true)
    let submission = home.path + "/hostile.csv"
    try Data("id,y,\"\u{1B}[2J\rinjected\"\n1,1,1\n".utf8).write(to: URL(fileURLWithPath: submission))
    let outcome = try run(["score", "tiny-board", submission], catalog: catalog)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("extra_column") || outcome.stdout.contains("extra_column"))
    expectClean(outcome.stdout, "score")
    expectClean(outcome.stderr, "score (stderr)")
  }

  @Test("import prints a competition folder named with escape sequences inert")
  func hostileImportedFolder() throws {
    // The folder name is the competition's original id, which import's summary quotes.
    let folderName = Self.hostile.replacingOccurrences(of: "/", with: "_")
    let definition = home.path + "/downloads/" + folderName
    try FileManager.default.createDirectory(atPath: home.path + "/downloads", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: TatamiBinary.fixture("import/kaggle/tiny-f1"), toPath: definition)
    let outcome = try TatamiBinary.run(
      ["import", "kaggle", definition, "--metric", "f1", "-o", home.path + "/out/tiny-f1"],
      environment: ["TATAMI_HOME": home.path + "/home", "TATAMI_DB": ""])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("X?]0;owned"), "\(outcome.stdout)")
    expectClean(outcome.stdout, "import")
    expectClean(outcome.stderr, "import (stderr)")
  }
}

/// The progress line of `tatami run` with an agent whose actions carry escape sequences (finding A6).
@Suite(.serialized)
struct SlowRunProgressInjectionTests {
  @Test("run's progress line shows a hostile action name inert")
  func hostileAction() throws {
    let home = NSTemporaryDirectory() + "tatami-injection-run-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: home) }
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let agent = home + "/agent.sh"
    // One action whose name is an escape sequence with CR and a newline, then finish.
    let script = """
      #!/bin/sh
      read task
      printf '%s\\n' '{"action": "\\u001b]0;owned\\u0007\\u001b[2J\\r\\b\\n[9/9] forged"}'
      read feedback
      printf '%s\\n' '{"action": "finish"}'
      read end
      """
    try script.write(toFile: agent, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: agent)
    var environment = ["TATAMI_HOME": home, "TATAMI_DB": ""]
    if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv").path
    }
    let outcome = try TatamiBinary.run(
      ["run", "tiny-board", "--agent", "cmd:" + agent, "--steps", "3"]
        + ["--catalog", TatamiBinary.fixture("board/Competitions")], environment: environment)
    #expect(outcome.stderr.contains("[1/3]"), "\(outcome.stderr)")
    let bad = (outcome.stdout + outcome.stderr).unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" }
    #expect(bad.isEmpty, "run wrote \(bad.map { String(format: "U+%04X", $0.value) })")
    #expect(!outcome.stderr.contains("\n[9/9] forged"), "a newline in the action forged a progress line")
  }
}
