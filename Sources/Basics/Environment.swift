/// The environment variables Tatami reads, by name in one place.
public enum EnvironmentKey: String, CaseIterable, Sendable {
  /// Where state lives: the database, runs, the runtime, caches.
  case home = "TATAMI_HOME"
  /// The leaderboard database file.
  case database = "TATAMI_DB"
  /// Extra catalog directories, colon-separated.
  case competitions = "TATAMI_COMPETITIONS"
  /// Extra reference-leaderboard directories, colon-separated.
  case leaderboards = "TATAMI_LEADERBOARDS"
  /// Where runs are recorded.
  case runs = "TATAMI_RUNS"
  /// A ready Python environment for agent code, instead of the managed one.
  case pythonRuntime = "TATAMI_PYTHON_RUNTIME"
  /// The interpreter the managed runtime is created from.
  case basePython = "TATAMI_BASE_PYTHON"
  /// The bubblewrap executable.
  case bubblewrap = "TATAMI_BWRAP"
  /// The uid agent code runs as when Tatami runs as root.
  case sandboxUID = "TATAMI_SANDBOX_UID"
  /// The llm agent's default model.
  case llmModel = "TATAMI_LLM_MODEL"
  /// The token `tatami serve` requires off loopback.
  case token = "TATAMI_TOKEN"
  case xdgDataHome = "XDG_DATA_HOME"
  case userHome = "HOME"
  case path = "PATH"
}

/// The process environment, read through typed keys; an empty value counts as unset.
public struct Environment: Sendable {
  /// Every variable, as the process got them (also what child processes are given).
  public let values: [String: String]

  public init(_ values: [String: String]) { self.values = values }

  /// The environment of this process.
  public static var current: Environment {
    var values: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        values[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return Environment(values)
  }

  /// The value of `key`; nil when unset or empty.
  public subscript(key: EnvironmentKey) -> String? { self[key.rawValue] }

  /// The value of a variable named at run time (e.g. the llm agent's `--llm-key-env`); nil when unset or empty.
  public subscript(name: String) -> String? {
    guard let value = values[name], !value.isEmpty else { return nil }
    return value
  }

  /// A colon-separated list variable, empty parts dropped.
  public func list(_ key: EnvironmentKey) -> [String] {
    (self[key] ?? "").split(separator: ":").map(String.init)
  }
}
