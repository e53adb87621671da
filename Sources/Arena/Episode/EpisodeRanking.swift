import Basics
import Foundation
import Leaderboard

/// Where a score stands on a competition's leaderboard: what the loop needs from the Leaderboard module.
public protocol EpisodeRanking: Sendable {
  /// The standing of a public score on the public view; nil without a board.
  func publicStanding(score: Double) -> Standing?
  /// The standing of the final private score on the private view, with its medal; nil without a board.
  func privateStanding(score: Double) -> Standing?
  /// Records the episode's final result on the leaderboard.
  func recordFinal(_ result: EpisodeResult) throws
}

/// A rank among the reference teams, MLE-Dojo's HumanRank, and the Kaggle medal (MLE-bench's table).
public struct Standing: Sendable, Equatable, Codable {
  public var rank: Int
  public var size: Int
  public var humanRank: Double
  public var medal: String?

  enum CodingKeys: String, CodingKey {
    case rank, size, humanRank = "human_rank", medal
  }
}

/// Ranks an episode's scores on the competition's reference leaderboard, read by the Leaderboard module
/// (placeholder and outlier scores left out), and records the final result in the leaderboard database.
public struct ReferenceBoardRanking: EpisodeRanking {
  let publicScores: [Double]
  let privateScores: [Double]
  let higherIsBetter: Bool
  /// The leaderboard database the final result goes into; nil records nothing.
  let storePath: String?

  public init(publicScores: [Double], privateScores: [Double], higherIsBetter: Bool, storePath: String? = nil) {
    self.publicScores = publicScores
    self.privateScores = privateScores
    self.higherIsBetter = higherIsBetter
    self.storePath = storePath
  }

  /// The reference board of `id` in the first of `folders` that has one; an empty board when none does.
  public static func load(id: String, folders: [String], higherIsBetter: Bool, storePath: String?)
    -> ReferenceBoardRanking
  {
    for folder in folders {
      guard let board = try? ReferenceBoard.load(competition: id, from: folder), !board.rows.isEmpty else {
        continue
      }
      return ReferenceBoardRanking(
        publicScores: board.rankableScores(.public), privateScores: board.rankableScores(.private),
        higherIsBetter: higherIsBetter, storePath: storePath)
    }
    return ReferenceBoardRanking(publicScores: [], privateScores: [], higherIsBetter: higherIsBetter, storePath: storePath)
  }

  public func publicStanding(score: Double) -> Standing? { standing(score, on: publicScores, medals: false) }
  public func privateStanding(score: Double) -> Standing? { standing(score, on: privateScores, medals: true) }

  /// Records the final submission as the agent's entry, with the run id, its file's SHA-256 and both scores.
  public func recordFinal(_ result: EpisodeResult) throws {
    guard let storePath, let step = result.finalSubmissionStep else { return }
    let file = result.directory + "/submissions" + String(format: "/step-%03d.csv", step)
    guard let sha256 = SHA256.hex(ofFile: file) else { throw CocoaError(.fileReadNoSuchFile) }
    let submission = Submission(
      competition: result.competition, team: result.agent, runID: result.runID, sha256: sha256,
      metric: result.metric, publicScore: result.finalPublicScore, privateScore: result.finalPrivateScore,
      valid: true, metadata: ["step": String(step), "status": result.status.rawValue])
    _ = try SubmissionStore(path: storePath).record(submission)
  }

  private func standing(_ score: Double, on board: [Double], medals: Bool) -> Standing? {
    guard let humanRank = HumanRank.onBoard(score, board: board, higherIsBetter: higherIsBetter) else { return nil }
    let better = board.count { higherIsBetter ? $0 > score : $0 < score }
    let medal = medals ? MedalThresholds(scores: board, higherIsBetter: higherIsBetter)?.medal(for: score) : nil
    return Standing(rank: better + 1, size: board.count, humanRank: humanRank, medal: medal?.rawValue)
  }
}
