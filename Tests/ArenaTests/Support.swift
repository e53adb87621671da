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

/// A shell script standing in for a program, counting its starts in `<folder>/calls`.
///
/// A process another test spawns while the file is open for writing can hold it open for a moment, and
/// starting the script then fails with ETXTBSY ("Text file busy"); so it is started once, uncounted
/// (`TATAMI_TEST_SETTLE=1`), until that works.
func writeScript(_ path: String, counting folder: String, body: String) throws {
  let text = "#!/bin/sh\n[ \"$TATAMI_TEST_SETTLE\" = 1 ] && exit 0\necho x >> '\(folder)/calls'\n\(body)\n"
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  #expect(chmod(path, 0o755) == 0)
  for _ in 0..<200 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.environment = ["TATAMI_TEST_SETTLE": "1"]
    do {
      try process.run()
      process.waitUntilExit()
      return
    } catch {
      usleep(10_000)
    }
  }
  Issue.record("\(path) never started")
}

func startCount(_ folder: String) -> Int {
  ((try? String(contentsOfFile: folder + "/calls", encoding: .utf8)) ?? "").split(separator: "\n").count
}

/// Sets a file's modification time to `seconds` after the epoch (its status-change time moves too).
func setModified(_ path: String, _ seconds: Int) {
  var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
  #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
}
