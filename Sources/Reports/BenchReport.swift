import Basics
import Arena
import Bench
import Foundation
import Leaderboard

/// One episode's line in the per-competition table.
public struct EpisodeLine: Sendable, Equatable, Encodable {
  public var competition: String
  public var agent: String
  public var seed: Int
  /// `finished`, `budget_exhausted`, `agent_error`, or `failed` / `missing` without a result.
  public var status: String
  @ExplicitNull public var privateScore: Double?
  @ExplicitNull public var rank: Int?
  @ExplicitNull public var teams: Int?
  @ExplicitNull public var medal: String?
  public var aboveMedian: Bool
  public var beatsBaseline: Bool
  @ExplicitNull public var humanRank: Double?
  @ExplicitNull public var normalizedScore: Double?
  @ExplicitNull public var seconds: Double?
  @ExplicitNull public var steps: Int?
  @ExplicitNull public var tokens: Int?
  @ExplicitNull public var costUSD: Double?
  @ExplicitNull public var runID: String?

  enum CodingKeys: String, CodingKey {
    case competition, agent, seed, status, privateScore = "private_score", rank, teams, medal
    case aboveMedian = "above_median", beatsBaseline = "beats_baseline", humanRank = "human_rank"
    case normalizedScore = "normalized_score", seconds, steps, tokens, costUSD = "cost_usd", runID = "run_id"
  }
}

/// Everything `tatami report` shows, computed from merged bench results (definitions in docs/reports.md).
public struct BenchReport: Sendable, Encodable {
  public var benches: [String]
  public var agents: [String]
  public var competitions: [String]
  public var seeds: Int
  public var planned: Int
  public var missing: Int
  public var failed: Int
  public var rates: [AgentRates]
  public var profile: PerformanceProfile
  public var elo: EloRatings
  public var episodes: [EpisodeLine]
  public var warnings: [String]
  /// The outcomes behind the numbers, for the other output formats.
  public var outcomes: [EpisodeOutcome]
  public var contexts: [String: CompetitionContext]

  public init(_ results: BenchResults) {
    benches = results.names
    agents = results.agents
    competitions = results.competitions
    seeds = results.seeds.count
    contexts = results.contexts
    let planned = results.planned
    self.planned = planned.count
    missing = results.missing.count
    failed = results.failures.count
    warnings = results.warnings
    let outcomes = planned.map {
      EpisodeOutcome(key: $0, record: results.records[$0], context: results.contexts[$0.competition])
    }
    self.outcomes = outcomes
    rates = results.agents.map { AgentRates(agent: $0, outcomes: outcomes, seeds: results.seeds) }
    profile = PerformanceProfile(methods: results.agents, tasks: Self.tasks(results, outcomes: outcomes))
    elo = EloRatings(agents: results.agents, games: Self.games(results, outcomes: outcomes))
    episodes = outcomes.map { Self.line($0, failed: results.failures[$0.key] != nil) }
  }

  /// Each competition with every agent's best private score over its seeds.
  package static func tasks(_ results: BenchResults, outcomes: [EpisodeOutcome]) -> [PerformanceProfile.Task] {
    results.competitions.map { competition in
      let direction = results.contexts[competition]?.direction
        ?? ScoreDirection(higherIsBetter: outcomes.first { $0.key.competition == competition }?.record?.higherIsBetter ?? true)
      var scores: [String: Double?] = [:]
      for agent in results.agents {
        let mine = outcomes.filter { $0.key.competition == competition && $0.key.agent == agent }.compactMap(\.score)
        scores[agent] = direction.best(mine)
      }
      let baseline = results.contexts[competition]?.baselinePrivateScore
        ?? outcomes.first { $0.key.competition == competition && $0.record?.baselinePrivateScore != nil }?
          .record?.baselinePrivateScore
      return PerformanceProfile.Task(id: competition, scores: scores, baseline: baseline, direction: direction)
    }
  }

  /// One game per pair of agents, per competition and seed.
  package static func games(_ results: BenchResults, outcomes: [EpisodeOutcome]) -> [EloRatings.Game] {
    let byKey = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key, $0) })
    var games: [EloRatings.Game] = []
    for seed in results.seeds {
      for competition in results.competitions {
        let direction = results.contexts[competition]?.direction ?? ScoreDirection(higherIsBetter: true)
        for (i, first) in results.agents.enumerated() {
          for second in results.agents[(i + 1)...] {
            let a = byKey[EpisodeKey(agent: first, competition: competition, seed: seed)]?.score
            let b = byKey[EpisodeKey(agent: second, competition: competition, seed: seed)]?.score
            let result: Double
            switch (a, b) {
            case (nil, nil): continue
            case (.some, nil): result = 1
            case (nil, .some): result = 0
            case (let a?, let b?): result = a == b ? 0.5 : (direction.isBetter(a, than: b) ? 1 : 0)
            }
            games.append(EloRatings.Game(first: first, second: second, result: result))
          }
        }
      }
    }
    return games
  }

  static func line(_ outcome: EpisodeOutcome, failed: Bool) -> EpisodeLine {
    let record = outcome.record
    let tokens = record?.tokens.map { $0.promptTokens + $0.completionTokens }
    return EpisodeLine(
      competition: outcome.key.competition, agent: outcome.key.agent, seed: outcome.key.seed,
      status: record?.status.rawValue ?? (failed ? "failed" : "missing"), privateScore: outcome.score,
      rank: outcome.valid ? record?.privateRank : nil, teams: record?.leaderboardSize, medal: outcome.medal?.rawValue,
      aboveMedian: outcome.aboveMedian, beatsBaseline: outcome.beatsBaseline,
      humanRank: outcome.valid ? record?.humanRank : nil, normalizedScore: outcome.normalizedScore,
      seconds: record?.seconds, steps: record?.steps, tokens: tokens, costUSD: record?.tokens?.costUSD,
      runID: record?.runID)
  }

  enum CodingKeys: String, CodingKey {
    case benches, agents, competitions, seeds, planned, missing, failed, rates = "agents_summary"
    case profile = "performance_profile", elo, episodes, warnings
  }

  // MARK: - CSV

  /// One row per planned episode (the per-competition table), for pandas or a spreadsheet.
  public var csv: String {
    let header = "competition,agent,seed,status,private_score,rank,teams,medal,above_median,beats_baseline,"
      + "human_rank,normalized_score,seconds,steps,tokens,cost_usd,run_id"
    func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    func field(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
    let rows = episodes.map { line -> String in
      var cells: [String] = [field(line.competition), field(line.agent), String(line.seed), line.status]
      cells += [number(line.privateScore), integer(line.rank), integer(line.teams), line.medal ?? ""]
      cells += [String(line.aboveMedian), String(line.beatsBaseline), number(line.humanRank)]
      cells += [number(line.normalizedScore), number(line.seconds), integer(line.steps), integer(line.tokens)]
      cells += [number(line.costUSD), field(line.runID ?? "")]
      return cells.joined(separator: ",")
    }
    return ([header] + rows).joined(separator: "\n") + "\n"
  }
}
