import Testing

@testable import Scoring

/// A probability metric with a [0, 1] domain, so range checks can be tested without a library metric.
private let meanProbability = Metric(
  name: "test_mean_probability", higherIsBetter: true, input: .numbers(.unitInterval), definition: "test only"
) { data, _ throws(MetricFailure) in
  let (_, predicted) = try data.singleNumberColumn()
  return predicted.reduce(0, +) / Double(predicted.count)
}

private let answers = "id,target,Usage\na,1,Public\nb,0,Private\nc,1,Private\nd,0,Public\n"

private func score(_ submission: String, answers: String = answers, metric: Metric = meanProbability) throws
  -> ScoreReport
{
  let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: metric)
  return Scorer(key: key, parameters: MetricParameters()).score(.bytes(Array(submission.utf8)))
}

private func submissionError(_ submission: String) throws -> SubmissionError? {
  guard case .submission(let error) = try score(submission).failure else { return nil }
  return error
}

struct SubmissionValidationTests {
  @Test("a valid submission in any row and column order scores Public and Private rows apart")
  func validSubmission() throws {
    let report = try score("target,id\r\n0.5,d\r\n0.25,c\r\n1,a\r\n0,b")
    #expect(report.failure == nil)
    #expect(report.validSubmission == true)
    #expect(report.publicScore == 0.75)
    #expect(report.privateScore == 0.125)
    #expect(report.score == 0.125)
    #expect(report.submissionRows == 4 && report.publicRows == 2 && report.privateRows == 2)
  }

  @Test(
    "every class of bad file is an invalid submission with a stable type, the row and the column",
    arguments: [
      ("", "empty_file", nil, nil),
      ("\u{FEFF}\n\n", "empty_file", nil, nil),
      ("id;target\na;1\n", "wrong_delimiter", nil, nil),
      ("id\ttarget\na\t1\n", "wrong_delimiter", nil, nil),
      ("id,target\na,\"0.5\nb,1\n", "malformed_csv", 2, nil),
      ("id,target\na,0.5\nb\n", "ragged_row", 3, nil),
      ("id,target,extra\na,1,2\n", "extra_column", nil, "extra"),
      ("id\na\n", "missing_column", nil, "target"),
      ("ID,target\na,1\n", "missing_column", nil, "id"),
      ("id,target,target\na,1,1\n", "duplicate_column", nil, "target"),
      ("id,target\na,1\nb,1\na,1\n", "duplicate_id", 4, nil),
      ("id,target\na,1\nb,1\nc,1\n", "missing_id", nil, nil),
      ("id,target\n", "missing_id", nil, nil),
      ("id,target\na,1\nz,1\n", "unknown_id", 3, nil),
      ("id,target\na,1\nA,1\n", "unknown_id", 3, nil),
      ("id,target\na,1\nb,\n", "missing_value", 3, "target"),
      ("id,target\na,1\nb,yes\n", "not_a_number", 3, "target"),
      ("id,target\na,1\nb,NaN\n", "non_finite", 3, "target"),
      ("id,target\na,1\nb,1e999\n", "overflow", 3, "target"),
      ("id,target\na,1\nb,1.5\n", "out_of_range", 3, "target"),
      ("id,target\na,1\nb,0.5\0\n", "nul_byte", 3, nil),
    ] as [(String, String, Int?, String?)])
  func invalidFile(submission: String, type: String, row: Int?, column: String?) throws {
    let error = try #require(try submissionError(submission))
    #expect(error.type == type, "\(error.message)")
    #expect(error.row == row)
    #expect(error.column == column)
    #expect(!error.message.isEmpty && !error.hint.isEmpty)
  }

  @Test("compressed and UTF-16 files are named for what they are")
  func binarySubmissions() throws {
    let gzip = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: meanProbability)
    let report = Scorer(key: gzip, parameters: MetricParameters()).score(.bytes([0x1F, 0x8B, 8, 0, 0]))
    #expect(report.failure == .submission(.binaryFile(kind: "gzip")))
    let utf16 = Array("id,target\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let utf16Report = Scorer(key: gzip, parameters: MetricParameters()).score(.bytes([0xFF, 0xFE] + utf16))
    guard case .submission(.encoding) = utf16Report.failure else {
      Issue.record("UTF-16 must be an encoding error, got \(String(describing: utf16Report.failure))")
      return
    }
  }

  @Test("integer ids match only their canonical spelling, and ids out of order are found")
  func integerIDs() throws {
    let integerAnswers = "id,target\n10,1\n2,0\n-3,1\n"
    #expect(try score("id,target\n-3,1\n10,0.5\n2,0\n", answers: integerAnswers).score == 0.5)
    let error = try score("id,target\n10,1\n02,0\n-3,1\n", answers: integerAnswers).failure
    #expect(error == .submission(.unknownID(id: "02", row: 3)))
  }

  @Test("ids that start as integers and turn into text keep matching, in any order")
  func mixedIDs() throws {
    let mixedAnswers = "id,target\n1,1\n2,0\nx-3,1\n4,0\n"
    #expect(try score("id,target\n4,0\nx-3,1\n1,0.5\n2,0\n", answers: mixedAnswers).score == 0.375)
    #expect(try score("id,target\n4,0\nx-3,1\n1,0.5\n2,0\n", answers: mixedAnswers).failure == nil)
    let error = try score("id,target\n1,0\n2,1\nx-3,1\n04,0\n", answers: mixedAnswers).failure
    #expect(error == .submission(.unknownID(id: "04", row: 5)))
  }

