import Basics

/// Merges a reference leaderboard with local submissions and ranks both views.
///
/// - Each local team contributes one entry: its valid submission with the best public score (ties: the
///   earliest), the way Kaggle picks a team's standing from what it could see. The private view ranks that
///   same submission's private score, so the public-to-private move is the shake-up a team would live
///   through, and nothing is ever selected by its hidden score. A team without public scores is selected
///   by its private score.
/// - Invalid submissions and those scored with another metric are counted, never ranked.
/// - Medal thresholds, the median and HumanRank use the reference teams only (the agent is not inserted),
///   as MLE-bench and MLE-Dojo do; every entry's medal comes from comparing its score with the thresholds.
/// - Every number comes from `Yardstick`, the same definitions `tatami run` reports.
public struct BoardBuilder: Sendable {
  public var competition: String
  public var title: String
  public var metric: String
  public var direction: ScoreDirection
  public var publicBaseline: Double?
  public var privateBaseline: Double?
  public var reference: ReferenceBoard
  public var submissions: [Submission]

  public init(
    competition: String, title: String = "", metric: String, higherIsBetter: Bool, publicBaseline: Double? = nil,
    privateBaseline: Double? = nil, reference: ReferenceBoard, submissions: [Submission]
  ) {
    self.competition = competition
    self.title = title
    self.metric = metric
    self.direction = ScoreDirection(higherIsBetter: higherIsBetter)
    self.publicBaseline = publicBaseline
    self.privateBaseline = privateBaseline
    self.reference = reference
    self.submissions = submissions
  }

  public func build() -> CompetitionBoard {
    let entries = referenceEntries() + localEntries()
    let rankings = Dictionary(uniqueKeysWithValues: BoardView.allCases.map { ($0, ranks(of: entries, in: $0)) })
    let rankable = submissions.filter(isRankable).count
    return CompetitionBoard(
      competition: competition, title: title,
      publicBoard: board(.public, entries: entries, rankings: rankings),
      privateBoard: board(.private, entries: entries, rankings: rankings),
      unrankedSubmissions: submissions.count - rankable)
  }

  // MARK: - Entries

  private func referenceEntries() -> [BoardEntry] {
    reference.rows.map { row in
      BoardEntry(
        team: row.team, source: .reference, publicScore: row.publicScore?.value, privateScore: row.privateScore?.value,
        publicFlag: row.publicScore?.flag, privateFlag: row.privateScore?.flag, submittedAt: row.submittedAt)
    }
  }

  private func isRankable(_ submission: Submission) -> Bool {
    submission.valid && submission.metric == metric
      && (submission.publicScore?.isFinite == true || submission.privateScore?.isFinite == true)
  }

  /// One entry per local team: its selected submission.
  private func localEntries() -> [BoardEntry] {
    let byTeam = Dictionary(grouping: submissions.filter(isRankable), by: \.team)
    return byTeam.keys.sorted().compactMap { team in
      let candidates = byTeam[team] ?? []
      guard let chosen = select(from: candidates) else { return nil }
      return BoardEntry(
        team: team, source: .local, publicScore: chosen.publicScore, privateScore: chosen.privateScore,
        publicFlag: Self.localFlag(chosen.publicScore), privateFlag: Self.localFlag(chosen.privateScore),
        submittedAt: chosen.submittedAt, submissionID: chosen.id, runID: chosen.runID,
        submissionCount: candidates.count)
    }
  }

  /// The best public score (earliest on ties), or the best private one when no submission has a public score.
  private func select(from candidates: [Submission]) -> Submission? {
    let view: BoardView = candidates.contains { $0.publicScore?.isFinite == true } ? .public : .private
    let score = { (submission: Submission) in view == .public ? submission.publicScore : submission.privateScore }
    return candidates.filter { score($0)?.isFinite == true }.min { first, second in
      guard let a = score(first), let b = score(second) else { return false }
      if a != b { return direction.isBetter(a, than: b) }
      return first.submittedAt < second.submittedAt
    }
  }

  private static func localFlag(_ score: Double?) -> ScoreFlag? {
    guard let score else { return nil }
    return score.isFinite ? nil : .nonFinite
  }

