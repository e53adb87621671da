import Foundation
import Testing

@testable import Leaderboard

/// Team names at the store's door (issue 9, finding D1): a newline forged a rank-1 row in `board --plain`.
struct TeamNameTests {
  @Test(
    "the store refuses names that would forge rows or drive a terminal, and records nothing",
    arguments: [
      "evil\n1    winner", "evil\r1", "\u{1B}[2Jwiped", "back\u{08}\u{08}space", "tab\tname", "\u{9B}31m", "",
      " leading", "trailing ", "rtl\u{202E}txet", "line\u{2028}separator", "zero\u{200B}width",
      String(repeating: "x", count: TeamName.maxLength + 1), "nul\0byte", "\u{7F}",
    ])
  func refusedNames(name: String) throws {
    let folder = try TemporaryDirectory()
    let store = try SubmissionStore(path: folder.path + "/board.sqlite")
    #expect(throws: StoreError.self) { try store.record(StoreTests.sample(name)) }
    do {
      try store.record([StoreTests.sample("fine"), StoreTests.sample(name)])
      Issue.record("\(name.debugDescription) was recorded")
    } catch {
      guard case .invalidTeamName(let refused, let reason) = error else {
        Issue.record("expected invalidTeamName, got \(error)")
        return
      }
      #expect(refused == name && !reason.isEmpty)
      #expect(error.message.utf8.count < 300 && !error.hint.isEmpty)
    }
    #expect(try store.submissions(competition: "comp").isEmpty, "a refused batch records nothing")
  }

  @Test(
    "letters of any script, digits, punctuation, symbols and inner spaces are fine",
    arguments: [
      "me", "team-01", "cmd:python3 examples/agent.py", "llm (gpt-4o-mini, t=0.2)", "Équipe 東京", "α/β #2",
      "😀 team", String(repeating: "x", count: TeamName.maxLength),
    ])
  func acceptedNames(name: String) throws {
    let folder = try TemporaryDirectory()
    let store = try SubmissionStore(path: folder.path + "/board.sqlite")
    try store.record(StoreTests.sample(name))
    #expect(try store.submissions(competition: "comp").map(\.team) == [name])
  }
}
