/// Where a spawned process's standard output or error goes.
public enum OutputTarget: Sendable, Equatable {
  /// Discarded (`/dev/null`).
  case discard
  /// A file, created or truncated.
  case file(String)
  /// Standard error only: the same place as standard output.
  case standardOutput
}

extension ProcessSpawning {
  /// Starts `argv` with standard input from `/dev/null` and its output to files, and returns its pid: for a
  /// process that is waited for with `waitpid`, not read through a pipe (a daemon or a forking server would hold
  /// a pipe's write end open).
  ///
  /// The child gets default signal dispositions and an empty signal mask (a parent that ignores SIGPIPE or
  /// blocks SIGTERM must not pass that on) and, with `ownGroup`, leads a process group of its own.
  /// - Parameters:
  ///   - argv: the program and its arguments; `argv[0]` is looked up in `PATH` when it has no `/`.
  ///   - environment: the child's whole environment.
  public static func spawn(
    _ argv: [String], environment: [String: String], stdout: OutputTarget, stderr: OutputTarget = .standardOutput,
    ownGroup: Bool = false
  ) throws(SystemError) -> pid_t {
    precondition(!argv.isEmpty, "spawn needs a program")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    for (descriptor, target) in [(Int32(1), stdout), (Int32(2), stderr)] {
      switch target {
      case .discard: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
      case .file(let path):
        posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      case .standardOutput: posix_spawn_file_actions_adddup2(&actions, 1, descriptor)
      }
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    if ownGroup {
      setOwnGroupAndDefaultSignals(&attributes)
    } else {
      setDefaultSignals(&attributes, flags: 0)
    }
    let arguments = argv.map { strdup($0) } + [nil]
    let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (arguments + variables).forEach { free($0) } }
    var pid: pid_t = 0
    let result =
      argv[0].contains("/")
      ? posix_spawn(&pid, argv[0], &actions, &attributes, arguments, variables)
      : posix_spawnp(&pid, argv[0], &actions, &attributes, arguments, variables)
    guard result == 0 else { throw SystemError("posix_spawn", subject: argv[0], code: result) }
    return pid
  }
}
