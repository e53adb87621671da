import Bench
import Foundation
import Reports
import Testing

/// Chromium from Debian's packages (tools/setup.sh installs it): `chromium` on PATH or TATAMI_CHROMIUM.
private func chromium() throws -> String {
  let candidates = [ProcessInfo.processInfo.environment["TATAMI_CHROMIUM"], "/usr/bin/chromium"].compactMap { $0 }
  return try #require(
    candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
    "no Chromium; run tools/setup.sh (apt-get install chromium) or set TATAMI_CHROMIUM")
}

/// Runs headless Chromium on a page; returns standard output.
private func headless(_ arguments: [String]) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: try chromium())
  process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    + arguments
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  try #require(process.terminationStatus == 0, "chromium exited \(process.terminationStatus)")
  return String(decoding: data, as: UTF8.self)
}

private func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

/// Renders the fixture's report in headless Chromium and checks the page it parsed and the pixels it drew.
@Suite struct SlowReportHTMLTests {
  let folder = NSTemporaryDirectory() + "tatami-report-html-" + UUID().uuidString

  @Test("the HTML report parses in Chromium with every plot, and the plots' series are drawn")
  func rendersInChromium() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bench = try Fixture.load().writeBench(to: folder + "/bench")
    let report = BenchReport(try BenchResults.load([BenchDirectory(path: bench)]))
    let page = folder + "/report.html"
    let html = ReportHTML.render(report)
    try Data(html.utf8).write(to: URL(fileURLWithPath: page))
    // Self-contained: nothing to fetch (the SVG namespace URI is a name, not a request).
    #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("url("))

    // The DOM Chromium built: a malformed page would lose or re-nest these elements.
    let dom = try headless(["--dump-dom", "file://" + page])
    for id in ["summary", "medal-rates", "performance-profile", "heatmap", "episodes"] {
      #expect(dom.contains("id=\"\(id)\""), "no #\(id) in the DOM")
    }
    #expect(count("class=\"profile\"", in: dom) == 4)  // three agents and the baseline
    #expect(count("class=\"bar\"", in: dom) == 3 * 5)
    #expect(count("class=\"cell\"", in: dom) == 3 * 4)
    #expect(count("class=\"error-bar\"", in: dom) == 3 * 5)
    #expect(count("<tr>", in: dom) + count("<tr data-agent", in: dom) >= 36 + 3)
    let alpha = try #require(report.rates.first { $0.agent == "alpha" })
    let anyMedal = String(format: "%.1f ± %.1f", alpha.anyMedal.mean ?? 0, alpha.anyMedal.standardError ?? 0)
    #expect(dom.contains(anyMedal), "the summary shows alpha's any-medal rate \(anyMedal)")
    #expect(dom.contains("alpha AUP " + String(format: "%.3f", report.profile.aup["alpha"] ?? 0)))

    // The screenshot: each agent's colour (bars and profile lines) and the baseline's dashed profile are drawn.
    let image = folder + "/report.png"
    _ = try headless(["--window-size=1280,1500", "--screenshot=" + image, "file://" + page])
    struct Colors: Decodable {
      var width: Int
      var height: Int
      var counts: [String: Int]
    }
    let colors = try runReference(
      "png_colors.py", arguments: [image, "1f77b4,d62728,2ca02c,9467bd"], output: "colors.json", as: Colors.self)
    #expect(colors.width == 1280 && colors.height == 1500)
    for (name, hex) in [("alpha", "1f77b4"), ("beta", "d62728"), ("gamma", "2ca02c")] {
      #expect((colors.counts[hex] ?? 0) > 2000, "\(name)'s bars are drawn")
    }
    #expect((colors.counts["9467bd"] ?? 0) > 100, "the baseline's profile is drawn")
  }
}
