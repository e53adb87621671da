import Basics
import Foundation

/// Elo ratings over agents, fitted on every pairwise comparison at once (a Bradley–Terry model), so the
/// result does not depend on the order in which episodes ran or are read.
///
/// - Games: for each competition and seed, each pair of agents plays one game: the better private score
///   wins, equal scores draw; an agent with a valid submission beats one without; two without are no game.
/// - Prior: every pair also plays one virtual draw, which keeps ratings finite when an agent wins every game
///   and pulls agents with few games towards the mean.
/// - Fit: the maximum-likelihood strengths p of P(i beats j) = p_i / (p_i + p_j), draws counting half a win
///   each, by Hunter's MM iteration; rating = 1000 + 400·log10(p_i / geometric mean of p), so the mean
///   rating is 1000 and a 400-point gap means 10:1 odds.
/// - There is no K factor: nothing is updated game by game. (Sequential Elo with K = 32 over one order
///   depends on that order; this is the fixed point such updates average towards.)
public struct EloRatings: Sendable, Equatable, Encodable {
  public static let base = 1000.0
  public static let scale = 400.0

  public var agents: [String]
  public var ratings: [String: Double]
  /// Real games played (without the virtual draws).
  public var games: Int
  /// Wins of the row agent over the column agent, draws counting one half, virtual draws excluded.
  public var wins: [String: [String: Double]]

  /// One game's result: 1 when `first` won, 0.5 a draw, 0 when `second` won.
  public struct Game: Sendable {
    public var first: String
    public var second: String
    public var result: Double

    public init(first: String, second: String, result: Double) {
      self.first = first
      self.second = second
      self.result = result
    }
  }

  public init(agents: [String], games: [Game]) {
    self.agents = agents
    self.games = games.count
    let index = Dictionary(uniqueKeysWithValues: agents.enumerated().map { ($0.element, $0.offset) })
    let count = agents.count
    var wins = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
    for game in games {
      guard let i = index[game.first], let j = index[game.second], i != j else { continue }
      wins[i][j] += game.result
      wins[j][i] += 1 - game.result
    }
    self.wins = Dictionary(uniqueKeysWithValues: agents.enumerated().map { row in
      (row.element, Dictionary(uniqueKeysWithValues: agents.enumerated().filter { $0.offset != row.offset }
        .map { ($0.element, wins[row.offset][$0.offset]) }))
    })
    var prior = wins
    for i in 0..<count {
      for j in 0..<count where i != j { prior[i][j] += 0.5 }
    }
    let strengths = Self.fit(prior)
    ratings = Dictionary(uniqueKeysWithValues: agents.enumerated().map {
      ($0.element, Self.base + Self.scale * log10(strengths[$0.offset]))
    })
  }

  /// Bradley–Terry strengths by the MM iteration p_i ← W_i / Σ_j n_ij / (p_i + p_j), normalised to a
  /// geometric mean of 1 after every step.
  static func fit(_ wins: [[Double]]) -> [Double] {
    let count = wins.count
    var strengths = [Double](repeating: 1, count: count)
    guard count > 1 else { return strengths }
    for _ in 0..<100_000 {
      var next = strengths
      for i in 0..<count {
        let total = wins[i].reduce(0, +)
        var denominator = 0.0
        for j in 0..<count where j != i {
          denominator += (wins[i][j] + wins[j][i]) / (strengths[i] + strengths[j])
        }
        next[i] = denominator > 0 ? total / denominator : strengths[i]
      }
      let logMean = next.reduce(0) { $0 + log($1) } / Double(count)
      next = next.map { $0 / exp(logMean) }
      let change = zip(next, strengths).map { abs(log($0) - log($1)) }.max() ?? 0
      strengths = next
      if change < 1e-13 { break }
    }
    return strengths
  }

  enum CodingKeys: String, CodingKey { case agents, ratings, games, wins }
}
