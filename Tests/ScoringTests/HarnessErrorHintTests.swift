import Testing

@testable import Scoring

/// The library's hints name no command and no flag: the CLI renders those from the error's case (issue 8).
@Suite struct HarnessErrorHintTests {
  @Test(
    "no harness error's hint names a tatami command or a flag",
    arguments: [
      HarnessError.unknownMetric("x"), .badParameter(metric: "m", parameter: "k", reason: "r"),
      .unreadableFile(path: "p", reason: "r"), .invalidAnswers("d"), .undefinedScore(rows: "Public", reason: "r"),
      .badArguments("d"), .unknownCompetition("c"), .brokenBundle("d"), .internalError("d"),
    ])
  func hintsNameNoCommand(error: HarnessError) {
    #expect(!error.hint.contains("tatami ") && !error.hint.contains("--"), "\(error.type): \(error.hint)")
  }
}
