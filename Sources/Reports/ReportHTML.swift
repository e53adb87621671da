import Basics
import Bench
import Foundation
import Leaderboard

/// The report as one self-contained HTML page: tables and inline SVG plots (performance profiles, medal
/// rates with error bars, a competition × agent heat map of HumanRank), no script, no external file.
public enum ReportHTML {
  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]

  public static func render(_ report: BenchReport) -> String {
    let title = "Tatami report: " + escape(report.benches.joined(separator: ", "))
    var body = "<h1>\(title)</h1>\n"
    body += "<p class=\"meta\">\(report.agents.count) agents, \(report.competitions.count) competitions, "
      + "\(report.seeds) seeds: \(report.planned - report.missing) of \(report.planned) episodes have a result"
      + (report.failed > 0 ? ", \(report.failed) failed" : "") + ".</p>\n"
    for warning in report.warnings { body += "<p class=\"warning\">\(escape(warning))</p>\n" }
    body += "<h2>Agents</h2>\n" + summaryTable(report)
    body += "<h2>Medal rates</h2>\n<p>Mean over seeds of each seed's percentage; error bars ±1 standard error.</p>\n"
    body += medalChart(report)
    body += "<h2>Performance profiles</h2>\n<p>MLGym's profile: the fraction of competitions on which a method's "
      + "best score over its seeds is within a factor 10<sup>τ</sup> of the best method's. AUP is the area "
      + "under it.</p>\n" + profileChart(report.profile)
    body += "<h2>HumanRank by competition</h2>\n<p>Mean HumanRank over seeds (1 = ties or beats every reference "
      + "entry); the letters are medals (G, S, B) over the seeds.</p>\n" + heatMap(report)
    body += "<h2>Episodes</h2>\n" + episodeTable(report)
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
      <style>
      body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
      table{border-collapse:collapse;margin:1em 0;font-size:13px}
      th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
      th:first-child,td:first-child{text-align:left}
      .meta{color:#555}.warning{color:#a40}
      svg{display:block;margin:1em 0;font-size:12px}
      </style></head><body>
      \(body)</body></html>

      """
  }

  // MARK: - Tables

  static func summaryTable(_ report: BenchReport) -> String {
    var rows = ""
    for rates in report.rates {
      let estimates = [rates.anyMedal, rates.gold, rates.aboveMedian, rates.beatsBaseline, rates.validSubmission]
      rows += "<tr data-agent=\"\(escape(rates.agent))\"><td>\(escape(rates.agent))</td>"
      rows += estimates.map { "<td>\(format($0, digits: 1))</td>" }.joined()
      rows += "<td>\(format(rates.humanRank, digits: 3))</td><td>\(format(rates.normalizedScore, digits: 3))</td>"
      rows += "<td>\(number(report.profile.aup[rates.agent], digits: 3))</td>"
      rows += "<td>\(number(report.elo.ratings[rates.agent], digits: 0))</td>"
      rows += "<td>\(rates.episodes)/\(rates.planned)</td></tr>\n"
    }
    if let baseline = report.profile.aup[PerformanceProfile.baselineMethod] {
      rows += "<tr><td>\(PerformanceProfile.baselineMethod)</td>" + String(repeating: "<td></td>", count: 7)
        + "<td>\(number(baseline, digits: 3))</td><td></td><td></td></tr>\n"
    }
    return """
      <table id="summary"><tr><th>agent</th><th>any medal %</th><th>gold %</th><th>above median %</th>
      <th>beats baseline %</th><th>valid submission %</th><th>HumanRank</th><th>normalised score</th><th>AUP</th>
      <th>Elo</th><th>episodes</th></tr>
      \(rows)</table>

      """
  }

  static func episodeTable(_ report: BenchReport) -> String {
    var rows = ""
    for line in report.episodes {
      let rank: String = line.rank.map { "\($0)/\(line.teams ?? 0)" } ?? ""
      var cells: [String] = [escape(line.competition), escape(line.agent), String(line.seed), line.status]
      cells += [number(line.privateScore, digits: 5), rank, line.medal ?? "", number(line.humanRank, digits: 3)]
      cells += [number(line.seconds, digits: 1), line.steps.map(String.init) ?? "", line.tokens.map(String.init) ?? ""]
      cells.append(number(line.costUSD, digits: 4))
      rows += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
    }
    return """
      <table id="episodes"><tr><th>competition</th><th>agent</th><th>seed</th><th>status</th><th>private score</th>
      <th>rank</th><th>medal</th><th>HumanRank</th><th>seconds</th><th>steps</th><th>tokens</th><th>cost $</th></tr>
      \(rows)</table>

      """
  }

  // MARK: - Plots

  /// Grouped bars, one group per rate, one bar per agent, with ±1 SEM error bars.
  static func medalChart(_ report: BenchReport) -> String {
    let series: [(String, KeyPath<AgentRates, Estimate>)] = [
      ("any medal", \.anyMedal), ("gold", \.gold), ("above median", \.aboveMedian),
      ("beats baseline", \.beatsBaseline), ("valid submission", \.validSubmission),
    ]
    let (width, height, left, top, bottom) = (760.0, 300.0, 50.0, 20.0, 40.0)
    let plotHeight = height - top - bottom
    let groupWidth = (width - left - 10) / Double(series.count)
    let barWidth = min(40, (groupWidth - 16) / Double(max(1, report.rates.count)))
    var svg = "<svg id=\"medal-rates\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height + 24)\">\n"
    svg += yAxis(left: left, top: top, height: plotHeight, width: width - left - 10, maximum: 100, label: "%")
    func y(_ value: Double) -> Double { top + plotHeight * (1 - value / 100) }
    for (group, (name, path)) in series.enumerated() {
      let x0 = left + Double(group) * groupWidth + 8
      for (index, rates) in report.rates.enumerated() {
        let estimate = rates[keyPath: path]
        let value = estimate.mean ?? 0
        let x = x0 + Double(index) * barWidth
        svg += "<rect class=\"bar\" data-rate=\"\(name)\" data-agent=\"\(escape(rates.agent))\" data-value=\"\(value)\""
          + " x=\"\(f(x))\" y=\"\(f(y(value)))\" width=\"\(f(barWidth - 2))\" height=\"\(f(y(0) - y(value)))\""
          + " fill=\"\(color(index))\"><title>\(escape(rates.agent)) \(name): \(format(estimate, digits: 1))</title></rect>\n"
        if let error = estimate.standardError {
          let middle = x + (barWidth - 2) / 2
          let low = y(max(0, value - error))
          let high = y(min(100, value + error))
          svg += "<path class=\"error-bar\" d=\"M\(f(middle)) \(f(low))V\(f(high))M\(f(middle - 4)) \(f(low))"
            + "H\(f(middle + 4))M\(f(middle - 4)) \(f(high))H\(f(middle + 4))\" stroke=\"#000\" fill=\"none\"/>\n"
        }
      }
      svg += "<text x=\"\(f(x0 + groupWidth / 2 - 8))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\">\(name)</text>\n"
    }
    svg += legend(report.rates.map(\.agent), x: left, y: height + 10)
    return svg + "</svg>\n"
  }

  /// ρ(τ) as step lines, one per method.
  static func profileChart(_ profile: PerformanceProfile) -> String {
    let (width, height, left, top, bottom) = (760.0, 320.0, 50.0, 20.0, 40.0)
    let plotWidth = width - left - 150
    let plotHeight = height - top - bottom
    var svg = "<svg id=\"performance-profile\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\">\n"
    svg += yAxis(left: left, top: top, height: plotHeight, width: plotWidth, maximum: 1, label: "ρ(τ)")
    let tauMax = max(profile.tauMax, 1e-9)
    func x(_ tau: Double) -> Double { left + plotWidth * tau / tauMax }
    func y(_ rho: Double) -> Double { top + plotHeight * (1 - rho) }
    for tick in stride(from: 0.0, through: tauMax + 1e-9, by: tauMax > 1 ? 0.5 : 0.1) {
      svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(String(format: "%.1f", tick))</text>\n"
    }
    svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">τ (log10 of the ratio to the best)</text>\n"
    for (index, method) in profile.methods.enumerated() {
      guard let rho = profile.rho[method], !rho.isEmpty else { continue }
      var d = "M\(f(x(profile.tau[0]))) \(f(y(rho[0])))"
      for i in 1..<rho.count where rho[i] != rho[i - 1] || i == rho.count - 1 {
        d += "H\(f(x(profile.tau[i])))V\(f(y(rho[i])))"
      }
      let dash = method == PerformanceProfile.baselineMethod ? " stroke-dasharray=\"5 3\"" : ""
      svg += "<path class=\"profile\" data-method=\"\(escape(method))\" d=\"\(d)\" fill=\"none\" stroke=\"\(color(index))\""
        + " stroke-width=\"2\"\(dash)><title>\(escape(method)): AUP \(number(profile.aup[method], digits: 3))</title></path>\n"
      svg += "<text x=\"\(f(left + plotWidth + 14))\" y=\"\(f(top + 14 + 18 * Double(index)))\" fill=\"\(color(index))\">"
        + "\(escape(method)) AUP \(number(profile.aup[method], digits: 3))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// Competitions down, agents across, colour = mean HumanRank over the seeds.
  static func heatMap(_ report: BenchReport) -> String {
    let (cellWidth, cellHeight, left, top) = (110.0, 22.0, 220.0, 40.0)
    let width = left + cellWidth * Double(report.agents.count) + 20
    let height = top + cellHeight * Double(report.competitions.count) + 40
    var svg = "<svg id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\">\n"
    for (column, agent) in report.agents.enumerated() {
      svg += "<text x=\"\(f(left + cellWidth * (Double(column) + 0.5)))\" y=\"\(f(top - 10))\" text-anchor=\"middle\">\(escape(agent))</text>\n"
    }
    for (row, competition) in report.competitions.enumerated() {
      let y = top + cellHeight * Double(row)
      svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(escape(competition))</text>\n"
      for (column, agent) in report.agents.enumerated() {
        let mine = report.outcomes.filter { $0.key.competition == competition && $0.key.agent == agent }
        let value = Estimate.mean(mine.compactMap(\.humanRank))
        let medals = mine.compactMap(\.medal).sorted().map { String($0.rawValue.prefix(1)).uppercased() }.joined()
        let x = left + cellWidth * Double(column)
        let fill = value.map(heat) ?? "#eee"
        svg += "<rect class=\"cell\" data-competition=\"\(escape(competition))\" data-agent=\"\(escape(agent))\""
          + " data-value=\"\(value.map { "\($0)" } ?? "")\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cellWidth - 2))\""
          + " height=\"\(f(cellHeight - 2))\" fill=\"\(fill)\"/>\n"
        svg += "<text x=\"\(f(x + cellWidth / 2))\" y=\"\(f(y + 15))\" text-anchor=\"middle\">"
          + "\(number(value, digits: 2))\(medals.isEmpty ? "" : " " + medals)</text>\n"
      }
    }
    let legendY = top + cellHeight * Double(report.competitions.count) + 14
    for step in 0...10 {
      svg += "<rect x=\"\(f(left + Double(step) * 20))\" y=\"\(f(legendY))\" width=\"20\" height=\"10\" fill=\"\(heat(Double(step) / 10))\"/>\n"
    }
    svg += "<text x=\"\(f(left - 8))\" y=\"\(f(legendY + 9))\" text-anchor=\"end\">HumanRank 0</text>"
      + "<text x=\"\(f(left + 226))\" y=\"\(f(legendY + 9))\">1</text>\n"
    return svg + "</svg>\n"
  }

  // MARK: - Pieces

  static func yAxis(left: Double, top: Double, height: Double, width: Double, maximum: Double, label: String) -> String {
    var svg = "<path d=\"M\(f(left)) \(f(top))V\(f(top + height))H\(f(left + width))\" stroke=\"#444\" fill=\"none\"/>\n"
    for step in 0...4 {
      let value = maximum * Double(step) / 4
      let y = top + height * (1 - Double(step) / 4)
      svg += "<path d=\"M\(f(left)) \(f(y))H\(f(left + width))\" stroke=\"#ddd\"/>"
        + "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(maximum > 1 ? String(Int(value)) : String(format: "%.2f", value))</text>\n"
    }
    svg += "<text x=\"\(f(left - 40))\" y=\"\(f(top - 6))\">\(label)</text>\n"
    return svg
  }

  static func legend(_ names: [String], x: Double, y: Double) -> String {
    var svg = ""
    var offset = x
    for (index, name) in names.enumerated() {
      svg += "<rect x=\"\(f(offset))\" y=\"\(f(y))\" width=\"12\" height=\"12\" fill=\"\(color(index))\"/>"
        + "<text x=\"\(f(offset + 16))\" y=\"\(f(y + 10))\">\(escape(name))</text>\n"
      offset += 30 + Double(name.count) * 7
    }
    return svg
  }

  /// White (0) to green (1).
  static func heat(_ value: Double) -> String {
    let t = max(0, min(1, value))
    let red = Int(247 - t * (247 - 26))
    let green = Int(252 - t * (252 - 152))
    let blue = Int(245 - t * (245 - 80))
    return String(format: "#%02x%02x%02x", red, green, blue)
  }

  static func color(_ index: Int) -> String { palette[index % palette.count] }

  static func f(_ value: Double) -> String { String(format: "%.1f", value) }

  static func number(_ value: Double?, digits: Int) -> String {
    value.map { String(format: "%.\(digits)f", $0) } ?? "–"
  }

  static func format(_ estimate: Estimate, digits: Int) -> String {
    guard let mean = estimate.mean else { return "–" }
    let text = String(format: "%.\(digits)f", mean)
    return estimate.standardError.map { text + " ± " + String(format: "%.\(digits)f", $0) } ?? text
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
