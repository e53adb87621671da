import Testing

@testable import Leaderboard

/// Merging a reference board with local submissions and ranking both views.
struct BoardBuilderTests {
  /// A reference board of `count` teams: private score i/100 for team i (lower is better), public reversed in pairs.
  static func reference(_ count: Int) -> ReferenceBoard {
    ReferenceBoard(
      rows: (1...count).map { index in
        let publicIndex = index % 2 == 1 ? index + 1 : index - 1
        return ReferenceRow(
          team: "human-\(index)", publicScore: ReferenceScore(value: Double(publicIndex) / 100),
          privateScore: ReferenceScore(value: Double(index) / 100), line: index + 1)
      })
  }

  static func submission(
    _ team: String, public publicScore: Double?, private privateScore: Double?, valid: Bool = true,
    metric: String = "rmse", at time: String = "2026-01-01T00:00:00.000Z"
  ) -> Submission {
    Submission(
      competition: "comp", team: team, submittedAt: time, sha256: String(repeating: "0", count: 64), metric: metric,
      publicScore: publicScore, privateScore: privateScore, valid: valid)
  }

  func build(_ reference: ReferenceBoard, _ submissions: [Submission], baseline: Double? = nil) -> CompetitionBoard {
    BoardBuilder(
      competition: "comp", metric: "rmse", higherIsBetter: false, publicBaseline: baseline, privateBaseline: baseline,
      reference: reference, submissions: submissions
    ).build()
  }

  @Test("a local team's entry is its best public submission; the private view ranks that same submission")
  func selectionByPublicScore() throws {
    let board = build(
      Self.reference(10),
      [
        Self.submission("agent", public: 0.30, private: 0.01, at: "2026-01-01T00:00:00.000Z"),
        Self.submission("agent", public: 0.025, private: 0.075, at: "2026-01-02T00:00:00.000Z"),
        Self.submission("agent", public: 0.025, private: 0.5, at: "2026-01-03T00:00:00.000Z"),
      ])
    let local = try #require(board.privateBoard.entries.first { $0.source == .local })
    #expect(local.score == 0.075)  // not the 0.01 of a submission with a worse public score
    #expect(local.entry.submissionCount == 3)
    #expect(local.rank == 8)  // 7 humans (0.01 … 0.07) are better
    let publicLocal = try #require(board.publicBoard.entries.first { $0.source == .local })
    #expect(publicLocal.rank == 3)  // 0.01 and 0.02 are better
    #expect(publicLocal.move == 3 - 8)
    #expect(local.move == 3 - 8)
  }

  @Test("invalid submissions and other metrics are counted, never ranked")
  func invalidNeverRanked() {
    let board = build(
      Self.reference(5),
      [
        Self.submission("broken", public: nil, private: nil, valid: false),
        Self.submission("old-metric", public: 0.001, private: 0.001, metric: "mae"),
        Self.submission("ok", public: 0.1, private: 0.1),
      ])
    #expect(board.privateBoard.entries.filter { $0.source == .local }.map(\.team) == ["ok"])
    #expect(board.unrankedSubmissions == 2)
    #expect(board.privateBoard.teams == 6)
  }

  @Test("medal thresholds come from the reference teams only; local entries get medals by score")
  func medalsFromReferenceOnly() throws {
    // 150 reference teams: gold position 10 (0.10), silver 30 (0.30), bronze 60 (0.60).
    let board = build(
      Self.reference(150),
      [Self.submission("at-gold", public: 1, private: 0.10), Self.submission("past-gold", public: 1, private: 0.1001)])
    let thresholds = try #require(board.privateBoard.thresholds)
    #expect((thresholds.gold, thresholds.silver, thresholds.bronze) == (0.10, 0.30, 0.60))
    #expect(board.privateBoard.referenceTeams == 150)
    let medals = Dictionary(uniqueKeysWithValues: board.privateBoard.entries.map { ($0.team, $0.medal) })
    #expect(medals["at-gold"] == .gold)
    #expect(medals["past-gold"] == .silver)
    #expect(medals["human-10"] == .gold)
    #expect(medals["human-11"] == .silver)
    #expect(medals["human-60"] == .bronze)
    #expect(medals["human-61"] == Medal?.none)
  }

