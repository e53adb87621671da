import Basics
import Foundation
import Leaderboard

/// `tatami board ID --json`: the contract's fields (interfaces.md), plus the flagged rows and per-entry details.
///
/// These JSON types hold the values as they are written, `@ExplicitNull` where a value may be missing, so every
/// key is always there and the synthesized encoding writes them.
struct BoardJSON: Encodable {
  let competition: String
  let metric: String
  let higherIsBetter: Bool
  let view: String
  let teams: Int
  let referenceTeams: Int
  @ExplicitNull var thresholds: [String: Double]?
  @ExplicitNull var baseline: Double?
  @ExplicitNull var bestReference: Double?
  @ExplicitNull var shakeUp: Double?
  let entries: [EntryJSON]
  let flagged: [EntryJSON]

  private enum CodingKeys: String, CodingKey {
    case competition, metric, higherIsBetter = "higher_is_better", view, teams, referenceTeams = "reference_teams"
    case thresholds, baseline, bestReference = "best_reference", shakeUp = "shake_up", entries, flagged
  }

}

extension BoardJSON {
  init(_ board: Leaderboard) {
    let thresholds = board.thresholds.map {
      ["gold": $0.gold, "silver": $0.silver, "bronze": $0.bronze, "median": $0.median]
    }
    self.init(
      competition: board.competition, metric: board.metric, higherIsBetter: board.higherIsBetter,
      view: board.view.rawValue, teams: board.teams, referenceTeams: board.referenceTeams, thresholds: thresholds,
      baseline: board.baseline, bestReference: board.bestReference, shakeUp: board.shakeUp,
      entries: board.entries.map { EntryJSON($0, view: board.view) },
      flagged: board.flagged.map { EntryJSON($0, view: board.view) })
  }
}

/// One leaderboard line in JSON; absent values are written as null so every key is always there.
struct EntryJSON: Encodable {
  @ExplicitNull var rank: Int?
  let team: String
  @ExplicitNull var score: Double?
  @ExplicitNull var publicScore: Double?
  @ExplicitNull var privateScore: Double?
  @ExplicitNull var medal: String?
  let source: String
  @ExplicitNull var submittedAt: String?
  @ExplicitNull var publicRank: Int?
  @ExplicitNull var privateRank: Int?
  @ExplicitNull var move: Int?
  @ExplicitNull var humanRank: Double?
  @ExplicitNull var publicPositionScore: Double?
  @ExplicitNull var privatePositionScore: Double?
  @ExplicitNull var normalizedScore: Double?
  @ExplicitNull var beatsBaseline: Bool?
  @ExplicitNull var flag: String?
  @ExplicitNull var runID: String?

  private enum CodingKeys: String, CodingKey {
    case rank, team, score, publicScore = "public_score", privateScore = "private_score", medal, source
    case submittedAt = "submitted_at", publicRank = "public_rank", privateRank = "private_rank", move
    case humanRank = "human_rank", publicPositionScore = "public_position_score"
    case privatePositionScore = "private_position_score", normalizedScore = "normalized_score"
    case beatsBaseline = "beats_baseline", flag, runID = "run_id"
  }

}

extension EntryJSON {
  init(_ line: RankedEntry, view: BoardView) {
    // JSON has no NaN or infinity; a non-finite value (only ever a flagged one) is written as null.
    func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
    self.init(
      rank: line.rank, team: line.team, score: finite(line.score), publicScore: finite(line.entry.publicScore),
      privateScore: finite(line.entry.privateScore), medal: line.medal?.rawValue, source: line.source.rawValue,
      submittedAt: line.entry.submittedAt, publicRank: view == .public ? line.rank : line.otherRank,
      privateRank: view == .private ? line.rank : line.otherRank, move: line.move, humanRank: line.humanRank,
      publicPositionScore: line.publicPositionScore, privatePositionScore: line.privatePositionScore,
      normalizedScore: line.normalizedScore, beatsBaseline: line.beatsBaseline, flag: line.flag?.rawValue,
      runID: line.entry.runID)
  }
}

/// `tatami board --json` without an id: the competitions and the per-agent summary.
struct CatalogBoardsJSON: Encodable {
  let competitions: [CompetitionJSON]
  let agents: [AgentJSON]

  struct CompetitionJSON: Encodable {
    let competition: String
    let title: String
    let metric: String
    let higherIsBetter: Bool
    let referenceTeams: Int
    let localSubmissions: Int
    @ExplicitNull var problem: String?

    private enum CodingKeys: String, CodingKey {
      case competition, title, metric, higherIsBetter = "higher_is_better", referenceTeams = "reference_teams"
      case localSubmissions = "local_submissions", problem
    }

  }

  struct AgentJSON: Encodable {
    let team: String
    let competitions: Int
    @ExplicitNull var meanHumanRank: Double?
    let gold: Int
    let silver: Int
    let bronze: Int
    let beatsBaseline: Int
    let results: [ResultJSON]

    private enum CodingKeys: String, CodingKey {
      case team, competitions, meanHumanRank = "mean_human_rank", gold, silver, bronze
      case beatsBaseline = "beats_baseline", results
    }

  }

