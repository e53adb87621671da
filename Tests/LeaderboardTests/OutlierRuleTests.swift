import Testing

@testable import Leaderboard

/// The placeholder and outlier rule for imported boards (docs/leaderboard.md).
struct OutlierRuleTests {
  /// 40 scores spread evenly over [0.25, 0.35]: a typical honest log-loss board.
  let honest = (0..<40).map { 0.25 + Double($0) * 0.0025 }

  @Test("sentinels such as 999999 and 1e6 among real scores are placeholders")
  func sentinels() {
    let flags = OutlierRule.standard.flags(honest + [999_999, 1e6, 9_999_999, -999_999, 1e27])
    #expect(flags.prefix(40).allSatisfy { $0 == nil })
    #expect(Array(flags.suffix(5)) == [.placeholder, .placeholder, .placeholder, .placeholder, .placeholder])
  }

  @Test(
    "values orders of magnitude off, not sentinel-shaped, are outliers (1.3e16, an R² of −3.7e9, 24,987,861)")
  func outliers() {
    let flags = OutlierRule.standard.flags(honest + [1.3e16, -3.7e9, 24_987_861])
    #expect(Array(flags.suffix(3)) == [.outlier, .outlier, .outlier])
  }

  @Test("a long honest tail stays ranked: a confident-wrong log loss of 34.5, an accuracy of 0.05")
  func honestTails() {
    #expect(OutlierRule.standard.flags(honest + [3.2, 15, 34.5]).allSatisfy { $0 == nil })
    // A crowded accuracy board (hundreds within 0.001) and one near-random submission.
    let crowded = (0..<300).map { 0.8 + Double($0 % 10) * 0.0001 }
    #expect(OutlierRule.standard.flags(crowded + [0.05, 0.5, 0.0]).allSatisfy { $0 == nil })
  }

  @Test("a board mostly made of sentinels is judged against its real scores (MLE-Dojo's gesture board)")
  func majorityOfSentinels() {
    let flags = OutlierRule.standard.flags(Array(repeating: 1e6, count: 60) + honest)
    #expect(flags.prefix(60).allSatisfy { $0 == .placeholder })
    #expect(flags.suffix(40).allSatisfy { $0 == nil })
  }

  @Test("a sentinel-looking value on a board of that magnitude is a real score")
  func largeScaleBoards() {
    let prices = (0..<50).map { 900_000 + Double($0) * 4_000 }
    #expect(OutlierRule.standard.flags(prices + [1_000_000, 999_999]).allSatisfy { $0 == nil })
  }

  @Test("too few real scores to judge: nothing is flagged")
  func tooFew() {
    #expect(OutlierRule.standard.flags([0.5, 999_999]).allSatisfy { $0 == nil })
    #expect(OutlierRule.standard.flags([]).isEmpty)
  }

  @Test("identical scores (MAD and mean deviation 0) do not divide by zero")
  func identicalScores() {
    let flags = OutlierRule.standard.flags(Array(repeating: 1.0, count: 10) + [0.0, 999_999])
    #expect(Array(flags.suffix(2)) == [nil, .placeholder])
  }
}
