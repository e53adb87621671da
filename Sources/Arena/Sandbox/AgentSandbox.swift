import Basics

/// What an agent program (`cmd:`) sees when it runs in a sandbox of its own (`tatami run --agent-sandbox`).
///
/// The program needs its own files and usually the network (a model's API), but never the answers: it sees the
/// system (`/usr`, the Python runtime), `directory` read-only at its own path (where `python3 agent.py` is
/// found), the run's public files at `/workspace/input`, a private `/tmp`, and nothing of `hidden` (the catalog
/// folders, `$TATAMI_HOME`, the leaderboard database, the runs folder), which is masked wherever it lies
/// inside `directory`.
public struct AgentSandboxView: Sendable, Equatable {
  /// Shown read-only at its own path; the program's working directory.
  public var directory: String
  /// Paths never shown, even inside `directory`.
  public var hidden: [String]

  public init(directory: String, hidden: [String]) {
    self.directory = directory
    self.hidden = hidden
  }
}

extension Sandbox {
  /// The process that runs an agent program (`/bin/sh -c COMMAND`) in a sandbox without the answers.
  ///
  /// Unlike the code's sandbox it keeps the host's network (the program may call a model's API) and its
  /// environment (API keys), and applies no resource limits beyond the open-file and core-dump ones: the episode's
  /// time budget bounds the program. As root it runs as this sandbox's uid, with no capabilities and no way to
  /// make user namespaces.
  public func agentSpec(command: [String], view: AgentSandboxView, mounts: SandboxMounts) -> ProcessSpec? {
    guard case .bubblewrap(let bwrap) = mode else { return nil }
    let directory = realPath(view.directory) ?? view.directory
    let hidden = view.hidden.compactMap { realPath($0) }
    // A hidden path at or above the directory hides all of it; `/` would show the whole host.
    let showDirectory = directory != "/" && !hidden.contains { isInside(directory, $0) }
    var arguments = ["--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-uts",
                     "--unshare-cgroup-try"]
    if !isRoot { arguments += ["--unshare-user", "--disable-userns"] }
    arguments += systemArguments()
    arguments += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    arguments += ["--perms", "0755", "--dir", "/etc"]
    for name in ["passwd", "group"] { arguments += ["--ro-bind", mounts.etc + "/" + name, "/etc/" + name] }
    for name in ["hosts", "nsswitch.conf", "resolv.conf", "ssl", "ca-certificates", "ld.so.cache", "localtime"] {
      arguments += ["--ro-bind-try", "/etc/" + name, "/etc/" + name]
    }
    arguments += ["--perms", "0755", "--dir", SandboxPaths.root, "--ro-bind", mounts.input, SandboxPaths.input]
    if showDirectory {
      for ancestor in ancestors(of: directory) where !["/usr", "/tmp", "/etc", "/proc", "/dev"].contains(ancestor) {
        arguments += ["--perms", "0755", "--dir", ancestor]
      }
      arguments += ["--ro-bind", directory, directory]
      for path in hidden where isInside(path, directory) { arguments += mask(path) }
      arguments += ["--chdir", directory]
    } else {
      arguments += ["--chdir", "/tmp"]
    }
    // After the masks: the runtime may live in a hidden folder ($TATAMI_HOME/runtime) and stays usable.
    arguments += runtimeArguments()
    arguments += ["--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp"]
    if isRoot { arguments += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"] }
    arguments += seccompArguments()
    arguments.append("--")
    arguments += privilegeDrop()
    arguments += [prlimit, "--nofile=\(limits.openFiles)", "--core=0", "--"] + command
    return ProcessSpec(executable: bwrap, arguments: arguments, isSupervisor: true, attachment: seccompProgram)
  }

  /// An empty folder over a hidden folder, `/dev/null` over a hidden file.
  private func mask(_ path: String) -> [String] {
    isDirectory(path) ? ["--tmpfs", path] : ["--ro-bind", "/dev/null", path]
  }
}

/// True when `path` is `folder` or lies below it.
func isInside(_ path: String, _ folder: String) -> Bool {
  folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
}
