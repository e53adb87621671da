import Catalog
import Foundation
import Testing

/// `tatami bundle check`'s quality gates, each broken on a copy of the fixture, and on the whole catalog.
struct QualityGateTests {
  @Test(
    "each gate reports its problem",
    arguments: [
      ("public/sample_submission.csv", "id,y\n4,zero\n5,0\n", "sample submission scores"),
      ("public/test.csv", "id,x\n4,3.5\n5,4.5\n99,1\n", "test ids are the answers' ids"),
      ("public/train.csv", "id,x,y,humidity\n1,0.5,1.0,3\n", "description names every column"),
    ])
  func brokenGate(file: String, contents: String, gate: String) throws {
    let temporary = try TemporaryDirectory()
    let bundle = try temporary.copyOfFixture()
    #expect(CompetitionBundle.check(bundle).problems.isEmpty)
    try Data(contents.utf8).write(to: URL(fileURLWithPath: bundle + "/" + file))
    let problems = CompetitionBundle.check(bundle).problems
    #expect(problems.map(\.type) == ["failed_gate"])
    #expect(problems.first?.message.hasPrefix(gate) == true, "\(problems)")
  }

  @Test("every bundle of the repository's catalog passes bundle check")
  func wholeCatalog() throws {
    let competitions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Competitions")
    let archives = try FileManager.default.contentsOfDirectory(atPath: competitions.path).filter { $0.hasSuffix(".tar.gz") }
    #expect(archives.count >= 6)
    for archive in archives.sorted() {
      let problems = CompetitionBundle.check(competitions.appendingPathComponent(archive).path).problems
      #expect(problems.isEmpty, "\(archive): \(problems.map(\.message))")
    }
  }
}
