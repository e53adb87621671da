import Foundation
import Scoring
import Testing

@testable import Importers

/// The committed grader map: complete, consistent with the metric registry, and the same as docs/grader-map.csv.
struct GraderMapTests {
  @Test("one row per competition: MLE-bench's 75 and MLE-Dojo's 202, no duplicates")
  func counts() {
    #expect(GraderMap.rows(of: .mleBench).count == 75)
    #expect(GraderMap.rows(of: .mleDojo).count == 202)
    let keys = GraderMap.rows.map { "\($0.source.rawValue)/\($0.competition)" }
    #expect(Set(keys).count == keys.count)
  }

  @Test("every supported row names a registered metric whose parameters resolve and whose direction it records")
  func supportedRowsResolve() throws {
    for row in GraderMap.rows {
      guard let name = row.metric else {
        #expect(!row.note.isEmpty, "\(row.competition) is unsupported without a reason")
        continue
      }
      let metric = try #require(Metrics.named(name), "\(row.competition): unknown metric \(name)")
      #expect(throws: Never.self, "\(row.competition): parameters \(row.params)") { try metric.resolve(row.params) }
      #expect(row.higherIsBetter == metric.higherIsBetter, "\(row.competition): direction")
    }
  }

  @Test("docs/grader-map.csv lists the same competitions and metrics as the compiled table")
  func documentedTableMatches() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("docs/grader-map.csv"), encoding: .utf8)
    let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(rows.count == GraderMap.rows.count)
    for (line, row) in zip(rows, GraderMap.rows) {
      #expect(line[0] == row.source.rawValue && line[1] == row.competition)
      #expect(String(line[3]) == (row.metric ?? ""), "\(row.competition)")
    }
  }

  @Test("the Public share of ids is stable and close to the fraction asked for")
  func publicShare() {
    let ids = (0..<20_000).map { "id\($0)" }
    let inPublic = ids.filter { AnswerLayout.unitHash($0) < 0.3 }
    #expect(abs(Double(inPublic.count) / Double(ids.count) - 0.3) < 0.02)
    #expect(ids.map(AnswerLayout.unitHash) == ids.map(AnswerLayout.unitHash))
    #expect(ids.allSatisfy { (0..<1).contains(AnswerLayout.unitHash($0)) })
  }

  @Test("bundle ids are the anchors' ids lower-cased, other characters as hyphens")
  func bundleIDs() {
    #expect(Importer.bundleID("AI4Code") == "ai4code")
    #expect(Importer.bundleID("DontGetKicked") == "dontgetkicked")
    #expect(Importer.bundleID("a_b.c") == "a-b-c")
  }
}
