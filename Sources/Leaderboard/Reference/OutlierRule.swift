import Foundation

/// Decides which scores of an imported board are placeholders or outliers, so they are shown but never ranked.
///
/// The aim is to catch values that cannot be real scores (MLE-Dojo's gesture board full of 1e6, a 1.3e16 on
/// allstate, a 24,987,861 RMSE tail on NYC taxi), never a merely poor real submission: Kaggle boards have
/// long honest tails (a confidently wrong log loss of 30 among scores near 0.3) that must stay ranked.
///
/// The rule, per view, over the finite scores:
/// 1. Sentinel candidates are integers of magnitude ≥ 10⁵ written as all nines (99999, 999999, …) or as a
///    power of ten (1e5, 1e6, …, 1e27). They are left out of the centre and spread below, so a board where
///    they are the majority is still judged against its real scores.
/// 2. Centre `m` = median of the other scores; spread `s` = max(1.4826 · MAD, 1% of |m|), where MAD is the
///    median absolute deviation from `m` (1.2533 · mean absolute deviation when MAD is 0, as Iglewicz and
///    Hoaglin suggest). The 1% floor keeps a crowded board (hundreds of teams within 0.001) from making
///    every real tail look extreme.
/// 3. A score is flagged when `|x − m| > 1000 · s`: a sentinel candidate as `placeholder`, anything else as
///    `outlier`. With the floor, that is always more than 10 × |m| away from the median.
/// Fewer than 3 non-candidate scores give no basis for judging, and nothing is flagged.
public struct OutlierRule: Sendable {
  /// How many robust standard deviations from the median a score may lie.
  public var cutoff: Double
  /// The smallest magnitude a sentinel candidate can have.
  public var sentinelMagnitude: Double

  public init(cutoff: Double = 1000, sentinelMagnitude: Double = 1e5) {
    self.cutoff = cutoff
    self.sentinelMagnitude = sentinelMagnitude
  }

  public static let standard = OutlierRule()

  /// One flag (or nil) per score, in order.
  public func flags(_ scores: [Double]) -> [ScoreFlag?] {
    let candidates = scores.map(isSentinelCandidate)
    let others = zip(scores, candidates).filter { !$0.1 }.map(\.0)
    guard others.count >= 3 else { return scores.map { _ in nil } }
    let centre = Self.median(others)
    let spread = Self.spread(others, around: centre)
    return zip(scores, candidates).map { score, candidate in
      guard abs(score - centre) > cutoff * spread else { return nil }
      return candidate ? .placeholder : .outlier
    }
  }

  /// Whether `score` looks like a value typed in to mean "no score".
  public func isSentinelCandidate(_ score: Double) -> Bool {
    let magnitude = abs(score)
    guard magnitude >= sentinelMagnitude, magnitude.isFinite, magnitude == magnitude.rounded() else { return false }
    return Self.isPowerOfTen(magnitude) || Self.isPowerOfTen(magnitude + 1)
  }

  private static func isPowerOfTen(_ value: Double) -> Bool {
    let exponent = log10(value).rounded()
    // 1e23 and above are not exact doubles; compare with the double the literal would give.
    return Double("1e\(Int(exponent))") == value
  }

  private static func spread(_ values: [Double], around centre: Double) -> Double {
    let deviations = values.map { abs($0 - centre) }
    var scale = 1.4826 * median(deviations)
    if scale == 0 { scale = 1.2533 * deviations.reduce(0, +) / Double(deviations.count) }
    return max(scale, 0.01 * abs(centre), Double.leastNormalMagnitude)
  }

  /// The median; the mean of the middle two for an even count, as pandas computes it.
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
