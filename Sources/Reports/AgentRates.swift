import Basics
import Bench
import Leaderboard

/// One agent's rates, each computed per seed over the bench's competitions, then a mean and standard error
/// over seeds (MLE-bench's aggregation). Percentages are 0–100.
public struct AgentRates: Sendable, Equatable, Encodable {
  public var agent: String
  public var anyMedal: Estimate
  public var gold: Estimate
  public var aboveMedian: Estimate
  public var beatsBaseline: Estimate
  public var validSubmission: Estimate
  /// Mean over competitions of each seed; episodes without a valid submission count 0, competitions
  /// without a reference board are left out.
  public var humanRank: Estimate
  /// Mean over the competitions of each seed where the episode has a normalised score.
  public var normalizedScore: Estimate
  /// Episodes with a result, of those planned.
  public var episodes: Int
  public var planned: Int

  /// The rates of `agent` from the outcomes of every planned episode.
  public init(agent: String, outcomes: [EpisodeOutcome], seeds: [Int]) {
    self.agent = agent
    let mine = outcomes.filter { $0.key.agent == agent }
    let bySeed = seeds.map { seed in mine.filter { $0.key.seed == seed } }
    func percent(_ test: (EpisodeOutcome) -> Bool) -> Estimate {
      Estimate(perSeed: bySeed.map { episodes in
        episodes.isEmpty ? nil : 100 * Double(episodes.count(where: test)) / Double(episodes.count)
      })
    }
    func average(_ value: (EpisodeOutcome) -> Double?) -> Estimate {
      Estimate(perSeed: bySeed.map { Estimate.mean($0.compactMap(value)) })
    }
    anyMedal = percent { $0.medal != nil }
    gold = percent { $0.medal == .gold }
    aboveMedian = percent(\.aboveMedian)
    beatsBaseline = percent(\.beatsBaseline)
    validSubmission = percent(\.valid)
    humanRank = average(\.humanRank)
    normalizedScore = average(\.normalizedScore)
    episodes = mine.count { $0.record != nil }
    planned = mine.count
  }

  enum CodingKeys: String, CodingKey {
    case agent, anyMedal = "any_medal_percent", gold = "gold_percent", aboveMedian = "above_median_percent"
    case beatsBaseline = "beats_baseline_percent", validSubmission = "valid_submission_percent"
    case humanRank = "human_rank", normalizedScore = "normalized_score", episodes, planned
  }
}
