import Foundation

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

/// Reads a competition's reference leaderboard `Leaderboards/<id>.csv` (`rank,team,score,public_score,
/// private_score,submitted_at,kind`) just enough for feedback; records nothing. The Leaderboard module replaces it.
public struct ReferenceBoardRanking: EpisodeRanking {
  let publicScores: [Double]
  let privateScores: [Double]
  let higherIsBetter: Bool

  public init(publicScores: [Double], privateScores: [Double], higherIsBetter: Bool) {
    self.publicScores = publicScores
    self.privateScores = privateScores
    self.higherIsBetter = higherIsBetter
  }

  /// The board of `id` in the first of `folders` holding `<id>.csv`; an empty board when none does.
  public static func load(id: String, folders: [String], higherIsBetter: Bool) -> ReferenceBoardRanking {
    for folder in folders {
      guard let text = try? String(contentsOfFile: folder + "/" + id + ".csv", encoding: .utf8) else { continue }
      var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
      guard let header = lines.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else { continue }
      lines.removeFirst()
      func column(_ name: String) -> [Double] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return lines.compactMap { index < $0.count ? Double($0[index]) : nil }.filter(\.isFinite)
      }
      let score = column("score")
      let publicScores = column("public_score")
      let privateScores = column("private_score")
      return ReferenceBoardRanking(
        publicScores: publicScores.isEmpty ? score : publicScores,
        privateScores: privateScores.isEmpty ? score : privateScores, higherIsBetter: higherIsBetter)
    }
    return ReferenceBoardRanking(publicScores: [], privateScores: [], higherIsBetter: higherIsBetter)
  }

  public func publicStanding(score: Double) -> Standing? { standing(score, on: publicScores, medals: false) }
  public func privateStanding(score: Double) -> Standing? { standing(score, on: privateScores, medals: true) }
  public func recordFinal(_ result: EpisodeResult) throws {}

  private func standing(_ score: Double, on board: [Double], medals: Bool) -> Standing? {
    guard !board.isEmpty else { return nil }
    let better = board.count { higherIsBetter ? $0 > score : $0 < score }
    let medal = medals ? Self.medal(score, board: board, higherIsBetter: higherIsBetter) : nil
    return Standing(
      rank: better + 1, size: board.count, humanRank: 1 - Double(better) / Double(board.count), medal: medal)
  }

  /// MLE-bench's thresholds: the score at a position that depends on the number of teams; inclusive.
  static func medal(_ score: Double, board: [Double], higherIsBetter: Bool) -> String? {
    let sorted = board.sorted { higherIsBetter ? $0 > $1 : $0 < $1 }
    let n = sorted.count
    let positions: (Int, Int, Int)
    switch n {
    case ..<100: positions = (max(1, n / 10), max(1, n / 5), max(1, n * 2 / 5))
    case 100..<250: positions = (10, max(1, n / 5), max(1, n * 2 / 5))
    case 250..<1000: positions = (10 + n / 500, 50, 100)
    default: positions = (10 + n / 500, max(1, n / 20), max(1, n / 10))
    }
    func reaches(_ position: Int) -> Bool {
      let threshold = sorted[min(position, n) - 1]
      return higherIsBetter ? score >= threshold : score <= threshold
    }
    if reaches(positions.0) { return "gold" }
    if reaches(positions.1) { return "silver" }
    if reaches(positions.2) { return "bronze" }
    return nil
  }
}
