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
}