  // MARK: - Ranking

  /// The rank of each entry in `view`, nil where it has no rankable score.
  private func ranks(of entries: [BoardEntry], in view: BoardView) -> [Int?] {
    let indices = entries.indices.filter { entries[$0].rankable(view) != nil }
    let computed = direction.ranks(indices.map { entries[$0].rankable(view) ?? 0 })
    var ranks = [Int?](repeating: nil, count: entries.count)
    for (index, rank) in zip(indices, computed) { ranks[index] = rank }
    return ranks
  }

  /// What every line is measured against (the one definition of each number, `Yardstick`).
  var yardstick: Yardstick {
    Yardstick(
      reference: reference, higherIsBetter: direction.higherIsBetter, publicBaseline: publicBaseline,
      privateBaseline: privateBaseline)
  }

  private func board(_ view: BoardView, entries: [BoardEntry], rankings: [BoardView: [Int?]]) -> Leaderboard {
    let yardstick = self.yardstick
    let thresholds = yardstick.thresholds(view)
    var ranked: [RankedEntry] = []
    var flagged: [RankedEntry] = []
    for (index, entry) in entries.enumerated() where entry.score(view) != nil || entry.flag(view) != nil {
      let line = self.line(
        entry, rank: rankings[view]?[index] ?? nil, otherRank: rankings[view.other]?[index] ?? nil, view: view,
        yardstick: yardstick, thresholds: thresholds)
      if line.rank == nil { flagged.append(line) } else { ranked.append(line) }
    }
    // Sorting indices moves integers, not entries full of strings.
    ranked = ranked.indices.sorted { Self.order(ranked[$0], ranked[$1]) }.map { ranked[$0] }
    return Leaderboard(
      competition: competition, metric: metric, direction: direction, view: view, entries: ranked, flagged: flagged,
      thresholds: thresholds, referenceTeams: yardstick.reference(view).count, baseline: yardstick.baseline(view),
      bestReference: direction.best(yardstick.reference(view)), shakeUp: Self.shakeUp(ranked),
      referenceAreModels: reference.isModelZoo)
  }

  /// One entry in one view, with its medal and measures when it is ranked.
  private func line(
    _ entry: BoardEntry, rank: Int?, otherRank: Int?, view: BoardView, yardstick: Yardstick,
    thresholds: MedalThresholds?
  ) -> RankedEntry {
    var line = RankedEntry(entry: entry, rank: rank, score: entry.score(view), flag: entry.flag(view))
    line.otherRank = otherRank
    guard let rank, let score = line.score else { return line }
    if let otherRank { line.move = view == .public ? rank - otherRank : otherRank - rank }
    line.medal = thresholds?.medal(for: score)
    line.normalizedScore = yardstick.normalizedScore(score, in: view)
    line.beatsBaseline = yardstick.beatsBaseline(score, in: view)
    if entry.source == .local {
      // The entry's HumanRank is one number in both views: each board ranks the entry's own score there.
      let numbers = yardstick.numbers(publicScore: entry.rankable(.public), privateScore: entry.rankable(.private))
      line.humanRank = numbers.humanRank
      line.publicPositionScore = numbers.publicPositionScore
      line.privatePositionScore = numbers.privatePositionScore
    }
    return line
  }

  /// Rank, then earlier submission (a missing date last), then team name.
  private static func order(_ first: RankedEntry, _ second: RankedEntry) -> Bool {
    if first.rank != second.rank { return (first.rank ?? .max) < (second.rank ?? .max) }
    switch (first.entry.submittedAt, second.entry.submittedAt) {
    case (let a?, let b?) where a != b: return a < b
    case (.some, nil): return true
    case (nil, .some): return false
    default: return first.team < second.team
    }
  }

  private static func shakeUp(_ entries: [RankedEntry]) -> Double? {
    let moves = entries.compactMap(\.move)
    guard !moves.isEmpty else { return nil }
    return Double(moves.reduce(0) { $0 + abs($1) }) / Double(moves.count) / Double(moves.count)
  }
}
