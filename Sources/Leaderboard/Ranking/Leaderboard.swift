import Basics

/// One team on a leaderboard before ranking: a reference row, or a local team's selected submission.
public struct BoardEntry: Sendable, Equatable {
  public enum Source: String, Sendable, Codable {
    /// From the competition's reference leaderboard (`Leaderboards/`).
    case reference
    /// Recorded here, by `tatami score --submit` or an agent episode.
    case local
  }

  public var team: String
  public var source: Source
  public var publicScore: Double?
  public var privateScore: Double?
  public var publicFlag: ScoreFlag?
  public var privateFlag: ScoreFlag?
  public var submittedAt: String?
  /// The store's row id of a local entry's selected submission.
  public var submissionID: Int64?
  public var runID: String?
  /// How many valid submissions a local team made (its entry is the one selected among them).
  public var submissionCount: Int

  public init(
    team: String, source: Source, publicScore: Double?, privateScore: Double?, publicFlag: ScoreFlag? = nil,
    privateFlag: ScoreFlag? = nil, submittedAt: String? = nil, submissionID: Int64? = nil, runID: String? = nil,
    submissionCount: Int = 1
  ) {
    self.team = team
    self.source = source
    self.publicScore = publicScore
    self.privateScore = privateScore
    self.publicFlag = publicFlag
    self.privateFlag = privateFlag
    self.submittedAt = submittedAt
    self.submissionID = submissionID
    self.runID = runID
    self.submissionCount = submissionCount
  }

  public func score(_ view: BoardView) -> Double? { view == .public ? publicScore : privateScore }
  public func flag(_ view: BoardView) -> ScoreFlag? { view == .public ? publicFlag : privateFlag }
  /// The score that may be ranked in `view`.
  public func rankable(_ view: BoardView) -> Double? { flag(view) == nil ? score(view) : nil }
}

/// One line of a leaderboard in one view.
public struct RankedEntry: Sendable, Equatable {
  public var entry: BoardEntry
  /// "1224" ranks among the ranked entries; nil for a flagged score.
  public var rank: Int?
  public var score: Double?
  public var flag: ScoreFlag?
  public var medal: Medal?
  /// The rank in the other view, when the entry has one there.
  public var otherRank: Int?
  /// Public rank minus private rank: positive when the team climbed on the private board.
  public var move: Int?
  /// HumanRank (MLE-Dojo): the mean of the entry's public and private position scores; for local entries,
  /// the same in both views.
  public var humanRank: Double?
  /// The entry's public score ranked on the public reference board, as a position score; for local entries.
  public var publicPositionScore: Double?
  /// The entry's private score ranked on the private reference board; for local entries.
  public var privatePositionScore: Double?
  /// Baseline 0, best reference score 1 on ordinary boards (`NormalizedScore`).
  public var normalizedScore: Double?
  public var beatsBaseline: Bool?

  public var team: String { entry.team }
  public var source: BoardEntry.Source { entry.source }
}

/// A competition's leaderboard in one view: ranked entries, flagged entries and medal thresholds.
public struct Leaderboard: Sendable, Equatable {
  public var competition: String
  public var metric: String
  public var direction: ScoreDirection
  public var view: BoardView
  /// Ranked entries, best first (ties by earlier submission, then team name).
  public var entries: [RankedEntry]
  /// Entries whose score in this view is flagged; listed, never ranked.
  public var flagged: [RankedEntry]
  /// Thresholds from the reference teams only, as MLE-bench computes them; nil without reference scores.
  public var thresholds: MedalThresholds?
  /// How many reference teams the thresholds and HumanRank are computed over.
  public var referenceTeams: Int
  /// The bundle's baseline score in this view.
  public var baseline: Double?
  /// The best reference score in this view.
  public var bestReference: Double?
  /// Mean |public rank − private rank| / teams over the entries ranked in both views; nil without any.
  public var shakeUp: Double?
  /// Whether the reference teams are models (the catalog's zoo), not people: HumanRank then ranks against models,
  /// and every view showing it says so (`ReferenceBoard.isModelZoo`).
  public var referenceAreModels: Bool = false

  public var higherIsBetter: Bool { direction.higherIsBetter }
  /// Ranked teams.
  public var teams: Int { entries.count }

  /// What every view showing HumanRank or ranks against a model board says (`referenceAreModels`).
  public static let modelsNotPeople = "reference teams are models (the catalog's model zoo), not people"
}

/// Both views of one competition's leaderboard.
public struct CompetitionBoard: Sendable, Equatable {
  public var competition: String
  public var title: String
  public var publicBoard: Leaderboard
  public var privateBoard: Leaderboard
  /// Submissions recorded for this competition that are invalid or scored with another metric: kept, never ranked.
  public var unrankedSubmissions: Int

  public func board(_ view: BoardView) -> Leaderboard { view == .public ? publicBoard : privateBoard }
}
