import Basics
import Catalog
import Foundation
import Leaderboard

/// The competition's reference leaderboard as the loop needs it from the Leaderboard module: the scores an
/// episode's results are measured against (through `Yardstick`), and where the final result is recorded.
public protocol EpisodeRanking: Sendable {
  /// The reference board's rankable public scores (placeholder and outlier scores left out).
  var publicScores: [Double] { get }
  /// The reference board's rankable private scores.
  var privateScores: [Double] { get }
  /// Records the episode's final result on the leaderboard.
  func recordFinal(_ result: EpisodeResult) throws
}

extension EpisodeRanking {
  /// The yardstick of this board with the bundle's exact baseline scores: the one definition of every
  /// number an episode reports, the same `tatami board` uses.
  func yardstick(higherIsBetter: Bool, baseline: Manifest.Baseline?) -> Yardstick {
    Yardstick(
      direction: ScoreDirection(higherIsBetter: higherIsBetter), publicReference: publicScores,
      privateReference: privateScores, publicBaseline: baseline?.publicScore, privateBaseline: baseline?.privateScore)
  }
}

/// Ranks an episode's scores on the competition's reference leaderboard, read by the Leaderboard module
/// (placeholder and outlier scores left out), and records the final result in the leaderboard database.
public struct ReferenceBoardRanking: EpisodeRanking {
  public let publicScores: [Double]
  public let privateScores: [Double]
  /// The leaderboard database the final result goes into; nil records nothing.
  let storePath: String?

  public init(publicScores: [Double], privateScores: [Double], storePath: String? = nil) {
    self.publicScores = publicScores
    self.privateScores = privateScores
    self.storePath = storePath
  }

  /// The reference board of `id` in the first of `folders` that has one; an empty board when none does.
  public static func load(id: String, folders: [String], storePath: String?) -> ReferenceBoardRanking {
    for folder in folders {
      guard let board = try? ReferenceBoard.load(competition: id, from: folder), !board.rows.isEmpty else {
        continue
      }
      return ReferenceBoardRanking(
        publicScores: board.rankableScores(.public), privateScores: board.rankableScores(.private),
        storePath: storePath)
    }
    return ReferenceBoardRanking(publicScores: [], privateScores: [], storePath: storePath)
  }

  /// Records the final submission as the team's entry, with the run id, its file's SHA-256 and both scores.
  public func recordFinal(_ result: EpisodeResult) throws {
    guard let storePath, let step = result.finalSubmissionStep else { return }
    let file = result.directory + "/submissions" + String(format: "/step-%03d.csv", step)
    guard let sha256 = SHA256.hex(ofFile: file) else { throw CocoaError(.fileReadNoSuchFile) }
    let submission = Submission(
      competition: result.competition, team: result.teamName, runID: result.runID, sha256: sha256,
      metric: result.metric, publicScore: result.finalPublicScore, privateScore: result.finalPrivateScore,
      valid: true, metadata: ["step": String(step), "status": result.status.rawValue, "agent": result.agent])
    _ = try SubmissionStore(path: storePath).record(submission)
  }
}