  struct ResultJSON: Encodable {
    let competition: String
    @ExplicitNull var rank: Int?
    let teams: Int
    @ExplicitNull var score: Double?
    @ExplicitNull var humanRank: Double?
    @ExplicitNull var publicPositionScore: Double?
    @ExplicitNull var privatePositionScore: Double?
    @ExplicitNull var medal: String?
    @ExplicitNull var beatsBaseline: Bool?
    @ExplicitNull var normalizedScore: Double?

    private enum CodingKeys: String, CodingKey {
      case competition, rank, teams, score, humanRank = "human_rank", publicPositionScore = "public_position_score"
      case privatePositionScore = "private_position_score", medal, beatsBaseline = "beats_baseline"
      case normalizedScore = "normalized_score"
    }

  }
}

extension CatalogBoardsJSON {
  init(competitions: [CompetitionSummary], agents: [AgentSummary]) {
    self.init(competitions: competitions.map(CompetitionJSON.init), agents: agents.map(AgentJSON.init))
  }
}

extension CatalogBoardsJSON.CompetitionJSON {
  init(_ summary: CompetitionSummary) {
    self.init(
      competition: summary.id, title: summary.title, metric: summary.metric, higherIsBetter: summary.higherIsBetter,
      referenceTeams: summary.referenceTeams, localSubmissions: summary.localSubmissions, problem: summary.problem)
  }
}

extension CatalogBoardsJSON.AgentJSON {
  init(_ agent: AgentSummary) {
    self.init(
      team: agent.team, competitions: agent.competitions, meanHumanRank: agent.meanHumanRank,
      gold: agent.medals(.gold), silver: agent.medals(.silver), bronze: agent.medals(.bronze),
      beatsBaseline: agent.beatsBaselineCount, results: agent.results.map(CatalogBoardsJSON.ResultJSON.init))
  }
}

extension CatalogBoardsJSON.ResultJSON {
  init(_ result: AgentResult) {
    self.init(
      competition: result.competition, rank: result.rank, teams: result.teams, score: result.score,
      humanRank: result.humanRank, publicPositionScore: result.publicPositionScore,
      privatePositionScore: result.privatePositionScore, medal: result.medal?.rawValue,
      beatsBaseline: result.beatsBaseline, normalizedScore: result.normalizedScore)
  }
}

/// The tables of `tatami board --plain` (and of any non-terminal output).
enum BoardText {
  static func board(_ board: Leaderboard) -> String {
    let direction = board.higherIsBetter ? "higher is better" : "lower is better"
    var text =
      "\(board.competition): \(board.metric) (\(direction)), \(board.view.rawValue) view, \(board.teams) teams "
      + "(\(board.referenceTeams) reference)\n"
    if board.referenceAreModels { text += "\(Leaderboard.modelsNotPeople): HumanRank ranks against models\n" }
    if let thresholds = board.thresholds {
      text +=
        "gold \(format(thresholds.gold))  silver \(format(thresholds.silver))  bronze \(format(thresholds.bronze))"
        + "  median \(format(thresholds.median))"
      if let shakeUp = board.shakeUp { text += "  shake-up \(format(shakeUp))" }
      text += "\n"
    }
    let rows = board.entries.map { line in
      [
        line.rank.map(String.init) ?? "", line.team, line.score.map(format) ?? "", line.medal?.rawValue ?? "",
        move(line.move), line.source.rawValue, line.humanRank.map { String(format: "%.3f", $0) } ?? "",
      ]
    }
    text += Output.table(header: ["RANK", "TEAM", "SCORE", "MEDAL", "MOVE", "SOURCE", "HUMANRANK"], rows: rows)
    if !board.flagged.isEmpty {
      text += "\n\nflagged, not ranked:\n"
      let flagged = board.flagged.map { [$0.team, $0.score.map(format) ?? "", $0.flag?.rawValue ?? ""] }
      text += Output.table(header: ["TEAM", "SCORE", "FLAG"], rows: flagged)
    }
    return text
  }

  static func catalog(_ competitions: [CompetitionSummary], agents: [AgentSummary]) -> String {
    let rows = competitions.map { competition in
      [
        competition.id, competition.metric, competition.higherIsBetter ? "higher" : "lower",
        String(competition.referenceTeams), String(competition.localSubmissions), competition.problem ?? "",
      ]
    }
    var text = Output.table(header: ["COMPETITION", "METRIC", "BETTER", "TEAMS", "LOCAL", "PROBLEM"], rows: rows)
    guard !agents.isEmpty else { return text }
    let agentRows = agents.map { agent in
      [
        agent.team, String(agent.competitions), agent.meanHumanRank.map { String(format: "%.3f", $0) } ?? "",
        String(agent.medals(.gold)), String(agent.medals(.silver)), String(agent.medals(.bronze)),
        String(agent.beatsBaselineCount),
      ]
    }
    text +=
      "\n\n"
      + Output.table(
        header: ["TEAM", "COMPETITIONS", "MEAN HUMANRANK", "GOLD", "SILVER", "BRONZE", "BEATS BASELINE"],
        rows: agentRows)
    return text
  }

  static func move(_ move: Int?) -> String {
    guard let move else { return "" }
    return move > 0 ? "+\(move)" : String(move)
  }

  static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
