import Basics
import Leaderboard

/// Pays each step's reward so that the rewards of an episode add up to the best value it reached.
///
/// - `human_rank`: the value of a valid submission is its public position score (the public half of
///   HumanRank; the private half stays hidden until the end). A step is paid what it adds to the best value
///   so far, which starts at 0: the sum over an episode is the best public HumanRank reached, and
///   re-submitting the same file, or a worse one, pays 0.
/// - `improvement`: the same with the normalised public score (baseline 0, best reference 1), starting at
///   the baseline's 0: only what goes beyond the baseline and beyond the episode's best is paid.
/// - `final`: 0 on every step; the end pays the final HumanRank.
///
/// Without a reference board (no position or normalised score) both step modes use the gain of the public
/// score over the baseline's, in the metric's units; without a baseline either, they pay 0.
struct RewardLedger {
  let mode: RewardMode
  let yardstick: Yardstick
  /// The best value already paid for.
  private(set) var best = 0.0

  init(mode: RewardMode, yardstick: Yardstick) {
    self.mode = mode
    self.yardstick = yardstick
  }

  /// The reward of a valid submission whose public score is `publicScore`.
  mutating func pay(publicScore: Double?) -> Double {
    guard mode != .final, let publicScore, let value = value(of: publicScore) else { return 0 }
    let reward = max(0, value - best)
    best = max(best, value)
    return reward
  }

  /// The reward of the episode's end: its HumanRank in `final` mode (the gain of the private score over the
  /// baseline's without a board), 0 in the step modes, which have paid along the way.
  func finalReward(_ numbers: ResultNumbers, privateScore: Double?) -> Double {
    guard mode == .final, let privateScore else { return 0 }
    if let humanRank = numbers.humanRank { return humanRank }
    return yardstick.privateBaseline.map { yardstick.direction.gain(privateScore, over: $0) } ?? 0
  }

  private func value(of publicScore: Double) -> Double? {
    let measured =
      switch mode {
      case .humanRank: yardstick.positionScore(publicScore, in: .public)
      case .improvement: yardstick.normalizedScore(publicScore, in: .public)
      case .final: Double?.none
      }
    if let measured { return measured }
    return yardstick.publicBaseline.map { yardstick.direction.gain(publicScore, over: $0) }
  }
}
