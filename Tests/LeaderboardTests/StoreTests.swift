import Basics
import CSQLite
import Foundation
import Testing

@testable import Leaderboard

/// The SQLite store: round trips, migrations, refusing files that are not ours.
struct StoreTests {
  static func sample(_ team: String = "me", score: Double? = 0.5) -> Submission {
    Submission(
      competition: "comp", team: team, runID: "run-1", submittedAt: "2026-01-01T12:00:00.000Z",
      sha256: SHA256.hex(Array(team.utf8)), metric: "rmse",
      publicScore: score, privateScore: score.map { $0 + 0.1 }, valid: score != nil,
      errorType: score == nil ? "not_a_number" : nil, metadata: ["file": "sub.csv", "step": "3"])
  }

  /// Runs SQL on a file with the raw C API, as another application would.
  static func foreignSQL(_ path: String, _ sql: String) throws {
    var handle: OpaquePointer?
    #expect(sqlite3_open(path, &handle) == SQLITE_OK)
    defer { sqlite3_close(handle) }
    try #require(sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK)
  }

  @Test("a recorded submission reads back with every field, valid or not")
  func roundTrip() throws {
    let folder = try TemporaryDirectory()
    let store = try SubmissionStore(path: folder.path + "/nested/board.sqlite")
    let first = try store.record(Self.sample())
    let second = try store.record(Self.sample("other", score: nil))
    let read = try store.submissions(competition: "comp")
    var expected = [Self.sample(), Self.sample("other", score: nil)]
    expected[0].id = first
    expected[1].id = second
    #expect(read == expected)
    #expect(try store.submissions(competition: "none").isEmpty)
    #expect(try store.countsByCompetition() == ["comp": 2])
    #expect(try store.database.value("PRAGMA journal_mode")?.text == "wal")
  }

  @Test("migrations: a version-1 file is upgraded in place, its rows kept; reopening changes nothing")
  func migrations() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path + "/board.sqlite"
    do {
      let old = try Database(path: path, migrations: Array(SubmissionStore.migrations.prefix(1)))
      #expect(try old.value("PRAGMA user_version")?.integer == 1)
      try old.execute(
        "INSERT INTO submissions (competition, team, submitted_at, sha256, metric, valid) "
          + "VALUES ('comp', 'early', '2025-01-01T00:00:00.000Z', '\(String(repeating: "a", count: 64))', 'rmse', 1)")
    }
    let store = try SubmissionStore(path: path)
    #expect(try store.database.value("PRAGMA user_version")?.integer == Int64(SubmissionStore.migrations.count))
    #expect(
      try store.database.value("SELECT count(*) FROM sqlite_master WHERE name = 'submissions_by_run'")?.integer == 1)
    #expect(try store.submissions().map(\.team) == ["early"])
    let before = try contents(path)
    _ = try SubmissionStore(path: path)
    #expect(try contents(path) == before)
  }

  @Test("a file with a newer schema is refused and left untouched")
  func newerSchema() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path + "/board.sqlite"
    try SubmissionStore(path: path).database.execute("PRAGMA user_version = 99")
    let before = try contents(path)
    #expect(throws: StoreError.newerSchema(path: path, version: 99, supported: SubmissionStore.migrations.count)) {
      try SubmissionStore(path: path)
    }
    #expect(try contents(path) == before)
  }

  @Test("a text file, a truncated header and a damaged database are refused, byte for byte untouched")
  func notADatabase() throws {
    let folder = try TemporaryDirectory()
    let text = try folder.write("id,score\n1,0.5\n", to: "scores.csv")
    let short = try folder.write("SQLite", to: "short.sqlite")
    for path in [text, short] {
      let before = try contents(path)
      #expect(throws: StoreError.notADatabase(path: path)) { try SubmissionStore(path: path) }
      #expect(try contents(path) == before)
      #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
    // SQLite's header followed by garbage: SQLite itself reports the damage.
    let damaged = folder.path + "/damaged.sqlite"
    try (Data("SQLite format 3\0".utf8) + Data(repeating: 0xA5, count: 8192)).write(to: URL(fileURLWithPath: damaged))
    let before = try contents(damaged)
    #expect {
      try SubmissionStore(path: damaged)
    } throws: { error in
      guard case .corrupt(let path, let detail) = error as? StoreError else { return false }
      return path == damaged && !detail.isEmpty
    }
    #expect(try contents(damaged) == before)
  }

  @Test("another application's SQLite database is refused, by its tables or its application_id")
  func foreignDatabase() throws {
    let folder = try TemporaryDirectory()
    let withTables = folder.path + "/app.sqlite"
    try Self.foreignSQL(withTables, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')")
    let withID = folder.path + "/tagged.sqlite"
    try Self.foreignSQL(withID, "PRAGMA application_id = 42; CREATE TABLE t (x)")
    for path in [withTables, withID] {
      let before = try contents(path)
      #expect {
        try SubmissionStore(path: path)
      } throws: { error in
        guard case .foreignDatabase(let refused, _) = error as? StoreError else { return false }
        return refused == path
      }
      #expect(try contents(path) == before)
    }
  }

  @Test("a failed transaction leaves nothing behind")
  func rollback() throws {
    let folder = try TemporaryDirectory()
    let store = try SubmissionStore(path: folder.path + "/board.sqlite")
    var bad = Self.sample()
    bad.sha256 = "short"  // violates the CHECK on sha256
    #expect(throws: StoreError.self) { try store.record([Self.sample("fine"), bad]) }
    #expect(try store.submissions().isEmpty)
  }

  @Test(
    "SHA-256 of the FIPS 180-4 test vectors",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
    ])
  func sha256Vectors(message: String, digest: String) {
    #expect(SHA256.hex(Array(message.utf8)) == digest)
  }

  @Test("SHA-256 of a million a's, fed in uneven pieces and from a file")
  func sha256Streaming() throws {
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    var hash = SHA256()
    var fed = 0
    for size in [1, 63, 64, 65, 1000, 998_807] {
      hash.update(repeatElement(UInt8(ascii: "a"), count: size))
      fed += size
    }
    #expect(fed == 1_000_000)
    #expect(hash.hexDigest() == expected)
    let folder = try TemporaryDirectory()
    let path = try folder.write(String(repeating: "a", count: 1_000_000), to: "a.txt")
    #expect(SHA256.hex(ofFile: path) == expected)
    #expect(SHA256.hex(ofFile: folder.path + "/missing") == nil)
  }
}
