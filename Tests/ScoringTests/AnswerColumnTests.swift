import Foundation
import Testing

@testable import Scoring

/// Answer columns the submission does not have (a weight, a group), named by a metric parameter: the answer key
/// reads them beside the targets and hands them to the metric with the rows of each Usage set.
struct AnswerColumnTests {
  private static let rows = 40

  /// id, target, one answer-only column and Usage; `cell(row)` writes the answer-only column's cell.
  private static func answers(column: String = "weight", cell: (Int) -> String = { String(Double($0 % 5) + 0.5) })
    -> String
  {
    "id,y,\(column),Usage\n"
      + (0..<rows).map { "\($0),\(Double($0 * 3 % 17)),\(cell($0)),\($0 % 4 == 0 ? "Public" : "Private")" }
      .joined(separator: "\n") + "\n"
  }

  private static let groupAnswers = answers(column: "type") { "t\($0 % 3)" }

  private static let submission = "id,y\n" + (0..<rows).map { "\($0),\(Double($0 % 11))" }.joined(separator: "\n") + "\n"

  private func scorer(_ answers: String, _ metric: String, _ given: [String: String], parallel: Bool = false) throws
    -> Scorer
  {
    let metric = try Metrics.require(metric)
    let parameters = try metric.resolve(given)
    let key = try AnswerKey.read(
      .bytes(Array(answers.utf8)), metric: metric, parameters: parameters, idColumn: nil, targetColumns: nil,
      parallelThreshold: parallel ? 0 : .max)
    return Scorer(key: key, parameters: parameters)
  }

  /// The metric called directly on the rows of one Usage set, the answer columns cut to the same rows.
  private func directScore(_ metric: String, _ given: [String: String], rows: (Int) -> Bool) throws -> Double {
    let kept = (0..<Self.rows).filter(rows)
    let truth = kept.map { Double($0 * 3 % 17) }
    let predicted = kept.map { Double($0 % 11) }
    let groups = kept.map { Int32($0 % 3) }
    let columns = AnswerColumns(
      numbers: ["weight": kept.map { Double($0 % 5) + 0.5 }], groups: ["type": groups],
      groupNames: ["type": ["t0", "t1", "t2"]])
    let resolved = try Metrics.require(metric).resolve(given)
    return try Metrics.require(metric)(.numbers(truth: [truth], predicted: [predicted], answerColumns: columns), resolved)
  }

  @Test(
    "weights and groups reach the metric with the Public and the Private rows alike",
    arguments: [
      ("weighted_mae", ["weight_columns": "weight"], answers()),
      ("mean_log_mae_by_group", ["group_column": "type"], groupAnswers),
    ])
  func publicAndPrivateRows(_ metric: String, _ given: [String: String], _ answers: String) throws {
    for parallel in [false, true] {
      let report = try scorer(answers, metric, given, parallel: parallel).score(.bytes(Array(Self.submission.utf8)))
      #expect(report.failure == nil, "\(String(describing: report.failure))")
      #expect(report.publicScore == (try directScore(metric, given) { $0 % 4 == 0 }))
      #expect(report.privateScore == (try directScore(metric, given) { $0 % 4 != 0 }))
    }
  }

  @Test("a column named by a parameter is not a submission column")
  func notASubmissionColumn() throws {
    let key = try scorer(Self.answers(), "weighted_mae", ["weight_columns": "weight"]).key
    #expect(key.targetColumns == ["y"])
    let withWeights = "id,y,weight\n" + (0..<Self.rows).map { "\($0),1,1" }.joined(separator: "\n") + "\n"
    let report = try scorer(Self.answers(), "weighted_mae", ["weight_columns": "weight"])
      .score(.bytes(Array(withWeights.utf8)))
    #expect(report.failure?.type == "extra_column")
  }

  @Test("a missing answer column is invalid_answers naming the column and the parameter")
  func missingColumn() throws {
    #expect {
      try scorer(Self.answers(), "weighted_mae", ["weight_columns": "Weight_Daily"])
    } throws: { error in
      guard case .invalidAnswers(let detail) = error as? HarnessError else { return false }
      return detail.contains("'Weight_Daily'") && detail.contains("weight_columns")
    }
  }

  @Test("a weight that is not a number is invalid_answers on its line; True and False read as 1 and 0")
  func weightCells() throws {
    #expect {
      try scorer(Self.answers { $0 == 7 ? "heavy" : "1" }, "weighted_mae", ["weight_columns": "weight"])
    } throws: { error in
      guard case .invalidAnswers(let detail) = error as? HarnessError else { return false }
      return detail.contains("row 9") && detail.contains("'heavy'")
    }
    let flags = try scorer(Self.answers { $0 % 3 == 0 ? "True" : "false" }, "weighted_mae", ["weight_columns": "weight"])
    let digits = try scorer(Self.answers { $0 % 3 == 0 ? "1" : "0" }, "weighted_mae", ["weight_columns": "weight"])
    let submission = ByteSource.bytes(Array(Self.submission.utf8))
    let (flagged, numbered) = (flags.score(submission), digits.score(submission))
    #expect(flagged.failure == nil && flagged.publicScore == numbered.publicScore)
    #expect(flagged.privateScore == numbered.privateScore)
  }

  @Test("identity flags: a cell >= 0.5 or True is a member; below 0.5, False or empty is not")
  func identityFlags() throws {
    let cells = ["0.5", "0.49", "", "True", "false", "1"]
    let answers = "id,toxicity,male\n" + cells.enumerated().map { "\($0),0.\($0),\($1)" }.joined(separator: "\n") + "\n"
    let key = try scorer(answers, "bias_auc", ["identity_columns": "male"]).key
    #expect(key.answerColumns.numbers["male"] == [1, 0, 0, 1, 0, 1])
    #expect(key.targetColumns == ["toxicity"])
    #expect {
      try scorer(answers.replacingOccurrences(of: ",True", with: ",yes"), "bias_auc", ["identity_columns": "male"])
    } throws: { error in
      guard case .invalidAnswers(let detail) = error as? HarnessError else { return false }
      return detail.contains("'yes'")
    }
  }

  @Test("ICR's Class labels 0 and 1 name the columns class_0 and class_1")
  func labelsNamingSuffixedColumns() throws {
    let answers = "Id,Class\na,0\nb,1\nc,0\n"
    let metric = try Metrics.require("balanced_log_loss")
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: metric, targetColumns: ["class_0", "class_1"])
    let submission = "Id,class_0,class_1\na,0.8,0.2\nb,0.4,0.6\nc,0.5,0.5\n"
    let report = Scorer(key: key, parameters: try metric.resolve([:])).score(.bytes(Array(submission.utf8)))
    let direct = try metric(
      .numbers(truth: [[1, 0, 1], [0, 1, 0]], predicted: [[0.8, 0.4, 0.5], [0.2, 0.6, 0.5]]), try metric.resolve([:]))
    #expect(report.failure == nil && report.score == direct)
  }
}
