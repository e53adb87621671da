import Foundation
import Scoring
import Testing

/// The whole scoring path on CSV files against pandas + scikit-learn (`tools/engine_reference.py`): shuffled
/// rows, quoted string ids, CRLF and BOM, Usage sets, columns out of order, probabilities against labels.
struct EngineReferenceTests {
  struct EngineCase: Decodable {
    let name: String
    let metric: String
    let params: [String: String]
    let idColumn: String
    let `public`: Double
    let `private`: Double

    enum CodingKeys: String, CodingKey {
      case name, metric, params, idColumn = "id_column", `public`, `private`
    }
  }

  @Test("public and private scores of CSV files match pandas + scikit-learn")
  func scoresMatchReference() throws {
    var checked = 0
    _ = try ReferencePython.run("tools/engine_reference.py", output: "cases.json", as: [EngineCase].self) { folder in
      let cases = try JSONDecoder().decode(
        [EngineCase].self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
      for engineCase in cases {
        let files = folder.appendingPathComponent(engineCase.name)
        let metric = try Metrics.require(engineCase.metric)
        let key = try AnswerKey.read(
          .file(files.appendingPathComponent("answers.csv").path), metric: metric, idColumn: engineCase.idColumn)
        let scorer = Scorer(key: key, parameters: try metric.resolve(engineCase.params))
        let report = scorer.score(.file(files.appendingPathComponent("submission.csv").path))
        #expect(report.failure == nil, "\(engineCase.name): \(report.failure?.message ?? "")")
        #expect(isClose(report.publicScore, engineCase.public), "\(engineCase.name) public")
        #expect(isClose(report.privateScore, engineCase.private), "\(engineCase.name) private")
        #expect(report.score == report.privateScore)
        checked += 1
      }
    }
    #expect(checked == 12)
  }

  private func isClose(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= 1e-9 * max(abs(expected), 1e-3)
  }
}
