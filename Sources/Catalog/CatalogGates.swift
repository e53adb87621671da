import Basics
import Foundation
import Scoring

/// The catalog-v2 gates that need no Python (issue 10; definitions in docs/catalog-gates.md).
///
/// Each gate is a measured number against a named threshold, never a judgement. With `perfect` the score of
/// the answers themselves submitted and `prior` the score of `public/sample_submission.csv`, the share of the
/// gap a score `s` closes is `closed(s) = (s − prior) / (perfect − prior)` (1 = perfect, 0 = the prior), on the
/// Private rows. `tatami bundle check` runs these gates and fails when one fails; the report-only gate never
/// fails.
public enum CatalogGate: String, Sendable, Equatable, Codable, CaseIterable {
  /// At least `minPublicRows` Public and `minPrivateRows` Private answer rows.
  case size
  /// Spearman of the reference entries' public and private scores (baseline excluded) at least `minSpearman`.
  case stability
  /// No reference entry closes `maxClosed` of the gap or more.
  case headroom
  /// The best reference entry closes at least `minBestClosed`, and the baseline is strictly better than the prior.
  case learnable
  /// The baseline's |public − private| / |private| below `maxBaselineGap`.
  case gap
  /// Report only: whether the baseline is first on its own board (no reference entry strictly better).
  case baselineFirst = "baseline_first"

  /// A gate that is reported but never fails a bundle.
  public var isReportOnly: Bool { self == .baselineFirst }

  /// Whether the gate reads the reference board (skipped without one).
  public var needsBoard: Bool { [.stability, .headroom, .learnable, .baselineFirst].contains(self) }

  /// The name printed by `tatami bundle check`.
  public var title: String {
    switch self {
    case .size: return "size"
    case .stability: return "stability"
    case .headroom: return "headroom"
    case .learnable: return "learnable"
    case .gap: return "gap"
    case .baselineFirst: return "baseline first (report only)"
    }
  }
}

/// The thresholds of the catalog gates; `standard` holds the defaults of /work/notes/catalog-v2.md.
public struct GateThresholds: Sendable, Equatable {
  /// size: the fewest Public answer rows (one row is one scored unit).
  public var minPublicRows: Int
  /// size: the fewest Private answer rows.
  public var minPrivateRows: Int
  /// stability: the lowest Spearman correlation of the reference entries' public and private scores.
  public var minSpearman: Double
  /// headroom: a reference entry closing this share of the gap or more is too close to perfect.
  public var maxClosed: Double
  /// learnable: the share of the gap the best reference entry must close at least.
  public var minBestClosed: Double
  /// gap: the baseline's |public − private| / |private| must stay below this.
  public var maxBaselineGap: Double

  public init(
    minPublicRows: Int = 300, minPrivateRows: Int = 700, minSpearman: Double = 0.7, maxClosed: Double = 0.98,
    minBestClosed: Double = 0.10, maxBaselineGap: Double = 0.25
  ) {
    self.minPublicRows = minPublicRows
    self.minPrivateRows = minPrivateRows
    self.minSpearman = minSpearman
    self.maxClosed = maxClosed
    self.minBestClosed = minBestClosed
    self.maxBaselineGap = maxBaselineGap
  }

  /// The defaults of the catalog-v2 spec.
  public static let standard = GateThresholds()
}

/// One number a gate measures and the bound it must keep.
public struct GateMeasure: Sendable, Equatable {
  /// How a value is compared with its threshold.
  public enum Comparison: String, Sendable, Equatable, Codable {
    case atLeast = ">="
    case above = ">"
    case below = "<"

    /// Whether `value` keeps the bound `threshold`.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
      switch self {
      case .atLeast: return value >= threshold
      case .above: return value > threshold
      case .below: return value < threshold
      }
    }
  }

  /// A snake_case name (`public_rows`, `spearman`, `best_closed`, …), stable for JSON.
  public var name: String
  /// The measured value; nil when it could not be measured (`GateResult.detail` says why).
  public var value: Double?
  public var comparison: Comparison
  public var threshold: Double

  public init(_ name: String, _ value: Double?, _ comparison: Comparison, _ threshold: Double) {
    self.name = name
    self.value = value
    self.comparison = comparison
    self.threshold = threshold
  }

  /// Whether the value was measured and keeps its bound.
  public var holds: Bool { value.map { comparison.holds($0, threshold) } ?? false }
}

/// The outcome of one gate on one bundle.
public struct GateResult: Sendable, Equatable {
  public enum Status: String, Sendable, Equatable, Codable {
    case passed, failed
    /// Not run: it needs the reference board and there is none.
    case skipped
  }

  public var gate: CatalogGate
  public var status: Status
  /// The numbers measured and their thresholds, in the order the gate states them.
  public var measures: [GateMeasure]
  /// One line saying what was measured, or why the gate could not be run.
  public var detail: String

  public init(gate: CatalogGate, status: Status, measures: [GateMeasure], detail: String) {
    self.gate = gate
    self.status = status
    self.measures = measures
    self.detail = detail
  }

