import Basics
import Arena
import Bench
import Foundation
import Leaderboard

/// MLE-bench's grading report (`mlebench/grade.py`), one per agent and seed: the totals and one
/// `competition_reports` entry per competition with the score rounded to 5 decimals, the private reference
/// board's thresholds, the medal flags, above-median, whether a submission exists and is valid.
public struct MLEBenchReport: Sendable, Encodable {
  public var agent: String
  public var seed: Int
  public var createdAt: String
  public var totalRuns: Int
  public var totalRunsWithSubmissions: Int
  public var totalValidSubmissions: Int
  public var totalMedals: Int
  public var totalGoldMedals: Int
  public var totalSilverMedals: Int
  public var totalBronzeMedals: Int
  public var totalAboveMedian: Int
  public var competitionReports: [CompetitionReport]

  public struct CompetitionReport: Sendable, Encodable {
    public var competitionID: String
    @ExplicitNull public var score: Double?
    @ExplicitNull public var goldThreshold: Double?
    @ExplicitNull public var silverThreshold: Double?
    @ExplicitNull public var bronzeThreshold: Double?
    @ExplicitNull public var medianThreshold: Double?
    public var anyMedal: Bool
    public var goldMedal: Bool
    public var silverMedal: Bool
    public var bronzeMedal: Bool
    public var aboveMedian: Bool
    public var submissionExists: Bool
    public var validSubmission: Bool
    public var isLowerBetter: Bool
    public var createdAt: String
    public var submissionPath: String

    enum CodingKeys: String, CodingKey {
      case competitionID = "competition_id", score, goldThreshold = "gold_threshold"
      case silverThreshold = "silver_threshold", bronzeThreshold = "bronze_threshold"
      case medianThreshold = "median_threshold", anyMedal = "any_medal", goldMedal = "gold_medal"
      case silverMedal = "silver_medal", bronzeMedal = "bronze_medal", aboveMedian = "above_median"
      case submissionExists = "submission_exists", validSubmission = "valid_submission"
      case isLowerBetter = "is_lower_better", createdAt = "created_at", submissionPath = "submission_path"
    }
  }

  /// One report per agent and seed, agents in bench order.
  public static func reports(_ report: BenchReport, createdAt: String) -> [MLEBenchReport] {
    report.agents.flatMap { agent in
      (0..<report.seeds).map { seed in
        let outcomes = report.outcomes.filter { $0.key.agent == agent && $0.key.seed == seed }
        let competitions = outcomes.map { competitionReport($0, context: report.contexts[$0.key.competition], createdAt: createdAt) }
        return MLEBenchReport(
          agent: agent, seed: seed, createdAt: createdAt, totalRuns: competitions.count,
          totalRunsWithSubmissions: competitions.count(where: \.submissionExists),
          totalValidSubmissions: competitions.count(where: \.validSubmission),
          totalMedals: competitions.count(where: \.anyMedal), totalGoldMedals: competitions.count(where: \.goldMedal),
          totalSilverMedals: competitions.count(where: \.silverMedal),
          totalBronzeMedals: competitions.count(where: \.bronzeMedal),
          totalAboveMedian: competitions.count(where: \.aboveMedian), competitionReports: competitions)
      }
    }
  }

  static func competitionReport(
    _ outcome: EpisodeOutcome, context: CompetitionContext?, createdAt: String
  ) -> CompetitionReport {
    let thresholds = context?.thresholds
    let record = outcome.record
    let path = record.flatMap { record in
      record.finalSubmissionStep.map { record.directory + String(format: "/submissions/step-%03d.csv", $0) }
    } ?? ""
    return CompetitionReport(
      competitionID: outcome.key.competition, score: outcome.score.map { ($0 * 1e5).rounded() / 1e5 },
      goldThreshold: thresholds?.gold, silverThreshold: thresholds?.silver, bronzeThreshold: thresholds?.bronze,
      medianThreshold: thresholds?.median, anyMedal: outcome.medal != nil, goldMedal: outcome.medal == .gold,
      silverMedal: outcome.medal == .silver, bronzeMedal: outcome.medal == .bronze, aboveMedian: outcome.aboveMedian,
      submissionExists: record?.finalSubmissionStep != nil, validSubmission: outcome.valid,
      isLowerBetter: !(context?.higherIsBetter ?? record?.higherIsBetter ?? true), createdAt: createdAt,
      submissionPath: path)
  }

  enum CodingKeys: String, CodingKey {
    case agent, seed, createdAt = "created_at", totalRuns = "total_runs"
    case totalRunsWithSubmissions = "total_runs_with_submissions", totalValidSubmissions = "total_valid_submissions"
    case totalMedals = "total_medals", totalGoldMedals = "total_gold_medals"
    case totalSilverMedals = "total_silver_medals", totalBronzeMedals = "total_bronze_medals"
    case totalAboveMedian = "total_above_median", competitionReports = "competition_reports"
  }
}
