import Foundation

/// Runs a reference script of `tools/` with the project's Python (scikit-learn, scipy, pandas) and decodes the
/// JSON file it writes. Without that Python the tests fail with the command that sets it up; they never skip.
enum ReferencePython {
  struct SetupError: Error, CustomStringConvertible {
    let description: String
  }

  /// The package root: this file is `<root>/Tests/ScoringTests/ReferencePython.swift`.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Runs `script OUTPUT_DIR` and decodes `OUTPUT_DIR/<output>`; `directory` receives the output folder
  /// (removed afterwards) for scripts that also write data files.
  static func run<T: Decodable>(
    _ script: String, output: String, as type: T.Type, reading directory: (URL) throws -> Void = { _ in }
  ) throws(SetupError) -> T {
    let python =
      ProcessInfo.processInfo.environment["TATAMI_PYTHON"]
      ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw SetupError(
        description: "no Python at \(python); run tools/setup.sh to create .venv with the reference "
          + "libraries (tools/requirements.txt), or set TATAMI_PYTHON to a Python that has them")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tatami-reference-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [packageRoot.appendingPathComponent(script).path, folder.path]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw SetupError(description: "cannot run \(python): \(error)")
    }
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw SetupError(
        description: "\(script) failed (exit \(process.terminationStatus)); if a module is missing, run "
          + "tools/setup.sh:\n\(message)")
    }
    do {
      let data = try Data(contentsOf: folder.appendingPathComponent(output))
      let decoded = try JSONDecoder().decode(T.self, from: data)
      try directory(folder)
      return decoded
    } catch {
      throw SetupError(description: "cannot read the output of \(script): \(error)")
    }
  }
}