  /// A result whose status follows from its measures: passed when every measure holds.
  init(gate: CatalogGate, measures: [GateMeasure], detail: String) {
    self.init(gate: gate, status: measures.allSatisfy(\.holds) ? .passed : .failed, measures: measures, detail: detail)
  }

  /// Whether this result fails the bundle: a failed gate that is not report-only.
  public var failsBundle: Bool { status == .failed && !gate.isReportOnly }
}

/// Public and private scores of one submission.
public struct ScorePair: Sendable, Equatable {
  public var publicScore: Double?
  public var privateScore: Double?

  public init(publicScore: Double?, privateScore: Double?) {
    self.publicScore = publicScore
    self.privateScore = privateScore
  }
}

/// One entry of a competition's reference board, as the gates read it (the Leaderboard module builds these).
public struct GateBoardEntry: Sendable, Equatable {
  public var team: String
  /// The bundle's own baseline row (`kind` = `baseline`): left out of every reference measure.
  public var isBaseline: Bool
  /// Nil when the board has no rankable score for this view (missing, non-finite, placeholder or outlier).
  public var publicScore: Double?
  public var privateScore: Double?

  public init(team: String, isBaseline: Bool, publicScore: Double?, privateScore: Double?) {
    self.team = team
    self.isBaseline = isBaseline
    self.publicScore = publicScore
    self.privateScore = privateScore
  }
}

/// Everything the gates read about one competition; `measure(_:board:)` fills it from a bundle.
public struct GateInputs: Sendable, Equatable {
  public var direction: ScoreDirection
  public var publicRows: Int
  public var privateRows: Int
  /// The answers scored as a submission; nil when they could not be (`problems` says why).
  public var perfect: ScorePair?
  /// The sample submission's scores; nil when it does not score.
  public var prior: ScorePair?
  /// The manifest's `baseline.scores`.
  public var baseline: ScorePair?
  /// The reference board's entries; nil when the competition has no reference board.
  public var board: [GateBoardEntry]?
  /// Why `perfect` or `prior` is missing.
  public var problems: [String]

  public init(
    direction: ScoreDirection, publicRows: Int, privateRows: Int, perfect: ScorePair?, prior: ScorePair?,
    baseline: ScorePair?, board: [GateBoardEntry]?, problems: [String] = []
  ) {
    self.direction = direction
    self.publicRows = publicRows
    self.privateRows = privateRows
    self.perfect = perfect
    self.prior = prior
    self.baseline = baseline
    self.board = board
    self.problems = problems
  }

  /// The share of the gap between the prior and perfect that `score` closes, on the Private rows.
  ///
  /// Direction-free: `(s − prior) / (perfect − prior)` is 1 at perfect and 0 at the prior for either direction.
  /// Nil when either end is unknown or the two coincide.
  public func closed(_ score: Double?) -> Double? {
    guard let score, let prior = prior?.privateScore, let perfect = perfect?.privateScore, perfect != prior else {
      return nil
    }
    return (score - prior) / (perfect - prior)
  }

  /// The board's entries without the baseline row.
  var referenceEntries: [GateBoardEntry] { (board ?? []).filter { !$0.isBaseline } }
}

/// Runs the catalog gates.
public enum CatalogGates {
  /// Every gate of `CatalogGate.allCases`, in that order.
  public static func evaluate(_ inputs: GateInputs, thresholds: GateThresholds = .standard) -> [GateResult] {
    CatalogGate.allCases.map { evaluate($0, inputs, thresholds) }
  }

  static func evaluate(_ gate: CatalogGate, _ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    if gate.needsBoard && inputs.board == nil {
      return GateResult(gate: gate, status: .skipped, measures: [], detail: "no reference board")
    }
    switch gate {
    case .size: return size(inputs, thresholds)
    case .stability: return stability(inputs, thresholds)
    case .headroom: return headroom(inputs, thresholds)
    case .learnable: return learnable(inputs, thresholds)
    case .gap: return gap(inputs, thresholds)
    case .baselineFirst: return baselineFirst(inputs)
    }
  }

  private static func size(_ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    GateResult(
      gate: .size,
      measures: [
        GateMeasure("public_rows", Double(inputs.publicRows), .atLeast, Double(thresholds.minPublicRows)),
        GateMeasure("private_rows", Double(inputs.privateRows), .atLeast, Double(thresholds.minPrivateRows)),
      ],
      detail: "\(inputs.publicRows) Public and \(inputs.privateRows) Private answer rows")
  }

  private static func stability(_ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    let pairs = inputs.referenceEntries.compactMap { entry -> (Double, Double)? in
      guard let publicScore = entry.publicScore, let privateScore = entry.privateScore else { return nil }
      return (publicScore, privateScore)
    }
    let rho = Spearman.correlation(pairs.map(\.0), pairs.map(\.1))
    let detail =
      rho == nil
      ? "Spearman undefined over \(pairs.count) reference entries with both scores (fewer than 3, or constant)"
      : "Spearman of public vs private scores over \(pairs.count) reference entries"
    return GateResult(
      gate: .stability, measures: [GateMeasure("spearman", rho, .atLeast, thresholds.minSpearman)], detail: detail)
  }