  @Test("a duplicate id names both rows, found again by re-reading the file")
  func duplicateRows() throws {
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: meanProbability)
    let report = Scorer(key: key, parameters: MetricParameters()).score(.bytes(Array("id,target\na,1\na,1\n".utf8)))
    #expect(report.failure == .submission(.duplicateID(id: "a", row: 3, firstRow: 2)))
  }

  @Test("a file past the size cap is refused")
  func sizeCap() throws {
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: meanProbability)
    let report = Scorer(key: key, parameters: MetricParameters(), sizeCap: 10).score(.bytes(Array(answers.utf8)))
    #expect(report.failure?.type == "file_too_large")
  }

  @Test("a missing submission file is a harness failure, not an invalid submission")
  func unreadableSubmission() throws {
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: meanProbability)
    let report = Scorer(key: key, parameters: MetricParameters()).score(.file("/nonexistent/submission.csv"))
    guard case .harness(.unreadableFile) = report.failure else {
      Issue.record("expected unreadable_file, got \(String(describing: report.failure))")
      return
    }
    #expect(report.validSubmission == nil)
  }
}

struct AnswerKeyTests {
  private func answersError(_ text: String, metric: Metric = meanProbability) -> HarnessError? {
    do {
      _ = try AnswerKey.read(.bytes(Array(text.utf8)), metric: metric)
      return nil
    } catch {
      return error
    }
  }

  @Test(
    "answers that cannot be scored are a harness error naming the problem",
    arguments: [
      "", "id,target\n", "id,target\na,1\na,0\n", "id,target,Usage\na,1,Secret\n", "id,target\na,x\n", "id\na\n",
      "id,target,target\na,1,1\n", "id,target\na\n", "id,target\n,1\n",
    ])
  func invalidAnswers(text: String) {
    guard case .invalidAnswers(let message) = answersError(text) else {
      Issue.record("\(text.debugDescription) must be invalid answers")
      return
    }
    #expect(!message.isEmpty)
  }

  @Test("binary metrics need 0/1 answers")
  func binaryAnswers() throws {
    let auc = try Metrics.require("roc_auc")
    #expect(answersError("id,target\na,1\nb,2\n", metric: auc) != nil)
    #expect(answersError("id,target\na,1\nb,0\n", metric: auc) == nil)
  }

  @Test("one class in the Public rows leaves the Public score undefined and keeps the valid Private score")
  func undefinedOnPublicAnswers() throws {
    let auc = try Metrics.require("roc_auc")
    let report = try score("id,target\na,0.1\nb,0.2\nc,0.3\nd,0.4\n", answers: "id,target,Usage\na,1,Public\nb,0,Private\nc,1,Private\nd,1,Public\n", metric: auc)
    #expect(report.failure == nil)
    #expect(report.privateScore == 1 && report.score == 1 && report.publicScore == nil)
    guard case .undefinedScore(rows: "Public", _) = report.publicProblem else {
      Issue.record("expected undefined_score on the Public rows, got \(String(describing: report.publicProblem))")
      return
    }
  }

  @Test("one class in the Private rows is a harness failure, not the submitter's")
  func undefinedOnPrivateAnswers() throws {
    let auc = try Metrics.require("roc_auc")
    let report = try score("id,target\na,0.1\nb,0.2\nc,0.3\nd,0.4\n", answers: "id,target,Usage\na,1,Private\nb,0,Public\nc,1,Public\nd,1,Private\n", metric: auc)
    guard case .harness(.undefinedScore(rows: "Private", _)) = report.failure else {
      Issue.record("expected undefined_score on the Private rows, got \(String(describing: report.failure))")
      return
    }
  }

  @Test("a metric handed answers of a shape it does not read is invalid_answers, not internal_error")
  func wrongShape() throws {
    // Two target columns for a metric that reads one: what a bundle pairing a metric with the wrong columns gets.
    let single = try Metrics.require("rmse")
    let report = try score("id,a,b\nx,1,2\n", answers: "id,a,b\nx,1,2\n", metric: single)
    guard case .harness(let error) = report.failure else {
      Issue.record("expected a harness failure, got \(String(describing: report.failure))")
      return
    }
    #expect(error.type == "invalid_answers")
    #expect(error.message.contains("rmse") && error.message.contains("one target column"))
  }

  @Test("Kaggle's PublicTest and PrivateTest Usage values are Public and Private")
  func kaggleUsageNames() throws {
    let rmse = try Metrics.require("rmse")
    let report = try score("id,y\na,1\nb,2\nc,4\n", answers: "id,y,Usage\na,1,PublicTest\nb,1,PrivateTest\nc,1,Ignored\n", metric: rmse)
    #expect(report.failure == nil && report.publicRows == 1 && report.privateRows == 1)
    #expect(report.publicScore == 0 && report.privateScore == 1)
  }

  @Test("the id column defaults to 'id', else the first column, and can be named")
  func idColumn() throws {
    let key = try AnswerKey.read(.bytes(Array("target,key\n1,0.5\n".utf8)), metric: meanProbability)
    #expect(key.idColumn == "target" && key.targetColumns == ["key"])
    let named = try AnswerKey.read(.bytes(Array("target,key\n1,0.5\n".utf8)), metric: meanProbability, idColumn: "key")
    #expect(named.idColumn == "key" && named.targetColumns == ["target"])
  }
}
