import Foundation
import Testing

@Suite(.serialized)
struct SlowRunCommandTests {
  @Test("tatami run --json prints the contract's fields and tatami runs lists the run")
  func runJSON() throws {
    let home = NSTemporaryDirectory() + "/tatami-cli-run-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    var environment = ["TATAMI_HOME": home]
    if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv").path
    }
    let outcome = try TatamiBinary.run(
      ["run", "penguins-species", "--agent", "baseline", "--steps", "3", "--json"], environment: environment)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let json = try outcome.json()
    for key in ["run_id", "competition", "agent", "steps", "seconds", "status", "best_public_score",
                "final_private_score", "baseline_private_score", "beats_baseline", "human_rank", "medal", "trajectory"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["status"] as? String == "finished")
    #expect(json["competition"] as? String == "penguins-species")
    let trajectory = try #require(json["trajectory"] as? String)
    #expect(FileManager.default.fileExists(atPath: trajectory))
    #expect(outcome.stderr.contains("[1/3]"))

    let runs = try TatamiBinary.run(["runs", "--json"], environment: environment)
    #expect(runs.status == 0)
    #expect(runs.stdout.contains(json["run_id"] as? String ?? "?"))
    let export = try TatamiBinary.run(["runs", "export"], environment: environment)
    let line = try #require(export.stdout.split(separator: "\n").first)
    let chat = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let messages = try #require(chat["messages"] as? [[String: String]])
    #expect(messages.map { $0["role"] ?? "" }.prefix(3) == ["system", "user", "assistant"])
    #expect(!messages.contains { ($0["content"] ?? "").contains("private_score") })
  }

  @Test("unknown competitions, agents and bad flags exit 3")
  func failures() throws {
    let home = NSTemporaryDirectory() + "/tatami-cli-run-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    let environment = ["TATAMI_HOME": home]
    #expect(try TatamiBinary.run(["run", "no-such-thing", "--agent", "baseline"], environment: environment).status == 3)
    #expect(try TatamiBinary.run(["run", "penguins-species", "--time", "soon"], environment: environment).status == 3)
    let missing = try TatamiBinary.run(
      ["run", "penguins-species", "--agent", "baseline"], environment: environment.merging(["TATAMI_BWRAP": "/nonexistent/bwrap", "PATH": "/nonexistent"]) { $1 })
    #expect(missing.status == 3)
  }
}
