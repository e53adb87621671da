import Basics
import Testing

@testable import Leaderboard

/// HumanRank (MLE-Dojo), beats-baseline, the normalised score and standard competition ranks (docs/numbers.md).
struct ScoreDefinitionTests {
  @Test(
    "HumanRank on one board: 1 − strictly better / N, ties in the agent's favour",
    arguments: [
      (2.5, 0.5),  // 1 and 2 are better
      (1.0, 1.0),  // ties the best
      (0.5, 1.0),  // beats everyone
      (4.0, 0.25),  // ties the worst: three better
      (5.0, 0.0),
    ])
  func humanRankLowerIsBetter(score: Double, expected: Double) {
    #expect(HumanRank.onBoard(score, board: [4, 1, 3, 2], higherIsBetter: false) == expected)
  }

  @Test("HumanRank is the mean of the position scores, each board ranked with its own score")
  func humanRankHigherIsBetterAndMean() {
    #expect(HumanRank.onBoard(0.8, board: [0.9, 0.8, 0.8, 0.7], higherIsBetter: true) == 0.75)
    #expect(HumanRank.onBoard(0.8, board: [], higherIsBetter: true) == nil)
    #expect(HumanRank.onBoard(.nan, board: [1], higherIsBetter: true) == nil)
    // Public 0.8 on the public board: 1 of 4 better (0.75); private 0.5 on the private board: 3 of 4 (0.25).
    let yardstick = Yardstick(
      direction: ScoreDirection(higherIsBetter: true), publicReference: [0.9, 0.8, 0.7, 0.6],
      privateReference: [0.95, 0.85, 0.6, 0.2])
    let numbers = yardstick.numbers(publicScore: 0.8, privateScore: 0.5)
    #expect(numbers.publicPositionScore == 0.75)
    #expect(numbers.privatePositionScore == 0.25)
    #expect(numbers.humanRank == 0.5)
    // Ranking the private score on the public board too (the old mistake) would give (0.25 + 0.25) / 2.
    #expect(numbers.humanRank != HumanRank.mean([yardstick.positionScore(0.5, in: .public), 0.25]))
    // An empty board is left out of the mean rather than counted as 0.
    #expect(HumanRank.mean([0.5, nil]) == 0.5)
    #expect(HumanRank.mean([nil, nil]) == nil)
  }

  @Test("beats-baseline: strictly better than the exact baseline, in the metric's direction")
  func beatsBaseline() {
    let lower = ScoreDirection(higherIsBetter: false)
    let baseline = 0.052494525800060414
    #expect(BeatsBaseline.value(baseline, baseline: baseline, direction: lower) == false)  // a tie is no win
    #expect(BeatsBaseline.value(baseline.nextDown, baseline: baseline, direction: lower) == true)
    #expect(BeatsBaseline.value(0.0524951, baseline: baseline, direction: lower) == false)  // better than 0.052495 only
    #expect(BeatsBaseline.value(0.9, baseline: 0.8, direction: ScoreDirection(higherIsBetter: true)) == true)
    #expect(BeatsBaseline.value(0.9, baseline: nil, direction: lower) == nil)
  }

  private static let higher = ScoreDirection(higherIsBetter: true)
  private static let lower = ScoreDirection(higherIsBetter: false)

  private func normalized(_ score: Double, _ baseline: Double?, _ board: [Double], _ direction: ScoreDirection)
    -> Double?
  {
    NormalizedScore.value(score, baseline: baseline, reference: board, direction: direction)
  }

  @Test("normalised score: baseline 0, best reference 1 on ordinary boards, in both directions")
  func normalizedScore() {
    // Baseline below the median: RE-Bench's scale.
    #expect(isClose(normalized(0.7, 0.5, [0.9, 0.8, 0.6, 0.5], Self.higher), 0.5))
    #expect(isClose(normalized(0.9, 0.5, [0.9, 0.8, 0.6, 0.5], Self.higher), 1))
    #expect(isClose(normalized(0.6, 1.0, [0.2, 0.5, 0.9, 1.5], Self.lower), 0.5))
    #expect(isClose(normalized(0.2, 1.0, [0.2, 0.5, 0.9, 1.5], Self.lower), 1))
    // Ties: the baseline's score is 0, whatever the board.
    #expect(normalized(1.0, 1.0, [0.2, 0.5, 0.9, 1.5], Self.lower) == 0)
    #expect((normalized(0.1, 1.0, [0.2, 0.5, 0.9, 1.5], Self.lower) ?? .nan) > 1)
    #expect((normalized(1.2, 1.0, [0.2, 0.5, 0.9, 1.5], Self.lower) ?? .nan) < 0)
    #expect(normalized(0.5, nil, [0.2], Self.lower) == nil)
    #expect(normalized(0.5, 0.2, [], Self.lower) == nil)
  }

  @Test("normalised score stays in range when the baseline nears or beats every reference")
  func normalizedScoreEdgeCases() {
    let board = [0.80, 0.82, 0.84, 0.86, 0.88]  // median 0.84, best 0.88
    // The baseline beats every reference: the unit is its distance to the median (0.06), so the best
    // reference is −0.02 / 0.06 and the median −1, not a huge number from a near-zero denominator.
    #expect(isClose(normalized(0.88, 0.90, board, Self.higher), -1.0 / 3))
    #expect(isClose(normalized(0.84, 0.90, board, Self.higher), -1))
    #expect(isClose(normalized(0.96, 0.90, board, Self.higher), 1))
    // A baseline a hair below the best: the unit is the median distance, not best − baseline (1e-9).
    let close = normalized(0.85, 0.88 - 1e-9, board, Self.higher) ?? .nan
    #expect(close > -1 && close < 0)
    // Every reference score between the median and the best maps into [−1, 1] for any baseline.
    for baseline in stride(from: 0.7, through: 1.0, by: 0.01) {
      for score in [0.84, 0.86, 0.88] {
        let value = normalized(score, baseline, board, Self.higher) ?? .nan
        #expect(value >= -1 - 1e-12 && value <= 1 + 1e-12, "baseline \(baseline), score \(score): \(value)")
      }
    }
    // The same in the other direction (lower is better): a mirror image.
    #expect(isClose(normalized(0.12, 0.10, [0.12, 0.14, 0.16, 0.18, 0.20], Self.lower), -1.0 / 3))
    // Constant boards: with the baseline below the constant the unit is the gap; equal to it, undefined.
    #expect(isClose(normalized(0.9, 0.8, [0.9, 0.9, 0.9], Self.higher), 1))
    #expect(isClose(normalized(0.9, 1.0, [0.9, 0.9, 0.9], Self.higher), -1))
    #expect(normalized(0.95, 0.9, [0.9, 0.9, 0.9], Self.higher) == nil)
    #expect(normalized(.infinity, 0.5, board, Self.higher) == nil)
  }

  @Test("ranks are 1224: ties share a rank and skip the next")
  func competitionRanks() {
    #expect(ScoreDirection(higherIsBetter: true).ranks([0.9, 0.8, 0.8, 0.7]) == [1, 2, 2, 4])
    #expect(ScoreDirection(higherIsBetter: false).ranks([3, 1, 1, 2]) == [4, 1, 1, 3])
    #expect(ScoreDirection(higherIsBetter: false).ranks([]) == [])
  }
}
