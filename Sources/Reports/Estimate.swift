import Basics
import Foundation

/// A mean over seeds with its standard error, as MLE-bench aggregates: one value per seed, then the mean and
/// the sample standard deviation (ddof 1) over the square root of the number of seeds.
public struct Estimate: Sendable, Equatable, Encodable {
  @ExplicitNull public var mean: Double?
  /// Nil with fewer than two seeds.
  @ExplicitNull public var standardError: Double?
  /// The value of each seed (nil where the seed has none, e.g. no competition with a board).
  public var perSeed: [Double?]

  public init(perSeed: [Double?]) {
    self.perSeed = perSeed
    let values = perSeed.compactMap { $0 }
    mean = Self.mean(values)
    standardError = Self.standardError(values)
  }

  /// 1.96 standard errors: the half-width of the 95 % interval MLE-bench prints.
  public var interval: Double? { standardError.map { 1.96 * $0 } }

  public static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  public static func standardError(_ values: [Double]) -> Double? {
    guard values.count >= 2, let mean = mean(values) else { return nil }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    return (variance / Double(values.count)).squareRoot()
  }

  enum CodingKeys: String, CodingKey { case mean, standardError = "sem", perSeed = "per_seed" }
}
