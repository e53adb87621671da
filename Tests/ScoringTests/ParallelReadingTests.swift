import Foundation
import Testing

@testable import Scoring

/// Numeric files are read in two halves on two threads when large; with the threshold at 0 every file
/// is, so these tests check that the split never changes a score or an error report.
struct ParallelReadingTests {
  private static let rows = 2_000

  private static func answers(ids: [String]) -> String {
    "id,target,Usage\n" + ids.enumerated().map { "\($1),\($0 % 3 == 0 ? 1 : 0),\($0 % 2 == 0 ? "Public" : "Private")" }
      .joined(separator: "\n") + "\n"
  }

  private static func submission(ids: [String], quoted: Bool = false) -> String {
    "id,target\n" + ids.enumerated().map { "\(quoted ? "\"\($1)\"" : $1),\(Double($0 % 7) / 7)" }
      .joined(separator: "\n") + "\n"
  }

  /// The report with the parallel reader forced on, and with the sequential reader.
  private func reports(_ answers: String, _ submission: String) throws -> (parallel: ScoreReport, sequential: ScoreReport) {
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: try Metrics.require("roc_auc"))
    var parallel = Scorer(key: key, parameters: MetricParameters())
    parallel.parallelThreshold = 0
    var sequential = parallel
    sequential.parallelThreshold = .max
    let bytes = ByteSource.bytes(Array(submission.utf8))
    return (parallel.score(bytes), sequential.score(bytes))
  }

  @Test(
    "valid files score the same read in halves, in order or shuffled, with integer or text ids",
    arguments: [false, true], [false, true])
  func validFiles(shuffled: Bool, textIDs: Bool) throws {
    let ids = (0..<Self.rows).map { textIDs ? "row-\(String($0, radix: 16))" : String($0 * 3 + 5) }
    var order = Array(ids.indices)
    if shuffled { order = order.map { ($0 * 7919) % Self.rows } }
    let submission = "id,target\n" + order.map { "\(ids[$0]),\(Double($0 % 7) / 7)" }.joined(separator: "\n") + "\n"
    let (parallel, sequential) = try reports(Self.answers(ids: ids), submission)
    #expect(parallel.failure == nil)
    #expect(parallel.publicScore == sequential.publicScore && parallel.privateScore == sequential.privateScore)
    #expect(parallel.submissionRows == Self.rows)
  }

  @Test("a split inside a quoted field with line breaks falls back and still scores right")
  func quotedLineBreaks() throws {
    let ids = (0..<Self.rows).map { "id\n\($0)" }
    let (parallel, sequential) = try reports(
      Self.answers(ids: ids.map { "\"\($0)\"" }), Self.submission(ids: ids, quoted: true))
    #expect(parallel.failure == nil)
    #expect(parallel.score == sequential.score)
  }

  @Test(
    "errors anywhere in the file are reported exactly as the sequential reader reports them",
    arguments: [10, 1_000, 1_990])
  func errors(at position: Int) throws {
    let ids = (0..<Self.rows).map(String.init)
    var lines = Self.submission(ids: ids).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let variants = [
      lines.enumerated().map { $0 == position ? "\(ids[position]),oops" : $1 },
      lines.enumerated().map { $0 == position ? "\(ids[0]),0.5" : $1 },  // a duplicate of the first id
      lines.enumerated().map { $0 == position ? "x-unknown,0.5" : $1 },
    ]
    for variant in variants {
      let (parallel, sequential) = try reports(Self.answers(ids: ids), variant.joined(separator: "\n"))
      #expect(parallel.failure != nil)
      #expect(parallel.failure == sequential.failure)
    }
    lines.remove(at: position)
    let (parallel, sequential) = try reports(Self.answers(ids: ids), lines.joined(separator: "\n"))
    #expect(parallel.failure?.type == "missing_id" && parallel.failure == sequential.failure)
  }

  @Test("answers read in halves give the same key, also when ids turn from integers to text halfway")
  func answersInHalves() throws {
    let ids = (0..<Self.rows).map { $0 < 1_500 ? String($0) : "text-\($0)" }
    let answers = ByteSource.bytes(Array(Self.answers(ids: ids).utf8))
    let metric = try Metrics.require("roc_auc")
    let halves = try AnswerKey.read(answers, metric: metric, idColumn: nil, targetColumns: nil, parallelThreshold: 0)
    let whole = try AnswerKey.read(answers, metric: metric, idColumn: nil, targetColumns: nil, parallelThreshold: .max)
    #expect(halves.rowCount == Self.rows && halves.publicRowCount == whole.publicRowCount)
    #expect((0..<Self.rows).allSatisfy { halves.ids.text($0) == whole.ids.text($0) })
    let submission = ByteSource.bytes(Array(Self.submission(ids: ids.reversed()).utf8))
    let scores = [halves, whole].map { Scorer(key: $0, parameters: MetricParameters()).score(submission) }
    #expect(scores[0].failure == nil && scores[0].score == scores[1].score)
  }

  @Test("a problem in the answers' second half is reported as the sequential reader reports it")
  func answersErrorInSecondHalf() throws {
    let ids = (0..<Self.rows).map(String.init)
    let text = Self.answers(ids: ids).replacingOccurrences(of: "\n1990,0,Public", with: "\n1990,x,Public")
    #expect(text != Self.answers(ids: ids))
    let metric = try Metrics.require("roc_auc")
    var errors: [HarnessError] = []
    for threshold in [0, Int.max] {
      do {
        _ = try AnswerKey.read(.bytes(Array(text.utf8)), metric: metric, idColumn: nil, targetColumns: nil, parallelThreshold: threshold)
      } catch {
        errors.append(error)
      }
    }
    #expect(errors.count == 2 && errors[0] == errors[1])
  }

  @Test(
    "each problem in an answer row has its own message, the same read whole or in halves",
    arguments: [
      ("1990,0", "row 1992 has 2 fields but the header has 3"),
      (",0,Public", "row 1992: the id is empty"),
      ("1990,0,Hidden", "row 1992: Usage is 'Hidden'; it must be Public, Private or Ignored (or PublicTest, PrivateTest)"),
      ("1990,x,Public", "row 1992, column 'target': 'x' is not a finite number"),
      ("1990,0.5,Public", "row 1992, column 'target': 0.5 is not 0 or 1, which the metric needs"),
    ])
  func answerRowErrors(replacement: String, message: String) throws {
    let ids = (0..<Self.rows).map(String.init)
    let text = Self.answers(ids: ids).replacingOccurrences(of: "\n1990,0,Public\n", with: "\n\(replacement)\n")
    #expect(text != Self.answers(ids: ids))
    let metric = try Metrics.require("roc_auc")
    for threshold in [0, Int.max] {
      #expect(throws: HarnessError.invalidAnswers(message)) {
        try AnswerKey.read(.bytes(Array(text.utf8)), metric: metric, idColumn: nil, targetColumns: nil, parallelThreshold: threshold)
      }
    }
  }
}
