import Foundation
import Testing

/// A10: a `cmd:` agent program runs outside the sandbox unless `--agent-sandbox` is given; both are visible in
/// the help and in the run's records.
@Suite(.serialized)
struct SlowAgentSandboxTests {
  static let packageRoot = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func environment(home: String) -> [String: String] {
    var environment = ["TATAMI_HOME": home]
    if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = packageRoot.appendingPathComponent(".venv").path
    }
    return environment
  }

  /// Runs the probe agent on catsup-brand-choice; returns the run's JSON and the agent's standard error.
  static func probe(_ paths: [String], home: String, extra: [String] = []) throws -> ([String: Any], String) {
    let script = TatamiBinary.fixture("agents/probe_agent.py")
    let command = (["python3", script] + paths).map { "'\($0)'" }.joined(separator: " ")
    let outcome = try TatamiBinary.run(
      ["run", "catsup-brand-choice", "--agent", "cmd:" + command, "--steps", "2", "--json", "--quiet"] + extra,
      environment: environment(home: home), directory: packageRoot.path)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let json = try outcome.json()
    let directory = try #require(json["directory"] as? String)
    let log = (try? String(contentsOfFile: directory + "/agent.stderr.log", encoding: .utf8)) ?? ""
    return (json, log)
  }

  @Test("run --help says a cmd: agent runs outside the sandbox and offers --agent-sandbox")
  func help() throws {
    let outcome = try TatamiBinary.run(["run", "--help"])
    #expect(outcome.status == 0)
    let text = outcome.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
    #expect(text.contains("runs outside the sandbox"), "\(outcome.stdout)")
    #expect(text.contains("--agent-sandbox"))
  }

  @Test("a cmd: agent is recorded as sandboxed_agent false, and can read the catalog's answers")
  func unsandboxedAgent() throws {
    let home = NSTemporaryDirectory() + "/tatami-agent-sandbox-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    let archive = Self.packageRoot.appendingPathComponent("Competitions/catsup-brand-choice.tar.gz").path
    let (json, log) = try Self.probe([archive], home: home)
    #expect(json["sandboxed_agent"] as? Bool == false, "\(json)")
    #expect(log.contains("READ \(archive)"), "\(log)")
    let summary = try #require(FileManager.default.contents(atPath: (json["directory"] as? String ?? "") + "/summary.json"))
    let recorded = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
    #expect(recorded["sandboxed_agent"] as? Bool == false)
  }

  @Test("with --agent-sandbox the agent program cannot read the answers, the catalog, TATAMI_HOME or other runs")
  func sandboxedAgent() throws {
    let home = NSTemporaryDirectory() + "/tatami-agent-sandbox-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    try FileManager.default.createDirectory(atPath: home + "/runs/earlier", withIntermediateDirectories: true)
    try Data("SECRET".utf8).write(to: URL(fileURLWithPath: home + "/leaderboard.sqlite"))
    try Data("SECRET".utf8).write(to: URL(fileURLWithPath: home + "/runs/earlier/trajectory.jsonl"))
    let archive = Self.packageRoot.appendingPathComponent("Competitions/catsup-brand-choice.tar.gz").path
    let secrets = [archive, home + "/leaderboard.sqlite", home + "/runs/earlier/trajectory.jsonl"]
    let (json, log) = try Self.probe(secrets + ["/workspace/input/train.csv"], home: home, extra: ["--agent-sandbox"])
    #expect(json["sandboxed_agent"] as? Bool == true, "\(json)")
    #expect(json["status"] as? String == "finished", "\(json)")
    for path in secrets {
      #expect(log.contains("blocked \(path)"), "\(path): \(log)")
    }
    #expect(log.contains("READ /workspace/input/train.csv"), "\(log)")
  }

  @Test("built-in agents record sandboxed_agent null; --agent-sandbox with one, or without the sandbox, exits 3")
  func builtInAgents() throws {
    let home = NSTemporaryDirectory() + "/tatami-agent-sandbox-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: home) }
    let environment = Self.environment(home: home)
    let baseline = try TatamiBinary.run(
      ["run", "catsup-brand-choice", "--agent", "baseline", "--steps", "2", "--json", "--quiet"], environment: environment)
    #expect(baseline.status == 0, "\(baseline.stderr)")
    #expect(try baseline.json()["sandboxed_agent"] is NSNull)
    let refused = try TatamiBinary.run(
      ["run", "catsup-brand-choice", "--agent", "baseline", "--agent-sandbox"], environment: environment)
    #expect(refused.status == 3)
    #expect(refused.stderr.contains("--agent-sandbox applies to cmd: agents"), "\(refused.stderr)")
    let unsafe = try TatamiBinary.run(
      ["run", "catsup-brand-choice", "--agent", "cmd:true", "--agent-sandbox", "--unsafe-no-sandbox"],
      environment: environment)
    #expect(unsafe.status == 3)
  }
}
