import Basics

/// What a competition's results are measured against: the metric's direction, the reference board's rankable
/// scores in each view and the baseline's exact scores. Every number of a result (its rank, position scores,
/// HumanRank, medal, beats-baseline, normalised score) is computed here, once, for `tatami run`, its
/// `summary.json`, `tatami runs` and `tatami board` alike (docs/numbers.md).
public struct Yardstick: Sendable, Equatable {
  public var direction: ScoreDirection
  public var publicReference: [Double]
  public var privateReference: [Double]
  public var publicBaseline: Double?
  public var privateBaseline: Double?

  public init(
    direction: ScoreDirection, publicReference: [Double], privateReference: [Double], publicBaseline: Double? = nil,
    privateBaseline: Double? = nil
  ) {
    self.direction = direction
    self.publicReference = publicReference
    self.privateReference = privateReference
    self.publicBaseline = publicBaseline
    self.privateBaseline = privateBaseline
  }

  /// The yardstick of a reference board (placeholder and outlier scores left out) and the bundle's baseline.
  public init(reference: ReferenceBoard, higherIsBetter: Bool, publicBaseline: Double?, privateBaseline: Double?) {
    self.init(
      direction: ScoreDirection(higherIsBetter: higherIsBetter), publicReference: reference.rankableScores(.public),
      privateReference: reference.rankableScores(.private), publicBaseline: publicBaseline,
      privateBaseline: privateBaseline)
  }

  public func reference(_ view: BoardView) -> [Double] { view == .public ? publicReference : privateReference }
  public func baseline(_ view: BoardView) -> Double? { view == .public ? publicBaseline : privateBaseline }

  /// 1 + the reference teams strictly better in `view`; nil without reference scores there.
  public func rank(_ score: Double, in view: BoardView) -> Int? {
    let board = reference(view)
    guard !board.isEmpty, score.isFinite else { return nil }
    return 1 + board.count { direction.isBetter($0, than: score) }
  }

  /// The position score of `score` on the `view` board (MLE-Dojo's per-board HumanRank).
  public func positionScore(_ score: Double, in view: BoardView) -> Double? {
    HumanRank.onBoard(score, board: reference(view), higherIsBetter: direction.higherIsBetter)
  }

  /// The medal thresholds of the reference teams in `view` (MLE-bench's table).
  public func thresholds(_ view: BoardView) -> MedalThresholds? {
    MedalThresholds(scores: reference(view), higherIsBetter: direction.higherIsBetter)
  }

  public func normalizedScore(_ score: Double, in view: BoardView) -> Double? {
    NormalizedScore.value(score, baseline: baseline(view), reference: reference(view), direction: direction)
  }

  public func beatsBaseline(_ score: Double, in view: BoardView) -> Bool? {
    BeatsBaseline.value(score, baseline: baseline(view), direction: direction)
  }

  /// Every number of a result whose selected submission scored `publicScore` and `privateScore`.
  public func numbers(publicScore: Double?, privateScore: Double?) -> ResultNumbers {
    let publicPosition = publicScore.flatMap { positionScore($0, in: .public) }
    let privatePosition = privateScore.flatMap { positionScore($0, in: .private) }
    return ResultNumbers(
      humanRank: HumanRank.mean([publicPosition, privatePosition]), publicPositionScore: publicPosition,
      privatePositionScore: privatePosition, privateRank: privateScore.flatMap { rank($0, in: .private) },
      referenceTeams: privateReference.count, medal: privateScore.flatMap { thresholds(.private)?.medal(for: $0) },
      beatsBaseline: privateScore.flatMap { beatsBaseline($0, in: .private) },
      normalizedScore: privateScore.flatMap { normalizedScore($0, in: .private) })
  }
}

/// The numbers of one result (a run's final submission, a local team's entry), all from one `Yardstick`.
public struct ResultNumbers: Sendable, Equatable {
  /// The mean of the two position scores (MLE-Dojo's HumanRank, each board ranked with its own score).
  public var humanRank: Double?
  /// The public score's position score on the public reference board.
  public var publicPositionScore: Double?
  /// The private score's position score on the private reference board.
  public var privatePositionScore: Double?
  /// 1 + the private reference teams strictly better than the private score.
  public var privateRank: Int?
  /// Teams on the private reference board.
  public var referenceTeams: Int
  /// The medal the private score earns among the reference teams.
  public var medal: Medal?
  /// The private score is strictly better than the baseline's exact private score.
  public var beatsBaseline: Bool?
  /// The private score on the baseline-0 scale (`NormalizedScore`).
  public var normalizedScore: Double?
}
