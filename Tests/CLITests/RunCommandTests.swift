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
      ["run", "catsup-brand-choice", "--agent", "baseline", "--steps", "3", "--json", "--name", "team-numbers",
       "--db", home + "/board.sqlite"], environment: environment)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let json = try outcome.json()
    for key in ["run_id", "competition", "agent", "steps", "seconds", "status", "best_public_score",
                "final_private_score", "baseline_private_score", "beats_baseline", "human_rank", "medal", "trajectory"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["status"] as? String == "finished")
    #expect(json["competition"] as? String == "catsup-brand-choice")
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

    try expectSameNumbers(json, home: home, environment: environment)
  }

  /// HumanRank, the position scores, beats-baseline and the normalised score of one episode are the same in
  /// `run --json`, `summary.json`, `runs --json` and `board --json` (both views).
  private func expectSameNumbers(_ run: [String: Any], home: String, environment: [String: String]) throws {
    let keys = ["human_rank", "public_position_score", "private_position_score", "beats_baseline", "normalized_score"]
    let runID = try #require(run["run_id"] as? String)
    #expect(run["team"] as? String == "team-numbers")
    #expect(run["human_rank"] is Double && run["beats_baseline"] is Bool && run["normalized_score"] is Double)
    let directory = try #require(run["directory"] as? String)
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json")))
        as? [String: Any])
    let runs = try #require(
      try JSONSerialization.jsonObject(with: Data(TatamiBinary.run(["runs", "--json"], environment: environment).stdout.utf8))
        as? [[String: Any]])
    let listed = try #require(runs.first { $0["run_id"] as? String == runID }?["result"] as? [String: Any])
    var places: [(String, [String: Any])] = [("summary.json", summary), ("runs --json", listed)]
    for view in ["private", "public"] {
      let board = try TatamiBinary.run(
        ["board", "catsup-brand-choice", "--json", "--view", view, "--db", home + "/board.sqlite"], environment: environment)
      let entries = try #require(try board.json()["entries"] as? [[String: Any]], Comment(rawValue: board.stderr))
      let entry = try #require(entries.first { $0["team"] as? String == "team-numbers" })
      #expect(entry["run_id"] as? String == runID)
      // Beats-baseline and the normalised score are per view; the run reports the private ones.
      places.append(("board --json --view \(view)", view == "private" ? entry : entry.filter { !keys.suffix(2).contains($0.key) }))
    }
    for (place, object) in places {
      for key in keys where object[key] != nil || !place.hasSuffix("public") {
        #expect(String(describing: object[key] ?? "absent") == String(describing: run[key] ?? "absent"), "\(place): \(key)")
      }
    }
  }

  @Test("unknown competitions, agents and bad flags exit 3")
  func failures() throws {
    let home = NSTemporaryDirectory() + "/tatami-cli-run-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    let environment = ["TATAMI_HOME": home]
    #expect(try TatamiBinary.run(["run", "no-such-thing", "--agent", "baseline"], environment: environment).status == 3)
    #expect(try TatamiBinary.run(["run", "catsup-brand-choice", "--time", "soon"], environment: environment).status == 3)
    let missing = try TatamiBinary.run(
      ["run", "catsup-brand-choice", "--agent", "baseline"], environment: environment.merging(["TATAMI_BWRAP": "/nonexistent/bwrap", "PATH": "/nonexistent"]) { $1 })
    #expect(missing.status == 3)
    #expect(try TatamiBinary.run(["runs", "export", "no-such-run"], environment: environment).status == 3)
  }

  @Test("an agent that cannot start or a server that cannot be reached: exit 4, status agent_unavailable, a message")
  func unavailableAgents() throws {
    let home = NSTemporaryDirectory() + "/tatami-cli-run-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    var environment = ["TATAMI_HOME": home, "OPENAI_API_KEY": ""]
    if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv").path
    }
    let cases: [([String], [String])] = [
      (["--agent", "cmd:no-such-agent-program"], ["no program 'no-such-agent-program'", "PATH"]),
      (["--agent", "cmd:python3 /nonexistent/agent.py"], ["exited with status 2", "can't open file", "agent.stderr.log"]),
      (["--agent", "llm", "--llm-base-url", "http://no-such-host.invalid/v1", "--llm-model", "m1"],
       ["http://no-such-host.invalid/v1/chat/completions", "OPENAI_API_KEY is unset", "--llm-base-url"]),
    ]
    for (arguments, phrases) in cases {
      let outcome = try TatamiBinary.run(
        ["run", "catsup-brand-choice", "--steps", "2", "--json"] + arguments, environment: environment)
      #expect(outcome.status == 4, "\(arguments): \(outcome.stderr)")
      let json = try outcome.json()
      #expect(json["status"] as? String == "agent_unavailable")
      let note = json["note"] as? String ?? ""
      for phrase in phrases {
        #expect(note.contains(phrase) && outcome.stderr.contains(phrase), "\(arguments): \(phrase) in \(note)")
      }
      let directory = try #require(json["directory"] as? String)
      let summary = try String(contentsOfFile: directory + "/summary.json", encoding: .utf8)
      #expect(summary.contains("\"agent_unavailable\""))
    }
    #expect(try TatamiBinary.run(["runs", "--json"], environment: environment).stdout.contains("llm:m1"))
  }
}
