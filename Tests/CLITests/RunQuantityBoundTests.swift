import Foundation
import Testing

/// `tatami run --time/--step-timeout/--memory` past their maxima (issue 9, finding C2): these crashed the run.
struct RunQuantityBoundTests {
  @Test("huge --time, --step-timeout and --memory exit 3 with the maximum, before any episode starts")
  func hugeFlags() throws {
    let home = NSTemporaryDirectory() + "tatami-quantities-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: home) }
    for (flag, value, maximum) in [
      ("--step-timeout", "106751991167300d", "30d"), ("--time", "106751991167300d", "30d"),
      ("--time", "9223372036854775807s", "30d"), ("--memory", "9999999T", "64T"),
    ] {
      let outcome = try TatamiBinary.run(
        ["run", "tiny-board", "--agent", "baseline", flag, value]
          + ["--catalog", TatamiBinary.fixture("board/Competitions")],
        environment: ["TATAMI_HOME": home, "TATAMI_DB": ""])
      #expect(outcome.status == 3, "\(flag) \(value): \(outcome.stderr)")
      #expect(outcome.stderr.contains("\(flag) \(value) is more than the maximum \(maximum)"), "\(outcome.stderr)")
      #expect(!FileManager.default.fileExists(atPath: home + "/runs"), "no episode may start")
    }
  }
}
