import Leaderboard
import Testing

/// Honest boards: a board of the catalog's model zoo is known as one, so every view can say its reference
/// teams are models, not people.
struct ModelBoardTests {
  private func board(kinds: [String?], format: ReferenceFormat = .tatami) -> ReferenceBoard {
    let rows = kinds.enumerated().map { index, kind in
      ReferenceRow(
        team: "team-\(index)", publicScore: ReferenceScore(value: Double(index)),
        privateScore: ReferenceScore(value: Double(index)), kind: kind, line: index + 2)
    }
    return ReferenceBoard(rows: rows, format: format)
  }

  @Test("a zoo board (kinds reference and baseline) is a board of models; human or imported boards are not")
  func modelZoo() {
    #expect(board(kinds: ["reference", "reference", "baseline"]).isModelZoo)
    #expect(!board(kinds: ["reference", "human", "baseline"]).isModelZoo)
    #expect(!board(kinds: ["baseline"]).isModelZoo)
    #expect(!board(kinds: [nil, nil]).isModelZoo)
    #expect(!board(kinds: ["reference"], format: .kaggle).isModelZoo)
    #expect(!ReferenceBoard.empty.isModelZoo)
  }

  @Test("the built leaderboard carries it into both views")
  func builtBoard() {
    func built(_ reference: ReferenceBoard) -> CompetitionBoard {
      BoardBuilder(
        competition: "c", title: "C", metric: "rmse", higherIsBetter: false, reference: reference, submissions: []
      ).build()
    }
    let zoo = built(board(kinds: ["reference", "reference", "reference", "baseline"]))
    #expect(zoo.publicBoard.referenceAreModels && zoo.privateBoard.referenceAreModels)
    #expect(!built(board(kinds: ["human", "human", "human"])).privateBoard.referenceAreModels)
  }
}