  /// The reference entry closing the largest share of the gap, on the Private rows.
  private static func best(_ inputs: GateInputs) -> (team: String, closed: Double)? {
    inputs.referenceEntries.compactMap { entry in inputs.closed(entry.privateScore).map { (entry.team, $0) } }
      .max { $0.1 < $1.1 }
  }

  private static func endsProblem(_ inputs: GateInputs) -> String {
    if let problem = inputs.problems.first { return problem }
    if inputs.perfect?.privateScore == nil { return "no perfect score" }
    if inputs.prior?.privateScore == nil { return "no prior score (sample submission)" }
    return "perfect and prior scores are equal (\(format(inputs.prior?.privateScore)))"
  }

  private static func headroom(_ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    let top = best(inputs)
    let detail =
      top.map { "best reference \($0.team) closes \(format($0.closed)) of the gap prior → perfect" }
      ?? "closed share undefined: \(endsProblem(inputs))"
    return GateResult(
      gate: .headroom, measures: [GateMeasure("best_closed", top?.closed, .below, thresholds.maxClosed)], detail: detail)
  }

  private static func learnable(_ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    let top = best(inputs)
    let baselineClosed = inputs.closed(inputs.baseline?.privateScore)
    var parts: [String] = []
    if let top { parts.append("best reference \(top.team) closes \(format(top.closed))") }
    if let baselineClosed {
      parts.append(
        "baseline \(format(inputs.baseline?.privateScore)) vs prior \(format(inputs.prior?.privateScore)) "
          + "(closed \(format(baselineClosed)))")
    } else if inputs.baseline?.privateScore == nil {
      parts.append("no baseline private score in the manifest")
    }
    if top == nil || baselineClosed == nil, inputs.closed(0) == nil { parts.append(endsProblem(inputs)) }
    return GateResult(
      gate: .learnable,
      measures: [
        GateMeasure("best_closed", top?.closed, .atLeast, thresholds.minBestClosed),
        // closed(baseline) > 0 exactly when the baseline is strictly better than the prior.
        GateMeasure("baseline_closed", baselineClosed, .above, 0),
      ],
      detail: parts.joined(separator: "; "))
  }

  private static func gap(_ inputs: GateInputs, _ thresholds: GateThresholds) -> GateResult {
    guard let publicScore = inputs.baseline?.publicScore, let privateScore = inputs.baseline?.privateScore else {
      return GateResult(
        gate: .gap, measures: [GateMeasure("baseline_gap", nil, .below, thresholds.maxBaselineGap)],
        detail: "no baseline public and private scores in the manifest")
    }
    let relative = relativeGap(publicScore, privateScore)
    return GateResult(
      gate: .gap, measures: [GateMeasure("baseline_gap", relative, .below, thresholds.maxBaselineGap)],
      detail: "baseline public \(format(publicScore)), private \(format(privateScore))")
  }

  /// |public − private| / |private|; with private 0, 0 when public is 0 too and infinity otherwise.
  public static func relativeGap(_ publicScore: Double, _ privateScore: Double) -> Double {
    if privateScore == 0 { return publicScore == 0 ? 0 : .infinity }
    return abs(publicScore - privateScore) / abs(privateScore)
  }

  private static func baselineFirst(_ inputs: GateInputs) -> GateResult {
    let baseline = inputs.baseline?.privateScore ?? inputs.board?.first(where: \.isBaseline)?.privateScore
    guard let baseline else {
      return GateResult(
        gate: .baselineFirst, status: .failed, measures: [GateMeasure("entries_better", nil, .above, 0)],
        detail: "no baseline private score")
    }
    let better = inputs.referenceEntries.count { entry in
      entry.privateScore.map { inputs.direction.isBetter($0, than: baseline) } ?? false
    }
    // Passed = the baseline is not first: some reference entry is strictly better on the Private rows.
    return GateResult(
      gate: .baselineFirst, measures: [GateMeasure("entries_better", Double(better), .above, 0)],
      detail: better == 0
        ? "the baseline is first on its own board" : "\(better) reference entries beat the baseline")
  }

  static func format(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return String(format: "%.6g", value)
  }
}

/// Spearman's rank correlation, ties given their average rank (scipy's `spearmanr`): the `spearman` metric's own
/// computation, so a board's stability and a submission's score agree.
public enum Spearman {
  /// The Pearson correlation of the average ranks of `x` and `y`; nil for fewer than 3 pairs, unequal
  /// lengths or a constant side.
  public static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
    guard x.count == y.count, x.count >= 3 else { return nil }
    return Metrics.spearman(x, y)
  }

  /// 1-based ranks in ascending order; tied values share the mean of the ranks they span.
  public static func averageRanks(_ values: [Double]) -> [Double] { Metrics.averageRanks(values) }
}
