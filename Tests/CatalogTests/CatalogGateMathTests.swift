import Basics
import Catalog
import Testing

/// The numbers behind the catalog gates (docs/catalog-gates.md), on inputs small enough to check by hand.
struct CatalogGateMathTests {
  @Test(
    "Spearman with average ranks for ties matches scipy.stats.spearmanr",
    arguments: [
      ([1, 2, 2, 3, 5], [2, 1, 4, 3, 5], 0.6668859288553503),
      ([0.3, 0.1, 0.1, 0.1, 0.9, 0.5], [1, 2, 3, 3, 4, 0], -0.030802055181684874),
      ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
    ] as [([Double], [Double], Double)])
  func spearman(x: [Double], y: [Double], expected: Double) throws {
    let rho = try #require(Spearman.correlation(x, y))
    #expect(abs(rho - expected) < 1e-12, "\(rho) vs scipy \(expected)")
  }

  @Test("Spearman is undefined for fewer than 3 pairs and for a constant side")
  func spearmanUndefined() {
    #expect(Spearman.correlation([1, 2], [1, 2]) == nil)
    #expect(Spearman.correlation([1, 1, 1], [1, 2, 3]) == nil)
    #expect(Spearman.averageRanks([5, 1, 5, 3]) == [3.5, 1, 3.5, 2])
  }

  @Test("closed() is 1 at perfect and 0 at the prior in either direction")
  func closedShare() {
    let lower = inputs(direction: false, perfect: 0, prior: 10)
    #expect(lower.closed(0) == 1 && lower.closed(10) == 0 && lower.closed(2) == 0.8 && lower.closed(12) == -0.2)
    let higher = inputs(direction: true, perfect: 1, prior: 0.5)
    #expect(higher.closed(1) == 1 && higher.closed(0.5) == 0 && higher.closed(0.75) == 0.5)
    #expect(inputs(direction: true, perfect: 1, prior: 1).closed(0.9) == nil)
  }

  @Test("every gate of a hand-built passing input passes; without a board the board gates are skipped")
  func passingInputs() {
    var good = inputs(direction: false, perfect: 0, prior: 10)
    let results = CatalogGates.evaluate(good)
    #expect(results.map(\.gate) == CatalogGate.allCases)
    #expect(results.allSatisfy { $0.status == .passed }, "\(results.filter { $0.status != .passed })")
    good.board = nil
    let skipped = CatalogGates.evaluate(good).filter { $0.status == .skipped }.map(\.gate)
    #expect(skipped == [.stability, .headroom, .learnable, .baselineFirst])
  }

  @Test(
    "each threshold is a bound: just inside passes, just outside fails",
    arguments: [
      (CatalogGate.size, "publicRows", 299.0, 300.0),
      (.size, "privateRows", 699, 700),
      (.headroom, "best", 0.981, 0.979),
      (.learnable, "best", 0.099, 0.101),
      (.learnable, "baseline", 10, 9.99),
      (.gap, "baselinePublic", 2.5, 2.49),
    ])
  func bounds(gate: CatalogGate, field: String, failing: Double, passing: Double) {
    func result(_ value: Double) -> GateResult.Status {
      var input = inputs(direction: false, perfect: 0, prior: 10)
      switch field {
      case "publicRows": input.publicRows = Int(value)
      case "privateRows": input.privateRows = Int(value)
      case "best":  // reference entry k of 30 closes value · k / 30 of the gap (prior 10, perfect 0)
        input.board = (1...30).map { k in
          let score = 10 * (1 - value * Double(k) / 30)
          return GateBoardEntry(team: "zoo-\(k)", isBaseline: false, publicScore: score * 1.01, privateScore: score)
        }
      case "baseline": input.baseline = ScorePair(publicScore: value, privateScore: value)
      default: input.baseline = ScorePair(publicScore: value, privateScore: 2)  // gap (2.5 - 2) / 2 = 0.25
      }
      return CatalogGates.evaluate(input).first { $0.gate == gate }?.status ?? .skipped
    }
    #expect(result(failing) == .failed)
    #expect(result(passing) == .passed)
  }

  @Test("a baseline gap with private 0 passes only when public is 0 too")
  func zeroPrivate() {
    #expect(CatalogGates.relativeGap(0, 0) == 0)
    #expect(CatalogGates.relativeGap(0.1, 0) == .infinity)
  }

  /// Rows 300/700, 30 reference entries whose public and private scores rank alike, the best closing 0.9 of
  /// the gap, and a baseline (0.6 of the gap) that is not first.
  private func inputs(direction higherIsBetter: Bool, perfect: Double, prior: Double) -> GateInputs {
    let step = (perfect - prior) / 30
    var board = (1...30).map { k in
      GateBoardEntry(
        team: "zoo-\(k)", isBaseline: false, publicScore: prior + step * Double(k) * 0.9 * 1.01,
        privateScore: prior + step * Double(k) * 0.9)
    }
    let baseline = prior + (perfect - prior) * 0.6
    board.append(GateBoardEntry(team: "baseline", isBaseline: true, publicScore: baseline, privateScore: baseline))
    return GateInputs(
      direction: ScoreDirection(higherIsBetter: higherIsBetter), publicRows: 300, privateRows: 700,
      perfect: ScorePair(publicScore: perfect, privateScore: perfect),
      prior: ScorePair(publicScore: prior, privateScore: prior),
      baseline: ScorePair(publicScore: baseline, privateScore: baseline), board: board)
  }
}
