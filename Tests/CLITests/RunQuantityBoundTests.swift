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

  @Test("bench reads run's budget and llm flags with run's rules and passes on only the ones given")
  func benchPassesRunFlags() throws {
    let home = NSTemporaryDirectory() + "tatami-quantities-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: home) }
    let plan = [
      "bench", "q", "--agent", "baseline", "--competitions", "tiny-board", "--seeds", "1",
      "--catalog", TatamiBinary.fixture("board/Competitions"), "--emit", "slurm", "--dir", home + "/q",
    ]
    let environment = ["TATAMI_HOME": home, "TATAMI_DB": ""]
    let script = try TatamiBinary.run(
      plan + ["--time", "10m", "--steps", "3", "--llm-model", "m1", "--llm-temperature", "0.5"],
      environment: environment)
    #expect(script.status == 0, "\(script.stderr)")
    #expect(script.stdout.contains("--steps 3 --time 10m --llm-model m1 --llm-temperature 0.5"), "\(script.stdout)")
    #expect(!script.stdout.contains("--llm-key-env") && !script.stdout.contains("--memory"))
    let huge = try TatamiBinary.run(plan + ["--time", "106751991167300d"], environment: environment)
    #expect(huge.status != 0 && huge.stderr.contains("--time 106751991167300d is more than the maximum 30d"))
  }
}
