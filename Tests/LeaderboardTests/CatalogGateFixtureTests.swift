import Catalog
import Foundation
import Leaderboard
import Testing

/// The catalog gates on a small bundle that passes them all (Fixtures/CatalogGates, written by its
/// make_fixture.py: 1,000 test rows, 300 Public, a board of 30 models and the baseline), and on copies that
/// break one gate each.
struct CatalogGateFixtureTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/CatalogGates"

  /// A copy of the fixture's Competitions/ and Leaderboards/ in a temporary folder, with `edit` applied.
  private func gates(_ edit: (_ bundle: String, _ board: String) throws -> Void = { _, _ in }) throws
    -> CatalogGateReport
  {
    let temporary = try TemporaryDirectory()
    for folder in ["Competitions", "Leaderboards"] {
      try FileManager.default.copyItem(atPath: Self.fixtures + "/" + folder, toPath: temporary.path + "/" + folder)
    }
    let bundle = temporary.path + "/Competitions/gate-pass"
    try edit(bundle, temporary.path + "/Leaderboards/gate-pass.csv")
    return try CatalogGateCheck.run(try CompetitionBundle.open(bundle))
  }

  private func status(_ report: CatalogGateReport) -> [CatalogGate: GateResult.Status] {
    Dictionary(uniqueKeysWithValues: report.results.map { ($0.gate, $0.status) })
  }

  @Test("the fixture passes every gate, reads its board beside the catalog folder, and the baseline is not first")
  func passing() throws {
    let report = try gates()
    #expect(report.failures.isEmpty, "\(report.failures)")
    #expect(report.results.allSatisfy { $0.status == .passed }, "\(report.results)")
    #expect(report.boardFiles.first?.hasSuffix("Leaderboards/gate-pass.csv") == true)
    let measures = Dictionary(report.results.flatMap(\.measures).map { ($0.name, $0) }) { first, _ in first }
    #expect(measures["public_rows"]?.value == 300 && measures["private_rows"]?.value == 700)
    #expect(measures["spearman"]?.value == 1)
    // The answers as a submission score 0 (the perfect rmse); the best model closes 0.95 of the gap.
    #expect(abs((measures["best_closed"]?.value ?? 0) - 0.95) < 1e-9)
  }

  @Test("size: 200 Public rows (100 turned Ignored) fail size and nothing else")
  func size() throws {
    let report = try gates { bundle, _ in
      try rewrite(bundle + "/private/answers.csv") { line in
        let id = Int(line.prefix { $0 != "," }) ?? 0
        return id % 10 == 2 ? line.replacingOccurrences(of: ",Public", with: ",Ignored") : line
      }
    }
    #expect(report.failures.map(\.gate) == [.size])
  }

  @Test("stability: public scores in the reverse order of the private ones")
  func stability() throws {
    let report = try gates { _, board in
      let lines = try String(contentsOfFile: board, encoding: .utf8).split(separator: "\n").map(String.init)
      var cells = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let publics = cells.map { $0[3] }
      for index in cells.indices { cells[index][3] = publics[publics.count - 1 - index] }
      try ([lines[0]] + cells.map { $0.joined(separator: ",") }).joined(separator: "\n")
        .write(toFile: board, atomically: true, encoding: .utf8)
    }
    #expect(report.failures.map(\.gate) == [.stability])
    #expect((report.results.first { $0.gate == .stability }?.measures.first?.value ?? 1) < 0)
  }

  @Test("headroom: a model within 1 % of perfect")
  func headroom() throws {
    let report = try gates { _, board in
      try append("0,zoo-near-perfect,0.1,0.1,0.1,2026-01-01T00:00:00Z,reference", to: board)
    }
    #expect(report.failures.map(\.gate) == [.headroom])
  }

  @Test("learnable: no model closes 10 % of the gap")
  func learnableBest() throws {
    let report = try gates { _, board in
      try rewrite(board) { line in
        guard line.hasSuffix(",reference") else { return line }
        var cells = line.split(separator: ",").map(String.init)
        cells[2] = "11.5"; cells[3] = "11.6"; cells[4] = "11.5"  // the prior's private rmse is 11.52
        return cells.joined(separator: ",")
      }
    }
    // Spearman is undefined with every model tied, so stability fails as well.
    #expect(Set(report.failures.map(\.gate)) == [.learnable, .stability])
    let measures = report.results.first { $0.gate == .learnable }?.measures ?? []
    #expect(measures.map(\.holds) == [false, true])
  }

  @Test("learnable: a baseline no better than the prior")
  func learnableBaseline() throws {
    let report = try gates { bundle, _ in
      try rewrite(bundle + "/competition.yaml") { line in
        line.hasPrefix("  scores:") ? "  scores: {public: 12.0, private: 12.0}" : line
      }
    }
    #expect(report.failures.map(\.gate) == [.learnable])
    #expect((report.results.first { $0.gate == .learnable }?.measures ?? []).map(\.holds) == [true, false])
  }

  @Test("gap: baseline public 0.5 against private 0.816")
  func gap() throws {
    let report = try gates { bundle, _ in
      try rewrite(bundle + "/competition.yaml") { line in
        line.hasPrefix("  scores:") ? "  scores: {public: 0.5, private: 0.8159131606453506}" : line
      }
    }
    #expect(report.failures.map(\.gate) == [.gap])
  }

  @Test("baseline first is reported, never failing: a baseline better than every model")
  func baselineFirst() throws {
    let report = try gates { bundle, _ in
      try rewrite(bundle + "/competition.yaml") { line in
        line.hasPrefix("  scores:") ? "  scores: {public: 0.3, private: 0.3}" : line
      }
    }
    #expect(report.failures.isEmpty)
    #expect(status(report)[.baselineFirst] == .failed)
  }

  @Test("without a reference board the board gates are skipped; --board's file is read instead")
  func boardLookup() throws {
    let report = try gates { _, board in try FileManager.default.removeItem(atPath: board) }
    #expect(report.boardFiles.isEmpty)
    #expect(report.results.filter { $0.status == .skipped }.map(\.gate) == [.stability, .headroom, .learnable, .baselineFirst])
    let temporary = try TemporaryDirectory()
    let file = try temporary.write("rank,team,score,public_score,private_score,submitted_at,kind\n", to: "empty.csv")
    let bundle = try CompetitionBundle.open(Self.fixtures + "/Competitions/gate-pass")
    #expect(try CatalogGateCheck.run(bundle, boardFile: file).boardFiles.isEmpty)
    let named = try CatalogGateCheck.run(bundle, boardFile: Self.fixtures + "/Leaderboards/gate-pass.csv")
    #expect(named.failures.isEmpty && named.boardFiles.count == 1)
  }

  @Test("the answers as a submission: a label column becomes one-hot columns for a probability metric")
  func perfectSubmissionOneHot() throws {
    let temporary = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Self.fixtures + "/Competitions/gate-pass", toPath: temporary.path + "/b")
    let bundle = temporary.path + "/b"
    try rewrite(bundle + "/competition.yaml") { line in
      switch line {
      case "  name: rmse": return "  name: multiclass_log_loss"
      case "  target_columns: [y]": return "  target_columns: [a, b]"
      default: return line
      }
    }
    try rewrite(bundle + "/private/answers.csv") { line in
      line.hasPrefix("id,") ? line : line.replacingOccurrences(of: #",\d+,"#, with: (Int(line.prefix { $0 != "," }) ?? 0) % 2 == 0 ? ",a," : ",b,", options: .regularExpression)
    }
    try rewrite(bundle + "/public/sample_submission.csv") { line in
      line.hasPrefix("id,") ? "id,a,b" : String(line.prefix { $0 != "," }) + ",0.5,0.5"
    }
    let opened = try CompetitionBundle.open(bundle)
    let inputs = GateInputs.measure(opened, scorer: try opened.scorer(), board: nil)
    #expect(inputs.problems.isEmpty, "\(inputs.problems)")
    #expect((inputs.perfect?.privateScore ?? 1) < 1e-12 && abs((inputs.prior?.privateScore ?? 0) - log(2)) < 1e-12)
  }

  @Test("the answers as a submission: zero counts score Poisson deviance's perfect 0, though predictions must be > 0")
  func perfectSubmissionPoisson() throws {
    let temporary = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Self.fixtures + "/Competitions/gate-pass", toPath: temporary.path + "/b")
    let bundle = temporary.path + "/b"
    try rewrite(bundle + "/competition.yaml") { $0 == "  name: rmse" ? "  name: poisson_deviance" : $0 }
    let answers = try String(contentsOfFile: bundle + "/private/answers.csv", encoding: .utf8)
    #expect(answers.contains(",0,Public"))  // y = 0 rows exist (x = 0 only on Public ids)
    let opened = try CompetitionBundle.open(bundle)
    let inputs = GateInputs.measure(opened, scorer: try opened.scorer(), board: nil)
    #expect(inputs.problems.isEmpty, "\(inputs.problems)")
    #expect((inputs.perfect?.publicScore ?? 1) < 1e-300 && (inputs.perfect?.privateScore ?? 1) < 1e-300)
    #expect((inputs.prior?.publicScore ?? 0) > 1)
  }
}

/// Rewrites a text file line by line.
private func rewrite(_ path: String, _ transform: (String) -> String) throws {
  let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
  try lines.map { $0.isEmpty ? "" : transform(String($0)) }.joined(separator: "\n")
    .write(toFile: path, atomically: true, encoding: .utf8)
}

private func append(_ line: String, to path: String) throws {
  try (String(contentsOfFile: path, encoding: .utf8) + line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}
