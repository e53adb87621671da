import Basics
import Testing

@testable import Leaderboard

/// HumanRank (MLE-Dojo), the normalised score and standard competition ranks.
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

  @Test("HumanRank with higher is better, ties and several boards")
  func humanRankHigherIsBetterAndMean() {
    #expect(HumanRank.onBoard(0.8, board: [0.9, 0.8, 0.8, 0.7], higherIsBetter: true) == 0.75)
    #expect(HumanRank.onBoard(0.8, board: [], higherIsBetter: true) == nil)
    // Public board: 1 of 4 better (0.75); private board: 2 of 5 better (0.6); the mean of the two.
    let mean = HumanRank.mean(0.8, boards: [[0.9, 0.8, 0.7, 0.6], [0.95, 0.85, 0.8, 0.1, 0.2]], higherIsBetter: true)
    #expect(mean == (0.75 + 0.6) / 2)
    // An empty board is left out of the mean rather than counted as 0.
    #expect(HumanRank.mean(0.8, boards: [[0.9, 0.7], []], higherIsBetter: true) == 0.5)
    #expect(HumanRank.mean(0.8, boards: [[], []], higherIsBetter: true) == nil)
  }

  @Test("normalised score: baseline 0, best reference 1, in both directions")
  func normalizedScore() {
    #expect(isClose(NormalizedScore.value(0.7, baseline: 0.5, best: 0.9), 0.5))
    #expect(isClose(NormalizedScore.value(0.6, baseline: 1.0, best: 0.2), 0.5))
    #expect(NormalizedScore.value(1.0, baseline: 1.0, best: 0.2) == 0)
    #expect((NormalizedScore.value(0.1, baseline: 1.0, best: 0.2) ?? .nan) > 1)
    #expect((NormalizedScore.value(1.2, baseline: 1.0, best: 0.2) ?? .nan) < 0)
    #expect(NormalizedScore.value(0.5, baseline: nil, best: 0.2) == nil)
    #expect(NormalizedScore.value(0.5, baseline: 0.2, best: 0.2) == nil)
  }

  @Test("ranks are 1224: ties share a rank and skip the next")
  func competitionRanks() {
    #expect(ScoreDirection(higherIsBetter: true).ranks([0.9, 0.8, 0.8, 0.7]) == [1, 2, 2, 4])
    #expect(ScoreDirection(higherIsBetter: false).ranks([3, 1, 1, 2]) == [4, 1, 1, 3])
    #expect(ScoreDirection(higherIsBetter: false).ranks([]) == [])
  }
}
