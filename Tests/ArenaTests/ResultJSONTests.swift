import Basics
import Foundation
import Testing

@testable import Arena

/// The run result and the execution report keep every key of the contract, `null` where there is no value
/// (`@ExplicitNull`), and a summary written before runs had names still shows its agent as the team.
@Suite struct ResultJSONTests {
  static var minimal: [String: Any] { [
    "run_id": "r", "competition": "x", "agent": "search", "steps": 0, "seconds": 1.0, "status": "agent_error",
    "metric": "rmse", "higher_is_better": false, "valid_submissions": 0, "sandbox": "none", "trajectory": "t",
    "directory": "d",
  ] }

  func encoded(_ value: some Encodable) throws -> String {
    String(decoding: try JSONEncoder.tatami(pretty: false).encode(value), as: UTF8.self)
  }

  @Test("a result without scores encodes every optional key as null, byte for byte")
  func resultNulls() throws {
    let data = try JSONSerialization.data(withJSONObject: Self.minimal)
    let result = try EpisodeResult.read(data)
    #expect(
      try encoded(result)
        == #"{"agent":"search","baseline_private_score":null,"baseline_public_score":null,"beats_baseline":null,"#
        + #""best_public_score":null,"competition":"x","directory":"d","final_private_score":null,"#
        + #""final_public_score":null,"final_submission_step":null,"higher_is_better":false,"human_rank":null,"#
        + #""leaderboard_size":null,"medal":null,"metric":"rmse","normalized_score":null,"note":null,"#
        + #""private_position_score":null,"private_rank":null,"public_position_score":null,"run_id":"r","#
        + #""sandbox":"none","sandboxed_agent":null,"seconds":1,"status":"agent_error","steps":0,"team":"search","#
        + #""tokens":null,"trajectory":"t","valid_submissions":0}"#)
  }

  @Test("a summary without a team reads with its agent as the team; a named one keeps its name")
  func teamOfOldSummaries() throws {
    let old = try EpisodeResult.read(try JSONSerialization.data(withJSONObject: Self.minimal))
    #expect(old.team == "search")
    var named = Self.minimal
    named["team"] = "mine"
    #expect(try EpisodeResult.read(try JSONSerialization.data(withJSONObject: named)).team == "mine")
  }

  @Test("an execution ended by a signal encodes exit_code null, and one that exited signal null")
  func executionNulls() throws {
    var report = ExecutionReport(
      exitCode: nil, signal: 9, seconds: 1, timedOut: false, memoryExceeded: true, cpuTimeExceeded: false,
      fileSizeExceeded: false, outputTruncated: false, stdoutTail: "", stderrTail: "", stdoutBytes: 0,
      stderrBytes: 0, maxRSSBytes: 0)
    #expect(try encoded(report).hasPrefix(#"{"cpu_time_exceeded":false,"exit_code":null,"#))
    report.exitCode = 0
    report.signal = nil
    let object = try #require(
      JSONSerialization.jsonObject(with: JSONEncoder.tatami(pretty: false).encode(report)) as? [String: Any])
    #expect(object["signal"] is NSNull && object["exit_code"] as? Int == 0)
    #expect(try JSONDecoder().decode(ExecutionReport.self, from: JSONEncoder.tatami(pretty: false).encode(report)) == report)
  }
}
