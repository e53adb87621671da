import Basics
import ArgumentParser
import Foundation
import Leaderboard
import Scoring

/// `--submit --team NAME [--db PATH]` of `tatami score`: record the scored submission on the leaderboard.
struct SubmitOptions: ParsableArguments {
  @Flag(help: "Record the submission on the competition's leaderboard (needs --team).")
  var submit = false

  @Option(help: ArgumentHelp(
      "The team (or agent) the submission is recorded for: 1 to 128 letters, digits, punctuation, symbols or spaces.",
      valueName: "name"))
  var team: String?

  @OptionGroup var database: DatabaseOption

  /// Checks the combination before anything is scored.
  func check(competition: String?) throws(HarnessError) {
    guard submit else {
      if team != nil || database.path != nil { throw .badArguments("--team and --db go with --submit") }
      return
    }
    guard competition != nil else {
      throw .badArguments("--submit records on a catalog competition's leaderboard; it does not work with --answers")
    }
    guard let team, !team.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw .badArguments("--submit needs --team NAME")
    }
    // The store refuses it too; checked here as well, so that nothing is scored for a name that cannot be recorded.
    if let reason = TeamName.problem(with: team) {
      let hint = StoreError.invalidTeamName(name: team, reason: reason).hint
      throw .badArguments("--team \(Excerpt.quoted(team)): \(reason); \(hint)")
    }
  }

  /// Standard input read whole, so the same bytes are scored and hashed.
  func source(for argument: String) -> ByteSource {
    guard argument == "-" else { return .file(argument) }
    return submit ? .bytes(Array(FileHandle.standardInput.readDataToEndOfFile())) : .standardInput
  }

  /// Records a scored submission, valid or not, and returns where the team now stands.
  ///
  /// Harness failures are not recorded: they say nothing about the submission.
  func record(_ report: ScoreReport, competition: String, source: ByteSource, catalog: CatalogOptions)
    throws(RecordError)
    -> SubmitReceipt
  {
    let context = CommandContext(catalog: catalog, database: database)
    let path = context.locations.database
    guard let sha256 = Self.sha256(of: source) else { throw .unreadable(source.displayName) }
    var errorType: String?
    if case .submission(let error) = report.failure { errorType = error.type }
    let submission = Submission(
      competition: competition, team: team ?? "", sha256: sha256, metric: report.metric.name,
      publicScore: report.failure == nil ? report.publicScore : nil,
      privateScore: report.failure == nil ? report.privateScore : nil, valid: report.failure == nil,
      errorType: errorType, metadata: ["file": source.displayName, "command": "tatami score --submit"])
    do {
      let id = try SubmissionStore(path: path).record(submission)
      let board = try BoardCatalog(context).board(competition).publicBoard
      let entry = board.entries.first { $0.source == .local && $0.team == submission.team }
      return SubmitReceipt(
        id: id, team: submission.team, sha256: sha256, database: path, valid: submission.valid,
        publicRank: entry?.rank, teams: board.teams, bestPublicScore: entry?.score)
    } catch {
      throw .store(error)
    }
  }

  private static func sha256(of source: ByteSource) -> String? {
    switch source {
    case .file(let path): SHA256.hex(ofFile: path)
    case .bytes(let bytes): SHA256.hex(bytes)
    case .standardInput: nil
    }
  }
}

/// Why a scored submission could not be recorded.
enum RecordError: Error {
  case unreadable(String)
  case store(any Error)

  var message: String {
    switch self {
    case .unreadable(let name): "cannot read \(name) again to hash it"
    case .store(let error as StoreError): error.message
    case .store(let error as BoardError): error.message
    case .store(let error): "\(error)"
    }
  }

  var hint: String {
    switch self {
    case .unreadable: "check that the file still exists and is readable"
    case .store(let error as StoreError): error.cliHint
    case .store(let error as BoardError): error.cliHint
    case .store: "retry; if it persists, report it"
    }
  }
}

/// What `--submit` recorded and where the team stands on the public leaderboard.
struct SubmitReceipt: Encodable {
  let id: Int64
  let team: String
  let sha256: String
  let database: String
  let valid: Bool
  /// The team's rank on the public view (its best public score), nil for an invalid first submission.
  @ExplicitNull var publicRank: Int?
  let teams: Int
  @ExplicitNull var bestPublicScore: Double?

  private enum CodingKeys: String, CodingKey {
    case id, team, sha256, database, valid
    case publicRank = "public_rank"
    case teams
    case bestPublicScore = "best_public_score"
  }

  var text: String {
    let recorded = "recorded submission \(id) for team '\(team)'\(valid ? "" : " as invalid (never ranked)")"
    guard let publicRank, let bestPublicScore else { return recorded }
    return recorded + "; the team ranks \(publicRank) of \(teams) on the public leaderboard (best public score "
      + "\(String(format: "%.6g", bestPublicScore)))"
  }
}
