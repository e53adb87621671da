import Foundation
import Testing

/// `tatami score` end to end: exit codes, the JSON report's fields, standard input.
struct ScoreCommandTests {
  let answers = TatamiBinary.fixture("answers.csv")

  @Test("a valid submission exits 0 with the contract's JSON fields")
  func validSubmission() throws {
    let outcome = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", TatamiBinary.fixture("submission.csv"), "--json"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let report = try outcome.json()
    #expect(report["valid_submission"] as? Bool == true)
    #expect(report["metric"] as? String == "roc_auc")
    #expect(report["higher_is_better"] as? Bool == true)
    #expect(report["public_score"] as? Double == 1.0)
    #expect(report["private_score"] as? Double == 0.75)
    #expect(report["score"] as? Double == 0.75)
    #expect(report["rows"] as? [String: Int] == ["submission": 6, "public": 2, "private": 4])
    #expect(report.keys.contains("error") && report["error"] is NSNull)
    #expect(report.keys.contains("competition") && report["competition"] is NSNull)
    #expect(report["seconds"] is Double)
  }

  @Test("a submission on standard input")
  func standardInput() throws {
    let submission = try Data(contentsOf: URL(fileURLWithPath: TatamiBinary.fixture("submission.csv")))
    let outcome = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", "-"], input: submission)
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("private score  0.75"))
  }

  @Test("an invalid submission exits 2 and names the row and column, in JSON and on stderr")
  func invalidSubmission() throws {
    let bad = Data("id,target\na,0.5\nb,high\n".utf8)
    let json = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", "-", "--json"], input: bad)
    #expect(json.status == 2)
    let error = try #require(try json.json()["error"] as? [String: Any])
    #expect(error["type"] as? String == "not_a_number")
    #expect(error["row"] as? Int == 3)
    #expect(error["column"] as? String == "target")
    #expect((error["hint"] as? String)?.isEmpty == false)
    #expect(try json.json()["valid_submission"] as? Bool == false)
    let text = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", "-"], input: bad)
    #expect(text.status == 2)
    #expect(text.stderr.contains("row 3, column 'target': 'high' is not a number"))
  }

  @Test("a duplicate id on standard input is named with the row it repeats on")
  func duplicateOnStandardInput() throws {
    let duplicate = Data("id,target\na,0.5\nb,0.1\na,0.5\n".utf8)
    let outcome = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", "-"], input: duplicate)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("id 'a' appears again on row 4"))
  }

  @Test(
    "harness-side failures exit 3 with their own error types and the CLI's hint naming `tatami metrics`",
    arguments: [
      (["--metric", "no_such_metric"], "unknown_metric"),
      (["--metric", "roc_auc", "--param", "k=3"], "bad_parameter"),
    ])
  func harnessFailures(arguments: [String], type: String) throws {
    let outcome = try TatamiBinary.run(["score", "--answers", answers] + arguments + [TatamiBinary.fixture("submission.csv"), "--json"])
    #expect(outcome.status == 3)
    let error = try #require(try outcome.json()["error"] as? [String: Any])
    #expect(error["type"] as? String == type)
    #expect((error["hint"] as? String)?.contains("run `tatami metrics`") == true)
    let text = try TatamiBinary.run(["score", "--answers", answers] + arguments + [TatamiBinary.fixture("submission.csv")])
    #expect(text.stderr.contains("hint: run `tatami metrics`"), "\(text.stderr)")
  }

  @Test("unreadable answers and a missing submission file are harness failures (exit 3)")
  func missingFiles() throws {
    let noAnswers = try TatamiBinary.run(["score", "--answers", "/nonexistent.csv", "--metric", "rmse", answers])
    #expect(noAnswers.status == 3)
    let noSubmission = try TatamiBinary.run(["score", "--answers", answers, "--metric", "roc_auc", "/nonexistent.csv"])
    #expect(noSubmission.status == 3)
    #expect(noSubmission.stderr.contains("cannot read /nonexistent.csv"))
  }

  @Test("arguments that do not parse exit 3, not argument-parser's 64")
  func badArguments() throws {
    #expect(try TatamiBinary.run(["score", "--no-such-flag"]).status == 3)
    #expect(try TatamiBinary.run(["score", "--answers", answers]).status == 3)
  }

  @Test("help exits 0 and explains the exit codes")
  func help() throws {
    let outcome = try TatamiBinary.run(["score", "--help"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("Exit codes"))
  }
}
