/// Why a reference score is shown but not ranked.
public enum ScoreFlag: String, Sendable, Codable, Equatable {
  /// The cell is empty, or the row says it has no score (`hasScore` false).
  case missing
  /// `nan`, `inf` or a number beyond a double.
  case nonFinite = "non_finite"
  /// Text that is not a number.
  case unreadable
  /// A sentinel such as 999999 or 1e6 standing in for "no real score" (see `OutlierRule`).
  case placeholder
  /// Orders of magnitude away from the rest of the board (see `OutlierRule`).
  case outlier
}

/// One score cell of a reference board: a value to rank, or a value (if any) with the reason it is not ranked.
public struct ReferenceScore: Sendable, Equatable {
  public var value: Double?
  public var flag: ScoreFlag?

  public init(value: Double?, flag: ScoreFlag? = nil) {
    self.value = value
    self.flag = flag
  }

  /// The value when it may be ranked.
  public var rankable: Double? { flag == nil ? value : nil }
}

/// One team of a reference leaderboard.
public struct ReferenceRow: Sendable, Equatable {
  public var team: String
  /// The rank printed in the file, if any; Tatami re-ranks by score.
  public var rank: Int?
  /// Nil when the board has no score for this view (an MLE-bench board has only the final one).
  public var publicScore: ReferenceScore?
  public var privateScore: ReferenceScore?
  public var submittedAt: String?
  /// The `kind` column of Tatami's format (for example `human` or `baseline`), passed through.
  public var kind: String?
  /// The line in the file, for messages.
  public var line: Int

  public init(
    team: String, rank: Int? = nil, publicScore: ReferenceScore? = nil, privateScore: ReferenceScore? = nil,
    submittedAt: String? = nil, kind: String? = nil, line: Int
  ) {
    self.team = team
    self.rank = rank
    self.publicScore = publicScore
    self.privateScore = privateScore
    self.submittedAt = submittedAt
    self.kind = kind
    self.line = line
  }

  public func score(_ view: BoardView) -> ReferenceScore? { view == .public ? publicScore : privateScore }

  mutating func setScore(_ score: ReferenceScore?, for view: BoardView) {
    if view == .public { publicScore = score } else { privateScore = score }
  }
}

/// Public (what participants see during the competition) or private (the final standing).
public enum BoardView: String, Sendable, Codable, CaseIterable {
  case `public`, `private`

  public var other: BoardView { self == .public ? .private : .public }
}

/// The file layouts a reference board can come in, recognised from the header.
public enum ReferenceFormat: String, Sendable, Codable {
  /// Tatami's `Leaderboards/<id>.csv`: `rank,team,score,public_score,private_score,submitted_at,kind`.
  case tatami
  /// MLE-bench's `leaderboard.csv`: `scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore`.
  case mleBench = "mle-bench"
  /// MLE-Dojo's `public_leaderboard.csv` / `private_leaderboard.csv`: `rank,score`.
  case mleDojo = "mle-dojo"
  /// Kaggle's own download: `Rank,TeamId,TeamName,LastSubmissionDate,Score,…`.
  case kaggle
}

/// A competition's reference leaderboard: the human (or otherwise external) teams local entries are ranked against.
public struct ReferenceBoard: Sendable, Equatable {
  public var rows: [ReferenceRow]
  public var format: ReferenceFormat?
  /// The files it was read from.
  public var files: [String]

  public init(rows: [ReferenceRow] = [], format: ReferenceFormat? = nil, files: [String] = []) {
    self.rows = rows
    self.format = format
    self.files = files
  }

  /// An empty board, for a competition without a reference file.
  public static let empty = ReferenceBoard()

  /// The scores that may be ranked in `view`.
  public func rankableScores(_ view: BoardView) -> [Double] { rows.compactMap { $0.score(view)?.rankable } }

  /// Rows with a flagged score in `view`.
  public func flaggedRows(_ view: BoardView) -> [ReferenceRow] { rows.filter { $0.score(view)?.flag != nil } }

  /// Flags placeholders and outliers in each view with `rule` (docs/leaderboard.md).
  public mutating func flagOutliers(rule: OutlierRule = .standard) {
    for view in BoardView.allCases {
      let indices = rows.indices.filter { rows[$0].score(view)?.rankable != nil }
      let flags = rule.flags(indices.map { rows[$0].score(view)?.rankable ?? 0 })
      for (index, flag) in zip(indices, flags) where flag != nil {
        rows[index].setScore(ReferenceScore(value: rows[index].score(view)?.value, flag: flag), for: view)
      }
    }
  }
}
