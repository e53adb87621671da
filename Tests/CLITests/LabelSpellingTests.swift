import Foundation
import Testing

/// Label spellings end to end: `tatami score` against graders that read the files with pandas
/// (`tools/label_reference.py`): `True`/`true`/`TRUE` for 1, `5.0` for 5, float labels under QWK, and
/// probabilities or booleans where no label means them (exit 2, `unknown_label`).
struct LabelSpellingTests {
  struct LabelCase: Decodable {
    let name: String
    let metric: String
    let params: [String: String]
    let `public`: Double?
    let `private`: Double?
    let error: String?
  }

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("every spelling scores what pandas-coercing graders score, and non-labels are refused")
  func spellingsMatchPandasGraders() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tatami-labels-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    try runReference(output: folder)
    let cases = try JSONDecoder().decode(
      [LabelCase].self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
    #expect(cases.count == 12)
    for labelCase in cases {
      let files = folder.appendingPathComponent(labelCase.name)
      var arguments = ["score", "--answers", files.appendingPathComponent("answers.csv").path, "--metric", labelCase.metric]
      for (key, value) in labelCase.params { arguments += ["--param", "\(key)=\(value)"] }
      arguments += [files.appendingPathComponent("submission.csv").path, "--json"]
      let outcome = try TatamiBinary.run(arguments)
      let report = try outcome.json()
      if let expectedError = labelCase.error {
        #expect(outcome.status == 2, "\(labelCase.name): exit \(outcome.status)")
        let error = try #require(report["error"] as? [String: Any], "\(labelCase.name): \(outcome.stdout)")
        #expect(error["type"] as? String == expectedError, "\(labelCase.name)")
        #expect(error["row"] as? Int == 2, "\(labelCase.name): the first data row is named")
        #expect((error["message"] as? String)?.contains("'1'") == true, "\(labelCase.name): the labels are listed")
      } else {
        #expect(outcome.status == 0, "\(labelCase.name): \(outcome.stdout) \(outcome.stderr)")
        #expect(isClose(report["public_score"] as? Double, labelCase.public), "\(labelCase.name) public")
        #expect(isClose(report["private_score"] as? Double, labelCase.private), "\(labelCase.name) private")
      }
    }
  }

  @Test("the hint says what to write for a probability and for True where labels are 1 and 2")
  func hintsNameTheCommonMistakes() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tatami-label-hints-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let answers = folder.appendingPathComponent("answers.csv").path
    try "id,y\n1,1\n2,2\n3,1\n".write(toFile: answers, atomically: true, encoding: .utf8)
    for (cells, expected) in [("1\n2,0.73\n3,1", "probability"), ("1\n2,True\n3,1", "True and False")] {
      let submission = folder.appendingPathComponent("submission.csv").path
      try "id,y\n1,\(cells)\n".write(toFile: submission, atomically: true, encoding: .utf8)
      let outcome = try TatamiBinary.run(["score", "--answers", answers, "--metric", "accuracy", submission, "--json"])
      #expect(outcome.status == 2)
      let error = try #require(try outcome.json()["error"] as? [String: Any])
      #expect(error["type"] as? String == "unknown_label")
      #expect(error["row"] as? Int == 3)
      #expect(error["column"] as? String == "y")
      #expect((error["hint"] as? String)?.contains(expected) == true, "\(error)")
      #expect((error["message"] as? String)?.contains("'1', '2'") == true, "\(error)")
    }
  }

  private func runReference(output: URL) throws {
    let python = ProcessInfo.processInfo.environment["TATAMI_PYTHON"] ?? Self.root.appendingPathComponent(".venv/bin/python").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [Self.root.appendingPathComponent("tools/label_reference.py").path, output.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "tools/label_reference.py failed (run tools/setup.sh): \(message)")
  }

  private func isClose(_ value: Double?, _ expected: Double?) -> Bool {
    guard let value, let expected else { return false }
    return abs(value - expected) <= 1e-12 * max(abs(expected), 1)
  }
}
