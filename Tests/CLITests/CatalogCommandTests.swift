import Foundation
import Testing

/// Runs the built `tatami` with an isolated TATAMI_HOME; returns exit code, stdout and stderr.
private func tatami(_ arguments: [String], home: String, directory: String? = nil) throws
  -> (code: Int32, out: String, err: String)
{
  let outcome = try TatamiBinary.run(
    arguments, environment: ["TATAMI_HOME": home, "PATH": "/usr/bin:/bin"], isolated: true, directory: directory ?? home)
  return (outcome.status, outcome.stdout, outcome.stderr)
}

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("CatalogTests/Fixtures").path

@Suite struct CatalogCommandTests {
  let home = NSTemporaryDirectory() + "tatami-cli-" + UUID().uuidString

  init() throws { try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true) }

  @Test("list --json and show find the fixture through --catalog")
  func listAndShow() throws {
    let list = try tatami(["list", "--json", "--catalog", fixtures], home: home)
    #expect(list.code == 0)
    let items = try #require(JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
    // The repository's own Competitions/ is always searched too, so the fixture is one entry among them.
    #expect(items.contains { $0["id"] as? String == "tiny-regression" })
    let show = try tatami(["show", "tiny-regression", "--catalog", fixtures], home: home)
    #expect(show.code == 0 && show.out.contains("rmse (lower is better)") && show.out.contains("# Tiny regression"))
    let showJSON = try tatami(["show", "tiny-regression", "--json", "--catalog", fixtures], home: home)
    let shown = try #require(JSONSerialization.jsonObject(with: Data(showJSON.out.utf8)) as? [String: Any])
    #expect(shown["leaderboard_size"] as? Int == 0)  // no reference board and no local entries yet
  }

  @Test("--tag matches tags, the task type, and tabular for every task but text and images")
  func tagsMatchTaskTypes() throws {
    func listed(_ tags: [String]) throws -> [[String: Any]] {
      let list = try tatami(["list", "--json"] + tags.flatMap { ["--tag", $0] }, home: home)
      #expect(list.code == 0)
      return try #require(JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
    }
    let all = try listed([])
    let tabular = try listed(["tabular"])
    let notTabular: Set = ["text", "image", "segmentation"]
    #expect(tabular.count == all.count { !notTabular.contains($0["task"] as? String ?? "") })
    // yrbss-physical-activity has no `tabular` tag; its task type, ordinal regression, is tabular.
    #expect(tabular.contains { $0["id"] as? String == "yrbss-physical-activity" })
    let ordinal = try listed(["ordinal_regression"])
    #expect(!ordinal.isEmpty && ordinal.allSatisfy { $0["task"] as? String == "ordinal_regression" })
    #expect(try listed(["tabular", "text"]).isEmpty)
  }

  @Test("an unknown id exits 3 with error: on stderr and the one JSON error shape")
  func unknownCompetition() throws {
    let result = try tatami(["show", "nope", "--json", "--catalog", fixtures], home: home)
    #expect(result.code == 3)
    #expect(result.err.hasPrefix("error: unknown competition 'nope'"))
    let object = try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: [String: Any]])
    let error = try #require(object["error"])
    #expect(error["type"] as? String == "unknown_competition")
    #expect((error["hint"] as? String)?.contains("run `tatami list`") == true)
    #expect((error["hint"] as? String)?.contains("--catalog or TATAMI_COMPETITIONS") == true)
    #expect(Set(error.keys) == ["type", "message", "hint", "row", "column"])
    #expect(error["row"] is NSNull && error["column"] is NSNull)
  }

  @Test("bundle check exits 0 on the fixture without catalog gates and 3 on a broken bundle; bad arguments exit 3")
  func checkExitCodes() throws {
    #expect(try tatami(["bundle", "check", fixtures + "/tiny-regression", "--no-catalog-gates"], home: home).code == 0)
    #expect(try tatami(["bundle", "check", fixtures], home: home).code == 3)
    #expect(try tatami(["list", "--no-such-option"], home: home).code == 3)
  }

  @Test("bundle check runs the catalog gates: the gate fixture passes (board beside it), tiny-regression fails size")
  func catalogGates() throws {
    let gateFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("LeaderboardTests/Fixtures/CatalogGates").path
    let passing = try tatami(["bundle", "check", gateFixture + "/Competitions/gate-pass", "--json"], home: home)
    #expect(passing.code == 0, "\(passing.out)\(passing.err)")
    let report = try #require(JSONSerialization.jsonObject(with: Data(passing.out.utf8)) as? [String: Any])
    #expect(Set(report.keys).isSuperset(of: ["path", "id", "valid", "problems", "files", "reference_board", "gates"]))
    let gates = try #require(report["gates"] as? [[String: Any]])
    #expect(gates.map { $0["gate"] as? String } == ["size", "stability", "headroom", "learnable", "gap", "baseline_first"])
    #expect(gates.allSatisfy { $0["status"] as? String == "passed" })
    let size = try #require(gates.first?["measures"] as? [[String: Any]])
    #expect(size.first?["name"] as? String == "public_rows" && size.first?["threshold"] as? Double == 300)
    #expect((report["reference_board"] as? String)?.hasSuffix("Leaderboards/gate-pass.csv") == true)

    // A relative path finds the board beside its catalog folder too.
    let relative = try tatami(["bundle", "check", "Competitions/gate-pass", "--json"], home: home, directory: gateFixture)
    #expect(relative.code == 0, "\(relative.out)\(relative.err)")
    let text = try tatami(["bundle", "check", gateFixture + "/Competitions/gate-pass"], home: home)
    #expect(text.out.contains("pass  size") && text.out.contains("public_rows 300 (>= 300)"), "\(text.out)")

    let tiny = try tatami(["bundle", "check", fixtures + "/tiny-regression"], home: home)
    #expect(tiny.code == 3)
    #expect(tiny.out.contains("FAIL  size") && tiny.err.contains("error: size: public_rows 1 (>= 300)"), "\(tiny)")
    // Named with --board, the fixture's board is read for a bundle elsewhere.
    let named = try tatami(
      ["bundle", "check", fixtures + "/tiny-regression", "--board", gateFixture + "/Leaderboards/gate-pass.csv", "--json"],
      home: home)
    let namedReport = try #require(JSONSerialization.jsonObject(with: Data(named.out.utf8)) as? [String: Any])
    #expect((namedReport["reference_board"] as? String)?.hasSuffix("gate-pass.csv") == true)
  }

  @Test("data extracts public files and refuses a non-empty target without --force")
  func data() throws {
    let arguments = ["data", "tiny-regression", "--to", "out", "--catalog", fixtures]
    #expect(try tatami(arguments, home: home).code == 0)
    #expect(FileManager.default.fileExists(atPath: home + "/out/train.csv"))
    #expect(FileManager.default.fileExists(atPath: home + "/out/description.md"))
    #expect(try tatami(arguments, home: home).code == 3)
    #expect(try tatami(arguments + ["--force"], home: home).code == 0)
  }
}
