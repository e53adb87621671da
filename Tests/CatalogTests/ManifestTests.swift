import Basics
import Foundation
import Testing

@testable import Catalog

@Suite struct ManifestTests {
  let valid: String

  init() throws { valid = try String(contentsOfFile: fixtureBundle + "/competition.yaml", encoding: .utf8) }

  private func problems(_ yaml: String) -> [BundleError] {
    switch Manifest.decode(yaml: yaml) {
    case .success: return []
    case .failure(let errors): return errors.all
    }
  }

  private func replacing(_ old: String, with new: String) -> String {
    #expect(valid.contains(old))
    return valid.replacingOccurrences(of: old, with: new)
  }

  @Test("the fixture manifest decodes with every field")
  func decodesFixture() throws {
    let manifest = try Manifest.decode(yaml: valid).get()
    #expect(manifest.id == "tiny-regression")
    #expect(manifest.task == .regression)
    #expect(manifest.tags == ["tabular", "tiny"])
    #expect(manifest.metric == Manifest.MetricSpec(name: "rmse", params: [:]))
    #expect(manifest.submission.targetColumns == ["y"])
    #expect(
      manifest.baseline == Manifest.Baseline(script: "baseline/solution.py", publicScore: 1.5, privateScore: 1.25))
    #expect(
      manifest.limits == Manifest.Limits(steps: 5, timeSeconds: 900, stepTimeoutSeconds: 90, memoryBytes: 512 << 20))
    #expect(manifest.source.license == "CC0-1.0")
  }

  @Test("an unknown key is named with its path and line")
  func unknownKey() {
    let found = problems(replacing("  params: {}", with: "  parms: {}"))
    #expect(found == [.unknownKey(path: "metric.parms", line: 9, known: ["name", "params"])])
  }

  @Test("a missing required key is named, and every problem is reported at once")
  func missingKeyAndMore() {
    let yaml = replacing("title: \"Tiny regression: y from x\"\n", with: "").replacingOccurrences(
      of: "task: regression", with: "task: regresion\ncolour: blue")
    let types = problems(yaml).map(\.type)
    #expect(types.contains("missing_key"))
    #expect(types.contains("unknown_key"))
    #expect(types.contains("invalid_value"))
    #expect(problems(yaml).contains(.missingKey(path: "title")))
  }

  @Test("an unknown metric name is refused at metric.name")
  func badMetric() throws {
    let problem = try #require(problems(replacing("name: rmse", with: "name: rmsee")).first)
    guard case .invalidValue(let path, _, let value, let reason) = problem else {
      Issue.record("unexpected \(problem)")
      return
    }
    #expect(path == "metric.name" && value == "rmsee" && reason.contains("unknown metric"))
  }

  @Test("a parameter the metric does not take is refused at metric.params.<name>")
  func badMetricParameter() throws {
    let problem = try #require(problems(replacing("params: {}", with: "params: {k: 3}")).first)
    guard case .invalidValue(let path, _, let value, _) = problem else {
      Issue.record("unexpected \(problem)")
      return
    }
    #expect(path == "metric.params.k" && value == "3")
  }

  @Test(
    "values the schema refuses",
    arguments: [
      ("id: tiny-regression", "id: Tiny_Regression", "id"),
      ("format: 1", "format: 2", "format"),
      ("version: 1", "version: zero", "version"),
      ("target_columns: [y]", "target_columns: [y, y]", "submission.target_columns"),
      ("target_columns: [y]", "target_columns: [id, y]", "submission.target_columns"),
      ("time: 15m", "time: 15 minutes", "limits.time"),
      ("memory: 512M", "memory: lots", "limits.memory"),
      ("answers: private/answers.csv", "answers: ../answers.csv", "answers"),
    ])
  func invalidValues(old: String, new: String, path: String) throws {
    let problem = try #require(problems(replacing(old, with: new)).first)
    guard case .invalidValue(let reported, _, _, _) = problem else {
      Issue.record("unexpected \(problem)")
      return
    }
    #expect(reported == path)
  }

  @Test("a wrong YAML type is named")
  func wrongType() {
    #expect(
      problems(replacing("tags: [tabular, tiny]", with: "tags: tabular")) == [
        .wrongType(path: "tags", line: 6, expected: "a list, like [a, b]")
      ])
  }

  @Test("invalid YAML reports its line")
  func syntaxError() throws {
    let problem = try #require(problems("id: [unclosed\ntitle: x\n").first)
    #expect(problem.type == "manifest_syntax")
  }

  @Test(
    "durations and sizes",
    arguments: [
      ("90s", 90, nil), ("15m", 900, nil), ("2h", 7200, nil), ("45", 45, nil), ("512M", nil, 512 << 20),
      ("4G", nil, 4 << 30), ("64KiB", nil, 64 << 10), ("100", nil, 100),
    ] as [(String, Int?, Int?)])
  func quantities(text: String, seconds: Int?, bytes: Int?) {
    if let seconds { #expect(Quantities.seconds(text) == seconds) }
    if let bytes { #expect(Quantities.bytes(text) == bytes) }
  }

  @Test("malformed quantities are refused", arguments: ["", "m", "-5m", "1.5h", "10x", "0s", "99999999999999999999G"])
  func badQuantities(text: String) {
    #expect(Quantities.seconds(text) == nil)
    #expect(Quantities.bytes(text) == nil)
  }
}
