import Foundation
import Leaderboard

/// `tatami board ID --json`: the contract's fields (interfaces.md), plus the flagged rows and per-entry details.
struct BoardJSON: Encodable {
  let board: Leaderboard

  init(_ board: Leaderboard) { self.board = board }

  private enum Keys: String, CodingKey {
    case competition, metric
    case higherIsBetter = "higher_is_better"
    case view, teams
    case referenceTeams = "reference_teams"
    case thresholds, baseline
    case bestReference = "best_reference"
    case shakeUp = "shake_up"
    case entries, flagged
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(board.competition, forKey: .competition)
    try container.encode(board.metric, forKey: .metric)
    try container.encode(board.higherIsBetter, forKey: .higherIsBetter)
    try container.encode(board.view.rawValue, forKey: .view)
    try container.encode(board.teams, forKey: .teams)
    try container.encode(board.referenceTeams, forKey: .referenceTeams)
    let thresholds = board.thresholds.map {
      ["gold": $0.gold, "silver": $0.silver, "bronze": $0.bronze, "median": $0.median]
    }
    try container.encode(thresholds, forKey: .thresholds)
    try container.encode(board.baseline, forKey: .baseline)
    try container.encode(board.bestReference, forKey: .bestReference)
    try container.encode(board.shakeUp, forKey: .shakeUp)
    try container.encode(board.entries.map { EntryJSON($0, view: board.view) }, forKey: .entries)
    try container.encode(board.flagged.map { EntryJSON($0, view: board.view) }, forKey: .flagged)
  }
}

/// One leaderboard line in JSON; absent values are written as null so every key is always there.
struct EntryJSON: Encodable {
  let line: RankedEntry
  let view: BoardView

  init(_ line: RankedEntry, view: BoardView) {
    self.line = line
    self.view = view
  }

  private enum Keys: String, CodingKey {
    case rank, team, score
    case publicScore = "public_score"
    case privateScore = "private_score"
    case medal, source
    case submittedAt = "submitted_at"
    case publicRank = "public_rank"
    case privateRank = "private_rank"
    case move
    case humanRank = "human_rank"
    case publicPositionScore = "public_position_score"
    case privatePositionScore = "private_position_score"
    case normalizedScore = "normalized_score"
    case beatsBaseline = "beats_baseline"
    case flag
    case runID = "run_id"
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(line.rank, forKey: .rank)
    try container.encode(line.team, forKey: .team)
    try container.encode(line.score.flatMap(finite), forKey: .score)
    try container.encode(line.entry.publicScore.flatMap(finite), forKey: .publicScore)
    try container.encode(line.entry.privateScore.flatMap(finite), forKey: .privateScore)
    try container.encode(line.medal?.rawValue, forKey: .medal)
    try container.encode(line.source.rawValue, forKey: .source)
    try container.encode(line.entry.submittedAt, forKey: .submittedAt)
    try container.encode(view == .public ? line.rank : line.otherRank, forKey: .publicRank)
    try container.encode(view == .private ? line.rank : line.otherRank, forKey: .privateRank)
    try container.encode(line.move, forKey: .move)
    try container.encode(line.humanRank, forKey: .humanRank)
    try container.encode(line.publicPositionScore, forKey: .publicPositionScore)
    try container.encode(line.privatePositionScore, forKey: .privatePositionScore)
    try container.encode(line.normalizedScore, forKey: .normalizedScore)
    try container.encode(line.beatsBaseline, forKey: .beatsBaseline)
    try container.encode(line.flag?.rawValue, forKey: .flag)
    try container.encode(line.entry.runID, forKey: .runID)
  }

  /// JSON has no NaN or infinity; a non-finite value (only ever a flagged one) is written as null.
  private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}

/// `tatami board --json` without an id: the competitions and the per-agent summary.
struct CatalogBoardsJSON: Encodable {
  let competitions: [CompetitionSummary]
  let agents: [AgentSummary]

  private enum Keys: String, CodingKey { case competitions, agents }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(competitions.map(CompetitionJSON.init), forKey: .competitions)
    try container.encode(agents.map(AgentJSON.init), forKey: .agents)
  }

  struct CompetitionJSON: Encodable {
    let summary: CompetitionSummary

    private enum Keys: String, CodingKey {
      case competition, title, metric
      case higherIsBetter = "higher_is_better"
      case referenceTeams = "reference_teams"
      case localSubmissions = "local_submissions"
      case problem
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(summary.id, forKey: .competition)
      try container.encode(summary.title, forKey: .title)
      try container.encode(summary.metric, forKey: .metric)
      try container.encode(summary.higherIsBetter, forKey: .higherIsBetter)
      try container.encode(summary.referenceTeams, forKey: .referenceTeams)
      try container.encode(summary.localSubmissions, forKey: .localSubmissions)
      try container.encode(summary.problem, forKey: .problem)
    }
  }

  struct AgentJSON: Encodable {
    let agent: AgentSummary

    private enum Keys: String, CodingKey {
      case team, competitions
      case meanHumanRank = "mean_human_rank"
      case gold, silver, bronze
      case beatsBaseline = "beats_baseline"
      case results
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(agent.team, forKey: .team)
      try container.encode(agent.competitions, forKey: .competitions)
      try container.encode(agent.meanHumanRank, forKey: .meanHumanRank)
      try container.encode(agent.medals(.gold), forKey: .gold)
      try container.encode(agent.medals(.silver), forKey: .silver)
      try container.encode(agent.medals(.bronze), forKey: .bronze)
      try container.encode(agent.beatsBaselineCount, forKey: .beatsBaseline)
      try container.encode(agent.results.map(ResultJSON.init), forKey: .results)
    }
  }

  struct ResultJSON: Encodable {
    let result: AgentResult

    private enum Keys: String, CodingKey {
      case competition, rank, teams, score
      case humanRank = "human_rank"
      case publicPositionScore = "public_position_score"
      case privatePositionScore = "private_position_score"
      case medal
      case beatsBaseline = "beats_baseline"
      case normalizedScore = "normalized_score"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(result.competition, forKey: .competition)
      try container.encode(result.rank, forKey: .rank)
      try container.encode(result.teams, forKey: .teams)
      try container.encode(result.score, forKey: .score)
      try container.encode(result.humanRank, forKey: .humanRank)
      try container.encode(result.publicPositionScore, forKey: .publicPositionScore)
      try container.encode(result.privatePositionScore, forKey: .privatePositionScore)
      try container.encode(result.medal?.rawValue, forKey: .medal)
      try container.encode(result.beatsBaseline, forKey: .beatsBaseline)
      try container.encode(result.normalizedScore, forKey: .normalizedScore)
    }
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
