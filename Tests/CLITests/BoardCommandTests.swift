import Foundation
import Testing

/// `tatami board` and `tatami score --submit` end to end, on the fixture catalog `Fixtures/board`.
struct BoardCommandTests {
  static let catalog = TatamiBinary.fixture("board/Competitions")

  /// A folder removed when the last copy of the test value that uses it goes away.
  final class Home: Sendable {
    let path = NSTemporaryDirectory() + "tatami-board-" + UUID().uuidString
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  /// A private TATAMI_HOME (catalog index and database) per test.
  private let folder = Home()
  var home: String { folder.path }
  var environment: [String: String] { ["TATAMI_HOME": home, "TATAMI_DB": ""] }

  func run(_ arguments: [String], input: Data = Data()) throws -> TatamiBinary.Outcome {
    try TatamiBinary.run(arguments + ["--catalog", Self.catalog], input: input, environment: environment)
  }

  func submission(_ text: String) throws -> String {
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let path = home + "/submission-\(UUID().uuidString).csv"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("board ID --json has the contract's fields; thresholds from 60 reference teams; flagged rows apart")
  func boardJSON() throws {
    let outcome = try run(["board", "tiny-board", "--json"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let board = try outcome.json()
    #expect(board["competition"] as? String == "tiny-board")
    #expect(board["metric"] as? String == "rmse")
    #expect(board["higher_is_better"] as? Bool == false)
    #expect(board["view"] as? String == "private")
    #expect(board["teams"] as? Int == 60)
    let thresholds = try #require(board["thresholds"] as? [String: Double])
    // 60 teams: gold at position 6, silver 12, bronze 24; the median is the mean of positions 30 and 31.
    #expect(thresholds == ["gold": 0.325, "silver": 0.475, "bronze": 0.775, "median": 0.9375])
    let entries = try #require(board["entries"] as? [[String: Any]])
    let first = try #require(entries.first)
    for key in ["rank", "team", "score", "public_score", "private_score", "medal", "source", "submitted_at"] {
      #expect(first.keys.contains(key), "missing \(key)")
    }
    #expect(first["rank"] as? Int == 1 && first["team"] as? String == "team-01" && first["medal"] as? String == "gold")
    #expect(first["source"] as? String == "reference" && first["score"] as? Double == 0.2)
    #expect(entries[6]["medal"] as? String == "silver" && entries[24]["medal"] is NSNull)
    let flagged = try #require(board["flagged"] as? [[String: Any]])
    #expect(flagged.map { $0["team"] as? String } == ["sentinel-team", "broken-team"])
    #expect(flagged.map { $0["flag"] as? String } == ["placeholder", "non_finite"])
  }

  @Test("--view public ranks the public scores")
  func publicView() throws {
    let board = try run(["board", "tiny-board", "--json", "--view", "public"]).json()
    #expect(board["view"] as? String == "public")
    let entries = try #require(board["entries"] as? [[String: Any]])
    #expect(entries.first?["score"] as? Double == 0.1578)
    #expect(entries.first?["public_rank"] as? Int == 1)
  }

  @Test("without a terminal, board prints tables: the competitions, then one leaderboard")
  func plainTables() throws {
    let list = try run(["board"])
    #expect(list.status == 0)
    #expect(!list.stdout.contains("\u{1B}"))
    let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("tiny-board") })
    #expect(line.contains("rmse") && line.contains("62"))
    let board = try run(["board", "tiny-board", "--plain"])
    #expect(
      board.stdout.contains("RANK") && board.stdout.contains("team-01") && board.stdout.contains("flagged, not ranked"))
    let listJSON = try run(["board", "--json"]).json()
    let competitions = try #require(listJSON["competitions"] as? [[String: Any]])
    #expect(competitions.first { $0["competition"] as? String == "tiny-board" }?["reference_teams"] as? Int == 62)
  }

  @Test("an unknown competition and --plain with --json exit 3")
  func failures() throws {
    let unknown = try run(["board", "no-such-competition", "--json"])
    #expect(unknown.status == 3)
    #expect(unknown.stderr.contains("no-such-competition"))
    #expect(try run(["board", "--plain", "--json"]).status == 3)
  }

