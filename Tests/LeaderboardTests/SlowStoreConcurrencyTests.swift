import Foundation
import Testing

@testable import Leaderboard

/// Several processes writing at once, and a writer killed mid-transaction, through the `store-writer` helper.
@Suite(.serialized)
struct SlowStoreConcurrencyTests {
  /// The `store-writer` executable next to the test bundle in the build folder.
  static let writer: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("store-writer").path),
      directory.path != "/"
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("store-writer")
  }()

  static func start(_ arguments: [String], output: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = writer
    process.arguments = arguments
    process.standardOutput = output ?? FileHandle.nullDevice
    try process.run()
    return process
  }

  @Test(
    "8 processes × 500 records, one transaction each, on a new file: all 4,000 present", .timeLimit(.minutes(2)))
  func concurrentWriters() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path + "/board.sqlite"
    // All start on a file that does not exist yet, so creation and migration race too.
    let writers = try (0..<8).map { try Self.start([path, "writer-\($0)", "500"]) }
    for writer in writers { writer.waitUntilExit() }
    #expect(writers.map(\.terminationStatus) == Array(repeating: 0, count: 8))
    let store = try SubmissionStore(path: path)
    let rows = try store.submissions()
    #expect(rows.count == 4000)
    for team in 0..<8 {
      let indices = Set(rows.filter { $0.team == "writer-\(team)" }.compactMap { $0.metadata["index"] })
      #expect(indices == Set((0..<500).map(String.init)), "writer-\(team)")
    }
    #expect(try store.database.value("PRAGMA integrity_check")?.text == "ok")
  }

  @Test(
    "kill -9 during writes leaves a consistent database: whole transactions only", .timeLimit(.minutes(2)),
    arguments: [0.01, 0.1, 0.3])
  func killedWriter(after seconds: Double) throws {
    let batch = 500
    let folder = try TemporaryDirectory()
    let path = folder.path + "/board.sqlite"
    let output = Pipe()
    // 500 rows of 4 KiB (2 MB) per transaction: the writer spends nearly all its time inside one, so the
    // kill lands mid-transaction.
    let writer = try Self.start([path, "victim", "1000000", "\(batch)", "4096"], output: output)
    let ready = output.fileHandleForReading.availableData
    #expect(String(decoding: ready, as: UTF8.self).hasPrefix("ready"))
    let reader = try SubmissionStore(path: path)
    while try reader.database.value("SELECT count(*) FROM submissions")?.integer == 0 {
      Thread.sleep(forTimeInterval: 0.005)
    }
    Thread.sleep(forTimeInterval: seconds)
    kill(writer.processIdentifier, SIGKILL)
    writer.waitUntilExit()
    #expect(writer.terminationReason == .uncaughtSignal)

    let store = try SubmissionStore(path: path)
    #expect(try store.database.value("PRAGMA integrity_check")?.text == "ok")
    let rows = try store.submissions()
    #expect(rows.count > 0)
    #expect(rows.count % batch == 0)
    let batches = Dictionary(grouping: rows) { $0.metadata["batch"] ?? "" }
    #expect(batches.values.allSatisfy { $0.count == batch })
    #expect(rows.allSatisfy { $0.metadata["padding"]?.count == 4096 })
    // The store still takes writes after the crash.
    try store.record(StoreTests.sample())
    #expect(try store.submissions().count == rows.count + 1)
  }
}
