import Foundation
import Testing

@testable import Catalog

/// The fixture bundle directory checked into the tests.
let fixtureBundle = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/tiny-regression").path

/// A fresh directory under the system temporary folder, removed when released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "tatami-catalog-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// A copy of the fixture bundle at `<temporary>/<name>`, to modify freely.
  func copyOfFixture(named name: String = "tiny-regression") throws -> String {
    let copy = path + "/" + name
    try FileManager.default.copyItem(atPath: fixtureBundle, toPath: copy)
    return copy
  }

  func write(_ text: String, to relative: String) throws {
    let url = URL(fileURLWithPath: path + "/" + relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }
}

/// Runs a shell command in `directory`; fails the test when it exits non-zero.
func shell(_ command: String, in directory: String) throws {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command]
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  process.standardError = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  try #require(process.terminationStatus == 0, "command failed: \(command)")
}

/// Whether `tool` is on the PATH, for tests that need the zip or zstd CLI.
func hasTool(_ tool: String) -> Bool {
  (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
    FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
  }
}

/// Replaces `old` by `new` in a file of a bundle directory.
func edit(_ file: String, replacing old: String, with new: String) throws {
  let text = try String(contentsOfFile: file, encoding: .utf8)
  #expect(text.contains(old), "fixture text changed: \(old)")
  try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: file))
}

/// The problems `check` reports, as their stable type codes.
func problemTypes(_ path: String, limits: BundleLimits = .standard) -> [String] {
  CompetitionBundle.check(path, limits: limits).problems.map(\.type)
}