  @Test("score --submit records a valid submission with its SHA-256 and says where the team ranks")
  func submitValid() throws {
    let path = try submission("id,y\n4,7.2\n5,9.3\n")
    let outcome = try run(["score", "tiny-board", path, "--submit", "--team", "me", "--json"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let receipt = try #require(try outcome.json()["submission"] as? [String: Any])
    #expect(receipt["team"] as? String == "me" && receipt["valid"] as? Bool == true)
    #expect(receipt["sha256"] as? String == (try Self.sha256sum(path)))
    #expect(receipt["database"] as? String == home + "/leaderboard.sqlite")
    // Public score 0.2 (|7.2 − 7|): two reference teams are better.
    #expect(receipt["public_rank"] as? Int == 3 && receipt["teams"] as? Int == 61)
    let text = try run(["score", "tiny-board", path, "--submit", "--team", "me"])
    #expect(text.stdout.contains("recorded submission 2 for team 'me'; the team ranks 3 of 61"))
    let board = try run(["board", "tiny-board", "--json"]).json()
    let mine = try #require((board["entries"] as? [[String: Any]])?.first { $0["source"] as? String == "local" })
    #expect(mine["team"] as? String == "me" && mine["rank"] as? Int == 6 && mine["medal"] as? String == "gold")
    #expect(mine["human_rank"] is Double && mine["beats_baseline"] as? Bool == true)
  }

  @Test("an invalid submission is recorded as invalid and never ranked; harness failures are not recorded")
  func submitInvalid() throws {
    let outcome = try run(
      ["score", "tiny-board", "-", "--submit", "--team", "careless", "--json"], input: Data("id,y\n4,x\n5,1\n".utf8))
    #expect(outcome.status == 2)
    let receipt = try #require(try outcome.json()["submission"] as? [String: Any])
    #expect(receipt["valid"] as? Bool == false && receipt["public_rank"] is NSNull)
    let board = try run(["board", "tiny-board", "--json"]).json()
    #expect((board["entries"] as? [[String: Any]])?.contains { $0["team"] as? String == "careless" } == false)
    let list = try run(["board", "--json"]).json()
    let tiny = (list["competitions"] as? [[String: Any]])?.first { $0["competition"] as? String == "tiny-board" }
    #expect(tiny?["local_submissions"] as? Int == 1)
  }

  @Test(
    "--submit needs --team and a catalog competition; --team needs --submit",
    arguments: [
      ["score", "tiny-board", "SUB", "--submit"],
      ["score", "tiny-board", "SUB", "--team", "me"],
      ["score", "--answers", "SUB", "--metric", "rmse", "SUB", "--submit", "--team", "me"],
    ])
  func submitArguments(arguments: [String]) throws {
    let path = try submission("id,y\n4,7\n5,9\n")
    let outcome = try run(arguments.map { $0 == "SUB" ? path : $0 } + ["--json"])
    #expect(outcome.status == 3)
    #expect((try outcome.json()["error"] as? [String: Any])?["type"] as? String == "bad_arguments")
    #expect(!FileManager.default.fileExists(atPath: home + "/leaderboard.sqlite"))
  }

  @Test("a --db that is not a Tatami database is refused with a clear error and left untouched")
  func foreignDatabase() throws {
    let notes = try submission("these are my notes, not a database\n")
    let before = try Data(contentsOf: URL(fileURLWithPath: notes))
    let path = try submission("id,y\n4,7\n5,9\n")
    let score = try run(["score", "tiny-board", path, "--submit", "--team", "me", "--db", notes])
    #expect(score.status == 3)
    #expect(score.stderr.contains("is not a SQLite database"))
    let board = try run(["board", "--db", notes])
    #expect(board.status == 3 && board.stderr.contains("hint: point --db (or TATAMI_DB) at a new file"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: notes)) == before)
  }

  @Test("TATAMI_DB chooses the database when --db is absent")
  func databaseFromEnvironment() throws {
    let path = try submission("id,y\n4,7\n5,9\n")
    let database = home + "/elsewhere/db.sqlite"
    let outcome = try TatamiBinary.run(
      ["score", "tiny-board", path, "--submit", "--team", "env", "--catalog", Self.catalog],
      environment: ["TATAMI_HOME": home, "TATAMI_DB": database])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(FileManager.default.fileExists(atPath: database))
    #expect(!FileManager.default.fileExists(atPath: home + "/leaderboard.sqlite"))
  }

  static func sha256sum(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix(64))
  }
}

/// Several `tatami score --submit` processes recording into one database at once.
struct SlowConcurrentSubmitTests {
  @Test("4 processes × 10 submissions through the real binary: all 40 recorded", .timeLimit(.minutes(1)))
  func concurrentSubmits() async throws {
    let tests = BoardCommandTests()
    let path = try tests.submission("id,y\n4,7.1\n5,9.2\n")
    let statuses = try await withThrowingTaskGroup(of: [Int32].self) { group in
      for process in 0..<4 {
        group.addTask {
          try (0..<10).map { _ in
            try tests.run(["score", "tiny-board", path, "--submit", "--team", "p\(process)"]).status
          }
        }
      }
      return try await group.reduce(into: []) { $0 += $1 }
    }
    #expect(statuses == Array(repeating: 0, count: 40))
    let list = try tests.run(["board", "--json"]).json()
    let tiny = (list["competitions"] as? [[String: Any]])?.first { $0["competition"] as? String == "tiny-board" }
    #expect(tiny?["local_submissions"] as? Int == 40)
    let agents = try #require(list["agents"] as? [[String: Any]])
    #expect(Set(agents.compactMap { $0["team"] as? String }) == ["p0", "p1", "p2", "p3"])
  }
}
