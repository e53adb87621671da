import Foundation
import Testing

/// Runs the built `tatami` executable as a user would and captures what it prints.
struct TatamiBinary {
  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output parsed as a JSON object.
    func json() throws -> [String: Any] {
      let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
      return try #require(object as? [String: Any], "not a JSON object: \(stdout)")
    }
  }

  /// The binary next to the test bundle in the build folder.
  static let url: URL = {
    let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = testBundle.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("tatami").path),
      directory.path != "/"
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("tatami")
  }()

  /// A copy of the binary in a folder of its own, for a test that must see only the catalog it names: the binary
  /// also searches the nearest `Competitions/` above itself and above the working directory, which in the build
  /// folder is the repository's catalog (run it with a working directory outside the repository too).
  static let outsideRepository: URL = {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tatami-bin-\(UUID().uuidString)")
    let copy = folder.appendingPathComponent("tatami")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? FileManager.default.copyItem(at: url, to: copy)
    return copy
  }()

  /// Folder of this target's fixture files.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  /// Runs `tatami` with the arguments, feeding `input` on standard input.
  /// - Parameters:
  ///   - environment: added to this process's environment; with `isolated`, the whole environment.
  ///   - directory: the working directory (default: this process's).
  ///   - executable: the binary (default: the build folder's).
  static func run(
    _ arguments: [String], input: Data = Data(), environment: [String: String] = [:], isolated: Bool = false,
    directory: String? = nil, executable: URL = url
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = isolated
      ? environment : ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
      stderr: String(decoding: errors, as: UTF8.self))
  }
}
