import Testing

@testable import Leaderboard

/// The store's hints name no flag: the CLI names `--db` when it renders them (issue 8).
@Suite struct StoreErrorHintTests {
  @Test(
    "no store error's hint names a flag",
    arguments: [
      StoreError.cannotOpen(path: "p", reason: "r"), .notADatabase(path: "p"),
      .foreignDatabase(path: "p", detail: "d"), .corrupt(path: "p", detail: "d"),
      .newerSchema(path: "p", version: 9, supported: 1), .busy(path: "p", detail: "d"),
      .sqlite(code: 1, message: "m", statement: "s"), .invalidTeamName(name: "n", reason: "r"),
    ])
  func hintsNameNoFlag(error: StoreError) {
    #expect(!error.hint.contains("--") && !error.hint.contains("TATAMI_DB"), "\(error.message): \(error.hint)")
  }
}
