import Testing

@testable import Leaderboard

/// Kaggle's medal table as MLE-bench applies it (anchors.md §5).
struct MedalTests {
  /// The anchors table transcribed literally, with Python's `int()` of a double product.
  static func tablePositions(_ n: Int) -> MedalPositions {
    let count = Double(n)
    switch n {
    case 1..<100:
      return MedalPositions(
        gold: max(1, Int(0.1 * count)), silver: max(1, Int(0.2 * count)), bronze: max(1, Int(0.4 * count)))
    case 100..<250:
      return MedalPositions(gold: 10, silver: max(1, Int(0.2 * count)), bronze: max(1, Int(0.4 * count)))
    case 250..<1000:
      return MedalPositions(gold: 10 + Int(0.002 * count), silver: 50, bronze: 100)
    default:
      return MedalPositions(
        gold: 10 + Int(0.002 * count), silver: max(1, Int(0.05 * count)), bronze: max(1, Int(0.1 * count)))
    }
  }

  @Test(
    "positions on boards of 50, 150, 500 and 2,000 teams, written out from the table",
    arguments: [
      (50, MedalPositions(gold: 5, silver: 10, bronze: 20)),
      (150, MedalPositions(gold: 10, silver: 30, bronze: 60)),
      (500, MedalPositions(gold: 11, silver: 50, bronze: 100)),
      (2000, MedalPositions(gold: 14, silver: 100, bronze: 200)),
    ])
  func positionsOnTheRequiredSizes(teams: Int, expected: MedalPositions) {
    #expect(MedalPositions.kaggle(teams: teams) == expected)
  }

  @Test(
    "positions at the table's boundaries and on tiny boards",
    arguments: [
      (1, MedalPositions(gold: 1, silver: 1, bronze: 1)),
      (5, MedalPositions(gold: 1, silver: 1, bronze: 2)),
      (19, MedalPositions(gold: 1, silver: 3, bronze: 7)),  // anchors' worked example
      (99, MedalPositions(gold: 9, silver: 19, bronze: 39)),
      (100, MedalPositions(gold: 10, silver: 20, bronze: 40)),
      (249, MedalPositions(gold: 10, silver: 49, bronze: 99)),
      (250, MedalPositions(gold: 10, silver: 50, bronze: 100)),
      (999, MedalPositions(gold: 11, silver: 50, bronze: 100)),
      (1000, MedalPositions(gold: 12, silver: 50, bronze: 100)),
      (4539, MedalPositions(gold: 19, silver: 226, bronze: 453)),
    ])
  func boundaries(teams: Int, expected: MedalPositions) {
    #expect(MedalPositions.kaggle(teams: teams) == expected)
  }

  @Test("integer division agrees with the table's floating-point floors for every size up to 10,000")
  func integerDivisionMatchesPython() {
    let mismatches = (1...10_000).filter { MedalPositions.kaggle(teams: $0) != Self.tablePositions($0) }
    #expect(mismatches.isEmpty)
    #expect(MedalPositions.kaggle(teams: 0) == nil)
  }

  @Test("thresholds are the scores at the positions, in either direction", arguments: [50, 150, 500, 2000])
  func thresholds(teams: Int) throws {
    let positions = try #require(MedalPositions.kaggle(teams: teams))
    // Lower is better: position p holds score p. Shuffled, since order in the file must not matter.
    let lower = try #require(MedalThresholds(scores: (1...teams).map(Double.init).shuffled(), higherIsBetter: false))
    #expect(lower.gold == Double(positions.gold))
    #expect(lower.silver == Double(positions.silver))
    #expect(lower.bronze == Double(positions.bronze))
    #expect(lower.median == Double(teams + 1) / 2)
    // Higher is better: position p holds score teams + 1 − p.
    let higher = try #require(MedalThresholds(scores: (1...teams).map(Double.init), higherIsBetter: true))
    #expect(higher.gold == Double(teams + 1 - positions.gold))
    #expect(higher.bronze == Double(teams + 1 - positions.bronze))
    // Exactly `position` teams reach each medal (inclusive thresholds, no ties here).
    let medals = (1...teams).map { lower.medal(for: Double($0)) }
    #expect(medals.count { $0 == .gold } == positions.gold)
    #expect(medals.count { $0 == .gold || $0 == .silver } == positions.silver)
    #expect(medals.count { $0 != nil } == positions.bronze)
  }

  @Test("a tie at the gold threshold gives every tied team gold; a hair worse gets silver")
  func tiesAtTheThreshold() throws {
    var scores = (1...50).map(Double.init)
    scores[5] = scores[4]  // positions 5 and 6 tie at the gold threshold (position 5)
    let thresholds = try #require(MedalThresholds(scores: scores, higherIsBetter: false))
    #expect(thresholds.gold == 5)
    #expect(scores.count { thresholds.medal(for: $0) == .gold } == 6)
    #expect(thresholds.medal(for: 5.000001) == .silver)
    #expect(thresholds.medal(for: 4.999999) == .gold)
  }

  @Test("the median is pandas' (mean of the middle two) and above_median is strict")
  func median() throws {
    let even = try #require(MedalThresholds(scores: [1, 2, 3, 4], higherIsBetter: true))
    #expect(even.median == 2.5)
    #expect(even.isAboveMedian(2.6) && !even.isAboveMedian(2.5))
    let odd = try #require(MedalThresholds(scores: (1...19).map(Double.init), higherIsBetter: false))
    #expect(odd.median == 10)
    #expect((odd.gold, odd.silver, odd.bronze) == (1, 3, 7))
    #expect(odd.isAboveMedian(9.9) && !odd.isAboveMedian(10))
  }
}
