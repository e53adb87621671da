import Basics
import Foundation

/// One scored submission, as recorded: by `tatami score --submit` or at the end of an agent episode.
public struct Submission: Sendable, Equatable {
  /// The row id; 0 before the submission is recorded.
  public var id: Int64
  public var competition: String
  /// The team name, or the agent's name for an episode.
  public var team: String
  /// The agent episode, or nil for a submission made by hand.
  public var runID: String?
  /// When it was recorded: ISO 8601 in UTC with milliseconds, so text order is time order.
  public var submittedAt: String
  /// SHA-256 of the submission file's bytes, as 64 lower-case hex digits.
  public var sha256: String
  /// The metric it was scored with, so a later change of a bundle's metric cannot mix scales.
  public var metric: String
  public var publicScore: Double?
  public var privateScore: Double?
  /// Invalid submissions are kept for the record and never ranked.
  public var valid: Bool
  /// The `error.type` of an invalid submission.
  public var errorType: String?
  /// Free-form facts (the file name, the tatami version, an episode's step), stored as a JSON object.
  public var metadata: [String: String]

  public init(
    competition: String, team: String, runID: String? = nil, submittedAt: String = Submission.now(),
    sha256: String, metric: String, publicScore: Double?, privateScore: Double?, valid: Bool,
    errorType: String? = nil, metadata: [String: String] = [:]
  ) {
    self.id = 0
    self.competition = competition
    self.team = team
    self.runID = runID
    self.submittedAt = submittedAt
    self.sha256 = sha256
    self.metric = metric
    self.publicScore = publicScore
    self.privateScore = privateScore
    self.valid = valid
    self.errorType = errorType
    self.metadata = metadata
  }

  /// The current time in the stored format.
  public static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date())
  }
}

/// The leaderboard database: every recorded submission, safe to write from several processes at once.
public final class SubmissionStore {
  /// The schema, one migration per version; append, never edit a released step (docs/leaderboard.md).
  package static let migrations: [Migration] = [
    Migration(
      "submissions table",
      sql: """
        CREATE TABLE submissions (
          id            INTEGER PRIMARY KEY,
          competition   TEXT NOT NULL,
          team          TEXT NOT NULL,
          run_id        TEXT,
          submitted_at  TEXT NOT NULL,
          sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
          metric        TEXT NOT NULL,
          public_score  REAL,
          private_score REAL,
          valid         INTEGER NOT NULL CHECK (valid IN (0, 1)),
          error_type    TEXT,
          metadata      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
        );
        CREATE INDEX submissions_by_competition ON submissions (competition, team);
        """),
    Migration(
      "index of an episode's submissions",
      sql: "CREATE INDEX submissions_by_run ON submissions (run_id) WHERE run_id IS NOT NULL;"),
  ]

  package let database: Database

  /// Opens or creates the database at `path`, creating its folder when missing.
  public init(path: String) throws(StoreError) {
    try Self.createParentFolder(of: path)
    database = try Database(path: path, migrations: Self.migrations)
  }

  public var path: String { database.path }

  /// Records one submission in its own transaction and returns its row id.
  @discardableResult
  public func record(_ submission: Submission) throws(StoreError) -> Int64 {
    try record([submission])[0]
  }

  /// Records several submissions in one transaction: all of them, or none if anything fails or the process dies.
  @discardableResult
  public func record(_ submissions: [Submission]) throws(StoreError) -> [Int64] {
    for submission in submissions {
      if let reason = TeamName.problem(with: submission.team) {
        throw .invalidTeamName(name: submission.team, reason: reason)
      }
    }
    let insert = try database.prepare(
      """
      INSERT INTO submissions (competition, team, run_id, submitted_at, sha256, metric, public_score,
        private_score, valid, error_type, metadata) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
      """)
    return try database.transaction { () throws(StoreError) in
      var ids: [Int64] = []
      for submission in submissions {
        try insert.bind(Self.values(of: submission))
        _ = try insert.step()
        ids.append(database.lastInsertedRowID)
      }
      return ids
    }
  }

  /// The submissions of one competition (or all), oldest first.
  public func submissions(competition: String? = nil) throws(StoreError) -> [Submission] {
    let columns = """
      SELECT id, competition, team, run_id, submitted_at, sha256, metric, public_score, private_score, valid,
        error_type, metadata FROM submissions
      """
    let rows =
      if let competition {
        try database.rows(columns + " WHERE competition = ?1 ORDER BY id", [.text(competition)])
      } else {
        try database.rows(columns + " ORDER BY id")
      }
    return rows.map(Self.submission(from:))
  }

  /// How many submissions each competition has, valid or not.
  public func countsByCompetition() throws(StoreError) -> [String: Int] {
    let rows = try database.rows("SELECT competition, count(*) FROM submissions GROUP BY competition")
    var counts: [String: Int] = [:]
    for row in rows { if let name = row[0].text { counts[name] = Int(row[1].integer ?? 0) } }
    return counts
  }

  // MARK: - Rows

  private static func values(of submission: Submission) -> [SQLValue] {
    let metadata = (try? JSONEncoder.tatami(pretty: false).encode(submission.metadata)).map { String(decoding: $0, as: UTF8.self) }
    return [
      .text(submission.competition), .text(submission.team), submission.runID.map(SQLValue.text) ?? .null,
      .text(submission.submittedAt), .text(submission.sha256), .text(submission.metric),
      submission.publicScore.map(SQLValue.real) ?? .null, submission.privateScore.map(SQLValue.real) ?? .null,
      .integer(submission.valid ? 1 : 0), submission.errorType.map(SQLValue.text) ?? .null, .text(metadata ?? "{}"),
    ]
  }

  private static func submission(from row: [SQLValue]) -> Submission {
    let metadata = row[11].text.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
    var submission = Submission(
      competition: row[1].text ?? "", team: row[2].text ?? "", runID: row[3].text, submittedAt: row[4].text ?? "",
      sha256: row[5].text ?? "", metric: row[6].text ?? "", publicScore: row[7].real, privateScore: row[8].real,
      valid: row[9].integer == 1, errorType: row[10].text, metadata: metadata ?? [:])
    submission.id = row[0].integer ?? 0
    return submission
  }

  private static func createParentFolder(of path: String) throws(StoreError) {
    let folder = (path as NSString).deletingLastPathComponent
    guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotOpen(path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
    }
  }
}
