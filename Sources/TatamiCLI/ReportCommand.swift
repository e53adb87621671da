import Basics
import ArgumentParser
import Bench
import Catalog
import Foundation
import Reports

/// What `tatami report` prints.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, csv
  case mleBench = "mle-bench"
}

/// `tatami report`: the numbers of one or more benches, merged.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Medal rates, HumanRank, AUP and Elo over benches, per agent and per competition.",
    discussion: """
      Examples:
        tatami report demo
        tatami report demo --html demo.html
        tatami report demo --json > demo.json
        tatami report demo --format mle-bench

      BENCH is a bench name ($TATAMI_HOME/benches/NAME) or a directory; a directory of shards \
      (shards/*/ from --shard or --emit slurm) is merged, and so are several BENCH arguments. Per agent: any \
      medal, gold, above median, beats baseline and valid submission (% of competitions), HumanRank and the \
      normalised score, each per seed then mean ± standard error over seeds; AUP (MLGym's performance \
      profile) and Elo (a Bradley–Terry fit of pairwise comparisons). Definitions: docs/reports.md. \
      --csv prints one row per episode; --format mle-bench prints MLE-bench's grading report per agent and seed.
      """)

  @Argument(help: "Bench names or directories.")
  var benches: [String]

  @Flag(help: "Print the report as JSON.")
  var json = false

  @Flag(help: "Print one CSV row per episode.")
  var csv = false

  @Option(help: ArgumentHelp("Write the report as a self-contained HTML page with plots.", valueName: "file"))
  var html: String?

  @Option(help: ArgumentHelp("text, json, csv or mle-bench.", valueName: "format"))
  var format: ReportFormat?

  func validate() throws {
    guard !benches.isEmpty else { throw ValidationError("name at least one bench") }
    guard [json, csv, format != nil].count(where: { $0 }) <= 1 else {
      throw ValidationError("give one of --json, --csv and --format")
    }
  }

  func run() throws {
    let home = CommandContext(catalog: nil).locations.home
    let directories = benches.map { bench in
      BenchDirectory(path: bench.contains("/") || FileManager.default.fileExists(atPath: bench)
        ? BenchCommand.absolute(bench) : home + "/benches/" + bench)
    }
    let results: BenchResults
    do {
      results = try BenchResults.load(directories)
    } catch {
      Output.printError("error: \(error.description)")
      throw ExitCode(3)
    }
    results.warnings.forEach { Output.printError("warning: \($0)") }
    let report = BenchReport(results)
    if report.missing > 0 {
      Output.printError("warning: \(report.missing) of \(report.planned) planned episodes have no result "
        + "(\(report.failed) failed); they count as without a valid submission")
    }
    if let html {
      try Data(ReportHTML.render(report).utf8).write(to: URL(fileURLWithPath: html))
      Output.printError("wrote \(html)")
    }
    switch format ?? (json ? .json : csv ? .csv : .text) {
    case .json: try Output.printJSON(report)
    case .csv: print(report.csv, terminator: "")
    case .mleBench:
      let formatter = ISO8601DateFormatter()
      try Output.printJSON(MLEBenchReport.reports(report, createdAt: formatter.string(from: Date())))
    case .text: if html == nil || format == .text { printText(report) }
    }
  }

  private func printText(_ report: BenchReport) {
    func estimate(_ value: Estimate, _ digits: Int) -> String {
      guard let mean = value.mean else { return "-" }
      return String(format: "%.\(digits)f", mean) + (value.standardError.map { String(format: " ± %.\(digits)f", $0) } ?? "")
    }
    func number(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
    Output.write("\(report.benches.joined(separator: ", ")): \(report.agents.count) agents x \(report.competitions.count)"
      + " competitions x \(report.seeds) seeds; \(report.planned - report.missing)/\(report.planned) episodes\n")
    var rows = report.rates.map { rates in
      [
        rates.agent, estimate(rates.anyMedal, 1), estimate(rates.gold, 1), estimate(rates.aboveMedian, 1),
        estimate(rates.beatsBaseline, 1), estimate(rates.validSubmission, 1), estimate(rates.humanRank, 3),
        estimate(rates.normalizedScore, 3), number(report.profile.aup[rates.agent], 3),
        number(report.elo.ratings[rates.agent], 0),
      ]
    }
    if let baseline = report.profile.aup[PerformanceProfile.baselineMethod] {
      rows.append([PerformanceProfile.baselineMethod, "", "", "", "", "", "", "", number(baseline, 3), ""])
    }
    Output.write(Output.table(
      header: ["agent", "any medal %", "gold %", "above median %", "beats baseline %", "valid %", "HumanRank",
               "normalised", "AUP", "Elo"],
      rows: rows))
    Output.write("\nmean ± standard error over seeds; AUP of the best seed (tau_max \(number(report.profile.tauMax, 1)));"
      + " Elo: Bradley-Terry fit on \(report.elo.games) pairwise games\n")
    Output.write(Output.table(
      header: ["competition", "agent", "seed", "status", "private", "rank", "medal", "HumanRank", "time", "steps",
               "tokens", "cost $"],
      rows: report.episodes.map { line in
        [
          line.competition, line.agent, String(line.seed), line.status, number(line.privateScore, 5),
          line.rank.map { "\($0)/\(line.teams ?? 0)" } ?? "-", line.medal ?? "-", number(line.humanRank, 3),
          line.seconds.map(Progress.clock) ?? "-", line.steps.map(String.init) ?? "-",
          line.tokens.map(String.init) ?? "-", number(line.costUSD, 4),
        ]
      }))
  }
}
