import Basics
import Foundation
import Leaderboard

/// Performance profiles and AUP as MLGym defines them (`scripts/evaluation/get_ranks.py`), over the bench's
/// competitions, with each agent's best private score over its seeds ("best attempt") and the bundle's
/// baseline as an extra method.
///
/// On competition t with best feasible score b_t:
/// - a method is feasible if it has a score, the score is ≥ 0 and not worse than the baseline's;
/// - its ratio is b_t / s (higher is better) or s / b_t (lower is better), 1 where s equals b_t;
/// - an infeasible method (or one whose ratio is not finite) gets 1.05 × the worst feasible ratio of t
///   (1.05 when no method is feasible);
/// - ρ_m(τ) is the fraction of competitions with log10(ratio) ≤ τ, on 500 evenly spaced τ from 0 to τ_max,
///   τ_max = log10 of the largest ⌈1.05 × worst ratio⌉ over the competitions, rounded up to one decimal;
/// - AUP_m = Σ_{i<499} (τ_{i+1} − τ_i) ρ_m(τ_i).
public struct PerformanceProfile: Sendable, Equatable, Encodable {
  /// The name of the extra method whose score on each competition is the bundle's baseline score.
  public static let baselineMethod = "(baseline)"
  public static let epsilon = 0.05
  public static let points = 500

  public var methods: [String]
  public var tau: [Double]
  public var tauMax: Double
  /// ρ of each method at each τ.
  public var rho: [String: [Double]]
  public var aup: [String: Double]
  /// Each competition's ratio of each method.
  public var ratios: [String: [String: Double]]

  /// One competition: each method's score (nil: none), the baseline's, and the direction.
  public struct Task: Sendable {
    public var id: String
    public var scores: [String: Double?]
    public var baseline: Double?
    public var direction: ScoreDirection

    public init(id: String, scores: [String: Double?], baseline: Double?, direction: ScoreDirection) {
      self.id = id
      self.scores = scores
      self.baseline = baseline
      self.direction = direction
    }
  }

  /// - Parameter methods: the agents, in order; the baseline method is added when any task has a baseline.
  public init(methods agents: [String], tasks: [Task]) {
    let withBaseline = tasks.contains { $0.baseline != nil }
    let methods = agents + (withBaseline ? [Self.baselineMethod] : [])
    self.methods = methods
    var ratios: [String: [String: Double]] = [:]
    var largestCap = 1.0
    for task in tasks {
      var scores = task.scores
      if withBaseline { scores[Self.baselineMethod] = task.baseline }
      let (taskRatios, cap) = Self.ratios(
        scores: scores, methods: methods, baseline: task.baseline, direction: task.direction)
      ratios[task.id] = taskRatios
      largestCap = max(largestCap, cap)
    }
    self.ratios = ratios
    let tauMax = (log10(largestCap) * 10).rounded(.up) / 10
    self.tauMax = tauMax
    let step = tauMax / Double(Self.points - 1)
    let tau = (0..<Self.points).map { $0 == Self.points - 1 ? tauMax : Double($0) * step }
    self.tau = tau
    var rho: [String: [Double]] = [:]
    var aup: [String: Double] = [:]
    for method in methods {
      let logs = tasks.map { log10(ratios[$0.id]?[method] ?? 1) }
      let profile = tau.map { point in
        tasks.isEmpty ? 0 : Double(logs.count { $0 <= point }) / Double(tasks.count)
      }
      rho[method] = profile
      aup[method] = (0..<(Self.points - 1)).reduce(0) { $0 + (tau[$1 + 1] - tau[$1]) * profile[$1] }
    }
    self.rho = rho
    self.aup = aup
  }

  /// The ratios on one task and its cap ⌈(1 + ε) × worst ratio⌉.
  static func ratios(
    scores: [String: Double?], methods: [String], baseline: Double?, direction: ScoreDirection
  ) -> (ratios: [String: Double], cap: Double) {
    func feasible(_ score: Double?) -> Double? {
      guard let score, score.isFinite, score >= 0 else { return nil }
      if let baseline, direction.isBetter(baseline, than: score) { return nil }
      return score
    }
    let feasibleScores = methods.compactMap { method in feasible(scores[method] ?? nil).map { (method, $0) } }
    guard let best = direction.best(feasibleScores.map(\.1)) else {
      return (Dictionary(uniqueKeysWithValues: methods.map { ($0, 1 + epsilon) }), (1 + epsilon).rounded(.up))
    }
    var finite: [String: Double] = [:]
    for (method, score) in feasibleScores {
      let ratio = score == best ? 1 : (direction.higherIsBetter ? best / score : score / best)
      if ratio.isFinite && ratio >= 1 { finite[method] = ratio }
    }
    let worst = finite.values.max() ?? 1
    let infeasible = (1 + epsilon) * worst
    let all = Dictionary(uniqueKeysWithValues: methods.map { ($0, finite[$0] ?? infeasible) })
    return (all, infeasible.rounded(.up))
  }

  enum CodingKeys: String, CodingKey { case methods, tau, tauMax = "tau_max", rho, aup, ratios }
}
