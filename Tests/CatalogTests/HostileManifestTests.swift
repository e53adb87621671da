import Basics
import Foundation
import Testing

@testable import Catalog

/// Manifests written to hang or crash the catalog (issue 9, findings C1 and C2).
struct HostileManifestTests {
  /// About 1 KB of YAML: nine levels of nine aliases each (9^9 "lol"s when expanded), the last used as a
  /// mapping key, which made Yams hash the whole expansion to look for duplicate keys.
  static let aliasBomb: String = {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...8 {
      let aliases = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
      lines.append("a\(level): &a\(level) [\(aliases)]")
    }
    return lines.joined(separator: "\n") + "\n? *a8\n: boom\n"
  }()

  private func decode(_ yaml: String) -> [BundleError] {
    switch Manifest.decode(yaml: yaml) {
    case .success: return []
    case .failure(let errors): return errors.all
    }
  }

  private var fixtureManifest: String {
    get throws { try String(contentsOfFile: fixtureBundle + "/competition.yaml", encoding: .utf8) }
  }

  @Test("C1: an alias bomb used as a mapping key is refused as a syntax problem, without composing it")
  func aliasBombKey() throws {
    let errors = decode(try fixtureManifest + Self.aliasBomb)
    #expect(errors.map(\.type) == ["manifest_syntax"], "\(errors)")
    #expect(errors.first?.message.contains("nodes") == true, "\(errors.map(\.message))")
  }

  @Test(
    "C1: aliases, lists and mappings as keys are refused, even small ones",
    arguments: ["x: &x a\n? *x\n: b\n", "? [a, b]\n: c\n", "{? {a: 1} : b}\n", "? - a\n: b\n"])
  func complexKeys(yaml: String) throws {
    let errors = decode(yaml)
    #expect(errors.count == 1 && errors.first?.type == "manifest_syntax")
    #expect(errors.first?.message.contains("mapping key must be a plain value") == true, "\(errors.map(\.message))")
  }

  @Test("C1: anchors and aliases within the bound still work in values")
  func aliasesInValues() throws {
    let manifest = try fixtureManifest.replacingOccurrences(
      of: "scores: {public: 1.5, private: 1.25}", with: "scores: {public: &score 1.5, private: *score}")
    guard case .success(let decoded) = Manifest.decode(yaml: manifest) else {
      Issue.record("a plain alias in a value must decode")
      return
    }
    #expect(decoded.baseline?.privateScore == 1.5)
  }

  @Test("C1: an alias bomb in values alone (no key) is refused by the expansion bound")
  func aliasBombValue() throws {
    let bomb = Self.aliasBomb.replacingOccurrences(of: "? *a8\n: boom\n", with: "z: *a8\n")
    let errors = decode(try fixtureManifest + bomb)
    #expect(errors.first?.type == "manifest_syntax" && errors.first?.message.contains("nodes") == true)
  }

  @Test("C1: the bomb bundle is reported and skipped; the catalog lists, finds and opens the good ones")
  func bombInCatalog() throws {
    let temporary = try TemporaryDirectory()
    let directory = temporary.path + "/competitions"
    _ = try temporary.copyOfFixture(named: "competitions/tiny-regression")
    let other = try temporary.copyOfFixture(named: "competitions/other")
    try edit(other + "/competition.yaml", replacing: "id: tiny-regression", with: "id: other-one")
    let bomb = try temporary.copyOfFixture(named: "competitions/bomb")
    try edit(bomb + "/competition.yaml", replacing: "id: tiny-regression", with: "id: bomb")
    let manifest = try fixtureManifest.replacingOccurrences(of: "id: tiny-regression", with: "id: bomb")
    try Data((manifest + Self.aliasBomb).utf8).write(to: URL(fileURLWithPath: bomb + "/competition.yaml"))
    let catalog = Catalog(directories: [directory], indexPath: temporary.path + "/index.json")
    let listing = catalog.list()
    #expect(listing.entries.map(\.id) == ["other-one", "tiny-regression"])
    #expect(listing.broken.map(\.problem.type) == ["manifest_syntax"])
    #expect(try catalog.find("tiny-regression").id == "tiny-regression")
    #expect(try CompetitionBundle.open(catalog.find("other-one").location).manifest.id == "other-one")
    #expect(!CompetitionBundle.check(bomb).problems.isEmpty)
  }
}

/// Durations and sizes past their stated maxima (issue 9, finding C2): `106751991167300d` passed `bundle check`
/// and overflowed the run's deadline arithmetic.
struct QuantityBoundTests {
  @Test(
    "durations past 30 days and sizes past 64 TiB are refused as too large, not parsed",
    arguments: ["106751991167300d", "9223372036854775807s", "31d", "2592001", "721h", "43201m"])
  func hugeDurations(text: String) {
    #expect(Quantities.seconds(text) == nil)
    #expect(throws: Quantities.Problem.tooLarge(maximum: Quantities.maxSeconds, maximumText: "30d")) {
      try Quantities.parseSeconds(text)
    }
  }

  @Test("the maxima themselves are accepted")
  func maxima() throws {
    #expect(try Quantities.parseSeconds("30d") == Quantities.maxSeconds)
    #expect(try Quantities.parseSeconds("720h") == Quantities.maxSeconds)
    #expect(try Quantities.parseBytes("64T") == Quantities.maxBytes)
    #expect(throws: Quantities.Problem.tooLarge(maximum: Quantities.maxBytes, maximumText: "64T")) {
      try Quantities.parseBytes("65T")
    }
    #expect(throws: Quantities.Problem.tooLarge(maximum: Quantities.maxBytes, maximumText: "64T")) {
      try Quantities.parseBytes("8388607T")
    }
  }

  @Test("a manifest's huge step_timeout, time or memory is an invalid value naming the maximum")
  func manifestLimits() throws {
    let manifest = try String(contentsOfFile: fixtureBundle + "/competition.yaml", encoding: .utf8)
    for (old, new) in [
      ("step_timeout: 90s", "step_timeout: 106751991167300d"), ("time: 15m", "time: 9999999999h"),
      ("memory: 512M", "memory: 9999999T"),
    ] {
      guard case .failure(let errors) = Manifest.decode(yaml: manifest.replacingOccurrences(of: old, with: new)) else {
        Issue.record("\(new) must be refused")
        continue
      }
      #expect(errors.all.map(\.type) == ["invalid_value"])
      #expect(errors.all.first?.message.contains("more than the maximum") == true, "\(errors.all.map(\.message))")
    }
  }
}
