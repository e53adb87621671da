import Bench
import Foundation
import Reports
import Testing

/// What tools/report_reference.py computes with numpy and scipy from the same fixture.
private struct Reference: Decodable {
  struct Value: Decodable {
    var mean: Double?
    var sem: Double?
  }

  var rates: [String: [String: Value]]
  var aup: [String: Double]
  var tau_max: Double
  var tau: [Double]
  var rho: [String: [Double]]
  var elo: [String: Double]
}

private func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
  switch (a, b) {
  case (nil, nil): return true
  case (let a?, let b?): return abs(a - b) <= tolerance * max(1, abs(b))
  default: return false
  }
}

/// Runs numpy and scipy on the fixture (a few seconds).
@Suite struct SlowReportNumbersTests {
  let folder = NSTemporaryDirectory() + "tatami-report-" + UUID().uuidString

  private func results() throws -> BenchResults {
    let path = try Fixture.load().writeBench(to: folder)
    return try BenchResults.load([BenchDirectory(path: path)])
  }

  private func report() throws -> BenchReport { BenchReport(try results()) }

  private func reference() throws -> Reference {
    try runReference("report_reference.py", arguments: [fixtureFile], output: "report.json", as: Reference.self)
  }

  @Test("per-agent rates, HumanRank and normalised score match numpy's per-seed mean and SEM (ddof 1)")
  func rates() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let report = try report()
    let reference = try reference()
    #expect(report.planned == 36 && report.missing == 1)
    for rates in report.rates {
      let expected = try #require(reference.rates[rates.agent])
      let pairs: [(String, Estimate)] = [
        ("any_medal", rates.anyMedal), ("gold", rates.gold), ("above_median", rates.aboveMedian),
        ("beats_baseline", rates.beatsBaseline), ("valid_submission", rates.validSubmission),
        ("human_rank", rates.humanRank), ("normalized_score", rates.normalizedScore),
      ]
      for (name, estimate) in pairs {
        let value = try #require(expected[name])
        #expect(close(estimate.mean, value.mean), "\(rates.agent) \(name) mean \(String(describing: estimate.mean))")
        #expect(close(estimate.standardError, value.sem), "\(rates.agent) \(name) SEM")
      }
    }
  }

  @Test("AUP, tau_max and the performance profile match MLGym's formulas in numpy")
  func profile() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let profile = try report().profile
    let reference = try reference()
    #expect(profile.methods == ["alpha", "beta", "gamma", PerformanceProfile.baselineMethod])
    #expect(close(profile.tauMax, reference.tau_max))
    #expect(profile.tau.count == 500 && zip(profile.tau, reference.tau).allSatisfy { close($0, $1) })
    for method in profile.methods {
      #expect(close(profile.aup[method], reference.aup[method]), "AUP of \(method)")
      #expect(profile.rho[method] == reference.rho[method], "rho of \(method)")
    }
    // The best agent is feasible and best on every competition of this fixture: its profile is 1 from tau = 0.
    #expect(profile.rho["alpha"]?.first == 1)
  }

  @Test("Elo ratings match a Bradley-Terry fit by scipy's optimiser, whatever the order of the games")
  func elo() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let results = try results()
    let report = BenchReport(results)
    let reference = try reference()
    for agent in report.agents {
      #expect(close(report.elo.ratings[agent], reference.elo[agent], tolerance: 1e-5), "Elo of \(agent)")
    }
    #expect(abs(report.elo.ratings.values.reduce(0, +) / 3 - 1000) < 1e-9)
    // The fit sees only the win matrix: any order of the same games gives the same ratings.
    let games = BenchReport.games(results, outcomes: report.outcomes)
    var generator = SeededGenerator(seed: 12)
    for _ in 0..<5 {
      let shuffled = EloRatings(agents: report.agents.reversed(), games: games.shuffled(using: &generator))
      for agent in report.agents {
        #expect(close(shuffled.ratings[agent], report.elo.ratings[agent], tolerance: 1e-9))
      }
    }
  }

  @Test("an agent that wins every game gets a finite rating; one seed has no standard error")
  func edgeCases() {
    let games = (0..<10).map { _ in EloRatings.Game(first: "a", second: "b", result: 1) }
    let elo = EloRatings(agents: ["a", "b"], games: games)
    let a = elo.ratings["a"] ?? .nan
    let b = elo.ratings["b"] ?? .nan
    // With one virtual draw, 10.5 wins out of 11 games: p = 21, so a − b = 400·log10(21).
    #expect(abs((a - b) - 400 * log10(21)) < 1e-6)
    let single = Estimate(perSeed: [42])
    #expect(single.mean == 42 && single.standardError == nil)
  }

  @Test("the MLE-bench grading report has its keys, totals and 5-decimal scores")
  func mleBench() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let report = try report()
    let reports = MLEBenchReport.reports(report, createdAt: "2026-12-01T00:00:00Z")
    #expect(reports.count == 9)
    let data = try JSONEncoder().encode(reports)
    let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    let first = try #require(objects.first)
    for key in ["total_runs", "total_runs_with_submissions", "total_valid_submissions", "total_medals",
                "total_gold_medals", "total_silver_medals", "total_bronze_medals", "total_above_median",
                "competition_reports"] {
      #expect(first[key] != nil, "missing \(key)")
    }
    let entry = try #require((first["competition_reports"] as? [[String: Any]])?.first)
    for key in ["competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold",
                "median_threshold", "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median",
                "submission_exists", "valid_submission", "is_lower_better", "created_at", "submission_path"] {
      #expect(entry.keys.contains(key), "missing \(key)")
    }
    // gamma never ran c-acc with seed 2: no submission, no medal, counted as a run.
    let gamma2 = try #require(reports.first { $0.agent == "gamma" && $0.seed == 2 })
    let missing = try #require(gamma2.competitionReports.first { $0.competitionID == "c-acc" })
    #expect(gamma2.totalRuns == 4 && !missing.submissionExists && !missing.validSubmission && missing.score == nil)
    for competition in reports.flatMap(\.competitionReports) {
      if let score = competition.score { #expect(score == (score * 1e5).rounded() / 1e5) }
      #expect(competition.anyMedal == (competition.goldMedal || competition.silverMedal || competition.bronzeMedal))
    }
  }
}

/// A small deterministic generator for shuffles (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
