import Foundation
import Testing

/// `tatami import` end to end on the fixtures of `Fixtures/import` (tools/import_fixtures.py): each layout and
/// grader family is imported, checked, scored against tools/import_reference.py's port of the anchor's grader,
/// and shown on `tatami board` beside the imported human leaderboard with Kaggle medals.
struct SlowImportCommandTests {
  static let root = TatamiBinary.fixture("import")

  /// One fixture: its layout, its folder names and the data argument.
  struct Fixture: CustomStringConvertible, Sendable {
    let layout: String
    let name: String

    var competition: String {
      layout == "kaggle" ? "\(root)/kaggle/\(name)" : "\(root)/\(layout)/competitions/\(name)"
    }
    var data: [String] {
      switch layout {
      case "mle-bench": return ["--data", "\(root)/mle-bench/data/\(name)/prepared"]
      case "mle-dojo": return ["--data", "\(root)/mle-dojo/data/\(name)"]
      default: return []
      }
    }
    var description: String { "\(layout) \(name)" }
  }

  /// Every fixture folder of every layout (tiny-f1 is outside the grader map: see `refusals`).
  static let fixtures: [Fixture] = {
    let list = { (folder: String) in
      ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []).sorted()
    }
    return list("mle-bench/competitions").map { Fixture(layout: "mle-bench", name: $0) }
      + list("mle-dojo/competitions").map { Fixture(layout: "mle-dojo", name: $0) }
      + list("kaggle").filter { $0 != "tiny-f1" }.map { Fixture(layout: "kaggle", name: $0) }
  }()

  @Test("the fixtures cover every metric the grader map uses")
  func everyMappedMetricHasAFixture() throws {
    let map = try String(contentsOfFile: Self.packageRoot + "/docs/grader-map.csv", encoding: .utf8)
    // source, competition, grader, metric, ...: graders hold no commas, so a plain split reads the first columns.
    let rows = map.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    var covered: Set<Substring> = ["f1"]  // tiny-f1, imported with --metric f1
    for fixture in Self.fixtures {
      let row = rows.first { ($0[0] == fixture.layout || fixture.layout == "kaggle") && $0[1] == fixture.name }
      covered.insert(try #require(row, "\(fixture) is not in the grader map")[3])
    }
    let mapped = Set(rows.map { $0[3] }.filter { !$0.isEmpty })
    #expect(mapped.subtracting(covered).isEmpty, "metrics of the map without a fixture: \(mapped.subtracting(covered).sorted())")
  }

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// A temporary folder per test: Competitions/, Leaderboards/, the database and TATAMI_HOME.
  final class Folder: Sendable {
    let path = NSTemporaryDirectory() + "tatami-import-" + UUID().uuidString
    deinit { try? FileManager.default.removeItem(atPath: path) }
  }

  private let folder = Folder()
  var catalog: String { folder.path + "/Competitions" }
  var environment: [String: String] { ["TATAMI_HOME": folder.path + "/home", "TATAMI_DB": folder.path + "/lb.sqlite"] }

  func run(_ arguments: [String]) throws -> TatamiBinary.Outcome {
    try TatamiBinary.run(arguments, environment: environment)
  }

  @Test("import, bundle check, score as the grader does, board with the imported medals", arguments: fixtures)
  func importScoreBoard(_ fixture: Fixture) throws {
    let bundle = "\(catalog)/\(fixture.name)"
    // All rows Private (Kaggle folders keep their own Usage), so the final score is the grader's whole number.
    let imported = try run(
      ["import", fixture.layout, fixture.competition] + fixture.data + ["-o", bundle, "--public-fraction", "0", "--json"])
    try #require(imported.status == 0, "\(imported.stderr)")
    let id = try #require(try imported.json()["id"] as? String)
    let check = try run(["bundle", "check", bundle, "--no-catalog-gates"])
    #expect(check.status == 0, "\(check.stderr)")

    let submission = "\(Self.root)/submissions/\(fixture.name).csv"
    let scored = try run(
      ["score", id, submission, "--catalog", catalog, "--json", "--submit", "--team", "agent"])
    try #require(scored.status == 0, "\(scored.stdout)\(scored.stderr)")
    let score = try #require(try scored.json()["private_score"] as? Double)
    let expected = try #require(try Self.graderScores()[fixture.name], "no reference score for \(fixture.name)")
    #expect(abs(score - expected) <= 1e-9 * max(1, abs(expected)), "\(fixture): tatami \(score), grader \(expected)")

    let board = try run(["board", id, "--catalog", catalog, "--json"]).json()
    let human = try Self.humanScores(fixture)
    #expect(board["reference_teams"] as? Int == human.count)
    let thresholds = try #require(board["thresholds"] as? [String: Double])
    let positions = Self.kagglePositions(human.count)
    // Foundation's JSON reader can be one ulp off the printed double, hence the tolerance.
    let same = { (a: Double?, b: Double) in a.map { abs($0 - b) <= 1e-12 * max(1, abs(b)) } ?? false }
    #expect(same(thresholds["gold"], human[positions.gold - 1]), "gold \(String(describing: thresholds["gold"]))")
    #expect(same(thresholds["silver"], human[positions.silver - 1]))
    #expect(same(thresholds["bronze"], human[positions.bronze - 1]))
    let entries = try #require(board["entries"] as? [[String: Any]])
    let agent = try #require(entries.first { $0["team"] as? String == "agent" })
    let higher = try #require(board["higher_is_better"] as? Bool)
    let reaches = { (threshold: Double) in higher ? score >= threshold : score <= threshold }
    let medal: String? =
      reaches(human[positions.gold - 1])
      ? "gold" : reaches(human[positions.silver - 1]) ? "silver" : reaches(human[positions.bronze - 1]) ? "bronze" : nil
    #expect(agent["medal"] as? String == medal)
  }

  @Test("by default the answers without Usage get a stable Public share; rows the grader skips are Ignored")
  func publicShare() throws {
    let fixture = Fixture(layout: "mle-bench", name: "ventilator-pressure-prediction")
    let first = try run(["import", fixture.layout, fixture.competition] + fixture.data + ["-o", "\(catalog)/a", "--json"])
    let second = try run(["import", fixture.layout, fixture.competition] + fixture.data + ["-o", "\(catalog)/b", "--json"])
    try #require(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
    let report = try first.json()
    let publicRows = try #require(report["publicRows"] as? Int)
    let privateRows = try #require(report["privateRows"] as? Int)
    #expect(report["ignoredRows"] as? Int == 20)  // u_out == 1: one row in three of the 60
    #expect(publicRows > 5 && privateRows > publicRows && publicRows + privateRows == 40)
    let answers = { (name: String) in try String(contentsOfFile: "\(catalog)/\(name)/private/answers.csv", encoding: .utf8) }
    #expect(try answers("a") == answers("b"))
  }

  @Test("an unsupported grader, a competition outside the map, missing data and an existing output are refused")
  func refusals() throws {
    let bench = "\(Self.root)/mle-bench/competitions/leaf-classification"
    let noData = try run(["import", "mle-bench", bench, "--data", folder.path + "/nowhere", "-o", "\(catalog)/x"])
    #expect(noData.status == 3 && noData.stderr.contains("no prepared data"), "\(noData.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(catalog)/x"))

    let unmapped = try run(["import", "kaggle", "\(Self.root)/kaggle/tiny-f1", "-o", "\(catalog)/tiny-f1"])
    #expect(unmapped.status == 3 && unmapped.stderr.contains("not in the grader map"), "\(unmapped.stderr)")
    let given = try run(["import", "kaggle", "\(Self.root)/kaggle/tiny-f1", "--metric", "f1", "-o", "\(catalog)/tiny-f1"])
    #expect(given.status == 0, "\(given.stderr)")
    let again = try run(["import", "kaggle", "\(Self.root)/kaggle/tiny-f1", "--metric", "f1", "-o", "\(catalog)/tiny-f1"])
    #expect(again.status == 3 && again.stderr.contains("already exists"), "\(again.stderr)")

    // A definition whose grader the map marks unsupported: a copy of a fixture under an unsupported id.
    let lyft = "3d-object-detection-for-autonomous-vehicles"
    let unsupported = folder.path + "/def/" + lyft
    try FileManager.default.createDirectory(atPath: unsupported, withIntermediateDirectories: true)
    try "id: \(lyft)\nname: Lyft\ndataset:\n  answers: \(lyft)/prepared/private/test.csv\n  sample_submission: x.csv\n"
      .write(toFile: unsupported + "/config.yaml", atomically: true, encoding: .utf8)
    let refused = try run(
      ["import", "mle-bench", unsupported, "--data", "\(Self.root)/mle-bench/data/leaf-classification/prepared",
       "-o", "\(catalog)/lyft"])
    #expect(refused.status == 3 && refused.stderr.contains("not supported: Lyft 3-D box mAP"), "\(refused.stderr)")
  }

  @Test("--all imports every competition under a folder and says which were not imported and why")
  func importAll() throws {
    let outcome = try run(
      ["import", "mle-dojo", "--all", "\(Self.root)/mle-dojo/competitions", "--data", "\(Self.root)/mle-dojo/data",
       "-o", catalog])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let count = Self.fixtures.count { $0.layout == "mle-dojo" }
    #expect(outcome.stdout.contains("\(count) of \(count) imported"), "\(outcome.stdout)")
    #expect(outcome.stderr.contains("\(count)/\(count)"))
    // Without any prepared data nothing is imported, and the summary says why for each competition.
    let partial = try run(
      ["import", "mle-bench", "--all", "\(Self.root)/mle-bench/competitions", "--data", folder.path + "/empty",
       "-o", folder.path + "/other"])
    #expect(partial.status == 3)
    let benchCount = Self.fixtures.count { $0.layout == "mle-bench" }
    #expect(partial.stdout.contains("missing_data") && partial.stdout.contains("0 of \(benchCount) imported"), "\(partial.stdout)")
  }

  // MARK: references

  /// The scores of the graders' ports, computed once per test process.
  static func graderScores() throws -> [String: Double] {
    try cachedScores.get()
  }

  private static let cachedScores = Result { () throws -> [String: Double] in
    let python = ProcessInfo.processInfo.environment["TATAMI_PYTHON"] ?? packageRoot + "/.venv/bin/python"
    let output = NSTemporaryDirectory() + "tatami-import-reference-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: output) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [packageRoot + "/tools/import_reference.py", output]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ReferenceError(description: "tools/import_reference.py failed; run tools/setup.sh for .venv")
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: output + "/grader_scores.json"))
    return try JSONDecoder().decode([String: Double].self, from: data)
  }

  struct ReferenceError: Error, CustomStringConvertible { let description: String }

  /// The fixture's human board in Kaggle rank order (the private one for MLE-Dojo and Kaggle).
  static func humanScores(_ fixture: Fixture) throws -> [Double] {
    let path: String
    switch fixture.layout {
    case "mle-bench": path = "\(fixture.competition)/leaderboard.csv"
    case "mle-dojo": path = "\(fixture.competition)/info/private_leaderboard.csv"
    default:
      let names = try FileManager.default.contentsOfDirectory(atPath: fixture.competition)
      path = "\(fixture.competition)/" + (try #require(names.first { $0.contains("privateleaderboard") }))
    }
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ",").map(String.init)
    let column = try #require(header.firstIndex { $0.lowercased() == "score" })
    return try lines.dropFirst().map { line in
      try #require(Double(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[column]))
    }
  }

  /// MLE-bench's medal positions for N teams (anchors.md §5), written out again here as the test's own reference.
  static func kagglePositions(_ teams: Int) -> (gold: Int, silver: Int, bronze: Int) {
    switch teams {
    case ..<100: return (max(1, Int(0.1 * Double(teams))), max(1, Int(0.2 * Double(teams))), max(1, Int(0.4 * Double(teams))))
    case 100..<250: return (10, Int(0.2 * Double(teams)), Int(0.4 * Double(teams)))
    case 250..<1000: return (10 + Int(0.002 * Double(teams)), 50, 100)
    default: return (10 + Int(0.002 * Double(teams)), Int(0.05 * Double(teams)), Int(0.1 * Double(teams)))
    }
  }
}
