import Arena
import Foundation

/// The Python runtime for the loop's tests: `TATAMI_PYTHON_RUNTIME`, else the repository's `.venv`
/// (tools/setup.sh), so `swift test` works without the variable that tools/test.sh sets.
public enum TestRuntime {
  /// The package root: this file is `<root>/Tests/TatamiTestSupport/TestRuntime.swift`.
  public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  public static func runtime() throws -> PythonRuntime {
    var environment = ProcessInfo.processInfo.environment
    if environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = packageRoot.appendingPathComponent(".venv").path
    }
    // The home holds only the cache of the runtime's inspection here.
    let home = NSTemporaryDirectory() + "/tatami-test-home"
    return try PythonRuntime.resolve(environment: environment, home: home) { _ in }
  }
}