  @Test("flagged reference rows are listed apart and change neither ranks nor thresholds")
  func flaggedRows() {
    var reference = Self.reference(50)
    reference.rows.append(
      ReferenceRow(
        team: "sentinel", publicScore: ReferenceScore(value: 999_999, flag: .placeholder),
        privateScore: ReferenceScore(value: 999_999, flag: .placeholder), line: 60))
    let board = build(reference, [])
    #expect(board.privateBoard.flagged.map(\.team) == ["sentinel"])
    #expect(board.privateBoard.flagged.first?.rank == nil)
    #expect(board.privateBoard.teams == 50)
    #expect(board.privateBoard.thresholds?.positions == MedalPositions.kaggle(teams: 50))
  }

  @Test("ties share a rank; order among them is by submission time")
  func ties() {
    let board = build(
      ReferenceBoard(),
      [
        Self.submission("late", public: 0.2, private: 0.2, at: "2026-01-02T00:00:00.000Z"),
        Self.submission("early", public: 0.2, private: 0.2, at: "2026-01-01T00:00:00.000Z"),
        Self.submission("best", public: 0.1, private: 0.1),
      ])
    #expect(board.privateBoard.entries.map(\.team) == ["best", "early", "late"])
    #expect(board.privateBoard.entries.map(\.rank) == [1, 2, 2])
    #expect(board.privateBoard.thresholds == nil)
  }

  @Test("shake-up: mean |public rank − private rank| / teams")
  func shakeUp() {
    // Reference(4): public order is 2,1,4,3 → every team moves by one.
    let board = build(Self.reference(4), [])
    #expect(board.privateBoard.entries.map(\.move) == [1, -1, 1, -1])
    #expect(board.privateBoard.shakeUp == 0.25)
    #expect(board.publicBoard.shakeUp == 0.25)
  }

  @Test("local entries carry HumanRank, the normalised score and beats-baseline")
  func localMeasures() throws {
    let board = build(Self.reference(10), [Self.submission("agent", public: 0.045, private: 0.045)], baseline: 0.09)
    let local = try #require(board.privateBoard.entries.first { $0.source == .local })
    // Public board 0.01…0.10: 4 better; private board: 4 better → 0.6 on both.
    #expect(isClose(local.humanRank, 0.6))
    // (0.045 − 0.09) / (0.01 − 0.09)
    #expect(isClose(local.normalizedScore, 0.5625))
    #expect(local.beatsBaseline == true)
    #expect(board.privateBoard.entries.first { $0.source == .reference }?.humanRank == nil)
  }

  @Test("the summary per agent across competitions")
  func agentSummary() {
    let first = build(Self.reference(10), [Self.submission("a", public: 0.005, private: 0.005)], baseline: 0.09)
    var second = BoardBuilder(
      competition: "other", metric: "rmse", higherIsBetter: false, privateBaseline: 0.001,
      reference: Self.reference(10),
      submissions: [Self.submission("a", public: 0.2, private: 0.2), Self.submission("b", public: 0.05, private: 0.05)]
    ).build()
    second.competition = "other"
    let summaries = AgentSummary.build([first, second])
    // b: HumanRank 0.6 on one competition; a: 1.0 and 0.0, mean 0.5.
    #expect(summaries.map(\.team) == ["b", "a"])
    let a = summaries[1]
    #expect(a.competitions == 2)
    #expect(isClose(a.meanHumanRank, (1.0 + 0.0) / 2))
    #expect(a.medals(.gold) == 1)
    #expect(a.beatsBaselineCount == 1)
    #expect(summaries[0].results.map(\.competition) == ["other"])
  }
}
