import Foundation
import Testing

@testable import Arena
import TatamiTestSupport

/// A scratch folder removed at the end of the test.
final class TemporaryFolder {
  let path: String

  init(_ name: String = "tatami-test") throws {
    let template = NSTemporaryDirectory() + "/\(name)-XXXXXX"
    var bytes = Array(template.utf8CString)
    guard let made = mkdtemp(&bytes) else { throw POSIXError(.EIO) }
    path = String(cString: made)
  }

  deinit {
    let remove = Process()
    remove.executableURL = URL(fileURLWithPath: "/bin/rm")
    remove.arguments = ["-rf", path]
    try? remove.run()
    remove.waitUntilExit()
  }

  func file(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path + "/" + relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func folder(_ relative: String) throws -> String {
    try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    return path + "/" + relative
  }
}
