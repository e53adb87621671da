// Records submissions in a loop, for the concurrency and crash tests of the leaderboard store.
//
//   store-writer DB TEAM COUNT [BATCH] [PADDING]
//
// Records COUNT submissions for team TEAM into DB, BATCH per transaction (default 1), each carrying PADDING
// bytes of metadata (default 0) so a transaction takes long enough to be killed in the middle. Prints
// "ready" once the database is open and "done" at the end.
import Basics
import Foundation
import Leaderboard

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[3]) else {
  FileHandle.standardError.write(Data("usage: store-writer DB TEAM COUNT [BATCH] [PADDING]\n".utf8))
  exit(64)
}
let team = arguments[2]
let batch = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
let padding = String(repeating: "x", count: arguments.count > 5 ? Int(arguments[5]) ?? 0 : 0)

/// Writes a line to standard output at once (unbuffered), so the parent sees it before a kill.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

do {
  let store = try SubmissionStore(path: arguments[1])
  say("ready")
  var written = 0
  while written < count {
    let size = min(batch, count - written)
    let submissions = (written..<written + size).map { index in
      Submission(
        competition: "concurrency", team: team, sha256: SHA256.hex(Array("\(team)-\(index)".utf8)), metric: "rmse",
        publicScore: Double(index), privateScore: Double(index), valid: true,
        metadata: ["index": String(index), "batch": String(written / batch), "padding": padding])
    }
    try store.record(submissions)
    written += size
  }
  say("done")
} catch {
  FileHandle.standardError.write(Data("store-writer: \(error)\n".utf8))
  exit(1)
}
