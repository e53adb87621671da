import Basics

/// Kernel-enforced limits on the agent's code, applied inside the sandbox with `prlimit` (util-linux).
public struct SandboxLimits: Sendable, Equatable, Codable {
  /// RLIMIT_AS: address space per process; an allocation past it fails (Python raises MemoryError).
  public var memoryBytes: Int
  /// RLIMIT_CPU: CPU seconds per process; SIGXCPU at the soft limit, SIGKILL a second later.
  public var cpuSeconds: Int
  /// RLIMIT_FSIZE: the largest file a process may write; past it `write` fails with EFBIG.
  public var fileSizeBytes: Int
  /// RLIMIT_NPROC: processes and threads of the sandbox's user; stops fork bombs.
  public var processes: Int
  /// RLIMIT_NOFILE: open file descriptors per process.
  public var openFiles: Int
  /// Size of the sandbox's private `/tmp` and `/dev/shm` (tmpfs, in memory).
  public var tmpBytes: Int

  public init(
    memoryBytes: Int = 4 << 30, cpuSeconds: Int = 3600, fileSizeBytes: Int = 2 << 30, processes: Int = 256,
    openFiles: Int = 1024, tmpBytes: Int = 512 << 20
  ) {
    self.memoryBytes = memoryBytes
    self.cpuSeconds = cpuSeconds
    self.fileSizeBytes = fileSizeBytes
    self.processes = processes
    self.openFiles = openFiles
    self.tmpBytes = tmpBytes
  }

  enum CodingKeys: String, CodingKey {
    case memoryBytes = "memory_bytes", cpuSeconds = "cpu_seconds", fileSizeBytes = "file_size_bytes"
    case processes, openFiles = "open_files", tmpBytes = "tmp_bytes"
  }
}

/// Why the sandbox cannot run: always the harness's side, with what to do about it.
///
/// The description names no flag: where running without a sandbox is a way out, a front end adds its own
/// words for that choice (the CLI's flag); `canRunUnsandboxed` says when it is.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
  case bubblewrapMissing
  case bubblewrapUnusable(String)
  case toolMissing(String)
  case runtime(String)
  case spawn(SpawnError)
  case workspace(String)

  public var description: String {
    switch self {
    case .bubblewrapMissing:
      return "bubblewrap (bwrap) is not installed, so agent code cannot be isolated; install it (apt-get install"
        + " bubblewrap)"
    case .bubblewrapUnusable(let detail):
      return "bubblewrap cannot create a sandbox here (\(detail)); it needs user namespaces or root"
    case .toolMissing(let tool): return "\(tool) is missing; it applies the resource limits (package util-linux)"
    case .runtime(let detail): return "the agents' Python runtime is not usable: \(detail)"
    case .spawn(let error): return error.description
    case .workspace(let detail): return "cannot prepare the workspace: \(detail)"
    }
  }

  /// Whether running agent code without a sandbox (only rlimits and timeouts) would get past the error:
  /// bubblewrap is missing or cannot create a sandbox here.
  public var canRunUnsandboxed: Bool {
    switch self {
    case .bubblewrapMissing, .bubblewrapUnusable: return true
    case .toolMissing, .runtime, .spawn, .workspace: return false
    }
  }
}

/// Where things are inside the sandbox: fixed paths, whatever the host layout.
public enum SandboxPaths {
  public static let root = "/workspace"
  public static let input = "/workspace/input"
  public static let working = "/workspace/working"
  public static let code = "/workspace/code"
  public static let submission = "/workspace/working/submission.csv"
}

/// The host directories one sandboxed command sees.
public struct SandboxMounts: Sendable {
  /// Read-only at `/workspace/input`.
  public var input: String
  /// Read-write at `/workspace/working`, kept across steps.
  public var working: String
  /// Read-only at `/workspace/code`: the harness writes each step's code here.
  public var code: String
  /// Files for `/etc` (passwd, group, hosts), read-only.
  public var etc: String

  public init(input: String, working: String, code: String, etc: String) {
    self.input = input
    self.working = working
    self.code = code
    self.etc = etc
  }
}

/// Builds the command line that runs agent code isolated: bubblewrap namespaces plus rlimits.
///
/// Layout inside: read-only `/usr` (and the merged-/usr symlinks), the Python runtime at its host path,
/// `/workspace/input` read-only, `/workspace/working` read-write, `/workspace/code` read-only, private `/tmp`,
/// `/dev/shm`, `/proc`, minimal `/dev` and `/etc`. No network (empty network namespace), no host processes (PID
/// namespace), no home, catalog, answers or leaderboard. As root the code runs as an unprivileged uid (`setpriv`),
/// since RLIMIT_NPROC never applies to root; otherwise a user namespace maps the caller's uid.
public struct Sandbox: Sendable {
  public enum Mode: Sendable, Equatable {
    case bubblewrap(path: String)
    /// No isolation at all; only the rlimits and timeouts apply. Needs `--unsafe-no-sandbox`.
    case unsafeNone
  }

  public let mode: Mode
  public let runtime: PythonRuntime
  public let limits: SandboxLimits
  /// The uid and gid agent code runs as when the harness is root: this sandbox's own, from the range.
  public var unprivilegedID: UInt32 { lease?.id ?? UInt32(getuid()) }
  /// Holds the uid while the sandbox lives; nil when not root or without a sandbox.
  let lease: SandboxIDLease?
  let prlimit: String
  let setpriv: String?
  let isRoot: Bool
  /// Where a passed check is remembered; nil checks by starting bubblewrap every time.
  let checkCache: String?
  /// The file holding the boot id `probe` keys its cache on; another file in tests.
  var bootIDPath = "/proc/sys/kernel/random/boot_id"

  /// The first uid of the range agent code runs as when the harness is root (`TATAMI_SANDBOX_UID` overrides it),
  /// and the range's size (`TATAMI_SANDBOX_UID_COUNT`): one uid per concurrent sandbox on the machine.
  /// 1,900,000,000 lies in the block systemd leaves unused (above its container range), far from real users.
  public static let defaultUIDBase: UInt32 = 1_900_000_000
  public static let defaultUIDCount = 1024

  /// A sandbox over bubblewrap, checked by starting one; or, when `allowUnsafe` and bubblewrap is missing or
  /// unusable, no sandbox. As root it takes a uid of its own from the range (released when it is dropped).
  ///
  /// - Parameter checkCache: a folder remembering a passed check for the rest of the boot (see `probe`); nil
  ///   starts bubblewrap every time.
  public static func make(
    runtime: PythonRuntime, limits: SandboxLimits, allowUnsafe: Bool, unsafeRequested: Bool = false,
    environment: [String: String], checkCache: String? = nil
  ) throws(SandboxError) -> Sandbox {
    guard let prlimit = findExecutable("prlimit", environment: environment) else { throw .toolMissing("prlimit") }
    let root = geteuid() == 0
    var setpriv: String?
    if root {
      guard let found = findExecutable("setpriv", environment: environment) else { throw .toolMissing("setpriv") }
      setpriv = found
    }
    if unsafeRequested {
      return Sandbox(
        mode: .unsafeNone, runtime: runtime, limits: limits, lease: nil, prlimit: prlimit, setpriv: setpriv,
        isRoot: root)
    }
    let bwrap = try locateBubblewrap(environment: environment)
    var lease: SandboxIDLease?
    if root {
      let base = environment["TATAMI_SANDBOX_UID"].flatMap { UInt32($0) } ?? defaultUIDBase
      let count = environment["TATAMI_SANDBOX_UID_COUNT"].flatMap { Int($0) }.map { min(max($0, 1), 65536) }
        ?? defaultUIDCount
      lease = try SandboxIDLease.acquire(
        base: base, count: count, directory: SandboxIDLease.lockDirectory(environment: environment))
    }
    let sandbox = Sandbox(
      mode: .bubblewrap(path: bwrap), runtime: runtime, limits: limits, lease: lease, prlimit: prlimit,
      setpriv: setpriv, isRoot: root, checkCache: checkCache)
    try sandbox.probe()
    return sandbox
  }

  /// bubblewrap's path: `TATAMI_BWRAP`, else `bwrap` on PATH. Checked before the runtime is set up, so a
  /// machine without it fails at once rather than after installing packages.
  public static func locateBubblewrap(environment: [String: String]) throws(SandboxError) -> String {
    guard let bwrap = environment["TATAMI_BWRAP"] ?? findExecutable("bwrap", environment: environment),
      access(bwrap, X_OK) == 0
    else {
      throw .bubblewrapMissing
    }
    return bwrap
  }

  init(
    mode: Mode, runtime: PythonRuntime, limits: SandboxLimits, lease: SandboxIDLease?, prlimit: String,
    setpriv: String?, isRoot: Bool, checkCache: String? = nil
  ) {
    self.checkCache = checkCache
    self.mode = mode
    self.runtime = runtime
    self.limits = limits
    self.lease = lease
    self.prlimit = prlimit
    self.setpriv = setpriv
    self.isRoot = isRoot
  }

  public var isolated: Bool { mode != .unsafeNone }

  /// Starts an empty sandbox once, so a broken setup fails before the episode rather than at its first step.
  ///
  /// A passed check is remembered in `checkCache` for as long as its key holds: the boot id, bubblewrap's path
  /// and file identity, the uids and the check's own arguments (namespaces, system mounts, seccomp). A new boot
  /// (kernel or sysctl changes), another bubblewrap or other options check again; a failure is never remembered
  /// (and forgets a remembered pass). A sandbox that breaks later in the same boot is caught at the step
  /// (`Sandbox.setupFailure`).
  func probe() throws(SandboxError) {
    guard case .bubblewrap(let path) = mode else { return }
    let arguments = probeArguments()
    let cache = checkCache.map { CheckCache<Bool>(path: $0 + "/sandbox-check-\(cacheName(path)).json") }
    let key = probeKey(bwrap: path, arguments: arguments)
    if let cache, let key, cache.value(for: key) == true { return }
    do {
      try check(bwrap: path, arguments: arguments)
    } catch {
      cache?.remove()
      throw error
    }
    if let cache, let key { cache.store(true, for: key) }
  }

  /// Starts bubblewrap without any cache; throws `bubblewrapUnusable` with its last line of stderr.
  func recheck() throws(SandboxError) {
    guard case .bubblewrap(let path) = mode else { return }
    do {
      try check(bwrap: path, arguments: probeArguments())
    } catch {
      checkCache.map { CheckCache<Bool>(path: $0 + "/sandbox-check-\(cacheName(path)).json") }?.remove()
      throw error
    }
  }

  /// Whether a step's process failed because bubblewrap itself could not set the sandbox up (user namespaces
  /// disabled since the check, a mount gone): then it is the harness's error, not the agent's.
  ///
  /// bubblewrap exits 1 with `bwrap: …` on stderr when setting up fails; agent code can print that too, so the
  /// sandbox is checked again, uncached, and only a failing check counts (and is returned).
  public func setupFailure(_ outcome: ProcessOutcome) -> SandboxError? {
    guard case .bubblewrap = mode, outcome.termination == .exited(1), !outcome.timedOut else { return nil }
    let lines = outcome.stderr.text.split(separator: "\n")
    guard lines.contains(where: { $0.hasPrefix("bwrap: ") }) else { return nil }
    do {
      try recheck()
      return nil
    } catch {
      return error
    }
  }

  private func probeArguments() -> [String] {
    namespaceArguments() + systemArguments() + seccompArguments() + ["--", "/usr/bin/true"]
  }

  /// What a passed check depends on; nil (nothing cached) without a boot id or a bubblewrap to identify.
  func probeKey(bwrap: String, arguments: [String]) -> [String]? {
    guard let boot = currentBootID(bootIDPath), let identity = fileIdentity(bwrap), let resolved = realPath(bwrap)
    else { return nil }
    let seccomp = seccompProgram.map { cacheName(bytes: $0) + ":\($0.count)" } ?? "none"
    return ["sandbox-check 1", boot, bwrap, resolved, identity, "\(getuid()):\(geteuid())", seccomp]
      + arguments
  }

  private func check(bwrap path: String, arguments: [String]) throws(SandboxError) {
    let outcome: ProcessOutcome
    do {
      outcome = try ProcessRunner.run(
        ProcessSpec(executable: path, arguments: arguments, environment: [], attachment: seccompProgram),
        limits: RunLimits(timeout: .seconds(20)))
    } catch {
      throw .bubblewrapUnusable(error.description)
    }
    guard outcome.termination == .exited(0) else {
      let message = outcome.stderr.text.split(separator: "\n").last.map(String.init) ?? "exit \(outcome.termination)"
      throw .bubblewrapUnusable(message)
    }
  }

  /// `/usr` read-only and the merged-/usr links (`/bin`, `/lib`, …), or the host's own folders where not merged.
  func systemArguments() -> [String] {
    var arguments = ["--ro-bind", "/usr", "/usr"]
    for (link, target) in [("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"),
                           ("/lib32", "usr/lib32")] where FileSystemProbe.exists(link) {
      if realPath(link) == "/" + target {
        arguments += ["--symlink", target, link]
      } else {
        arguments += ["--ro-bind", link, link]
      }
    }
    return arguments
  }

  /// The filter refusing nested user namespaces, when the harness is root (otherwise `--disable-userns` does it).
  var seccompProgram: [UInt8]? { isRoot ? SeccompFilter.program : nil }

  func seccompArguments() -> [String] { seccompProgram == nil ? [] : ["--seccomp", "3"] }

  func namespaceArguments() -> [String] {
    var arguments = ["--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-net",
                     "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
    if !isRoot { arguments += ["--unshare-user", "--disable-userns"] }
    return arguments
  }

  /// The process that runs `command` (an argv inside the sandbox) with the limits applied.
  ///
  /// - Parameter environment: variables on top of the minimal set (PATH, HOME, LANG, TATAMI_*).
  public func spec(command: [String], mounts: SandboxMounts, environment extra: [String: String] = [:]) -> ProcessSpec {
    let limited = limitPrefix() + command
    switch mode {
    case .unsafeNone:
      var environment = baseEnvironment(input: mounts.input, working: mounts.working)
      environment.merge(extra) { _, new in new }
      environment["TATAMI_CODE"] = mounts.code
      return ProcessSpec(
        executable: limited[0], arguments: Array(limited.dropFirst()),
        environment: environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
        workingDirectory: mounts.working)
    case .bubblewrap(let bwrap):
      var arguments = namespaceArguments() + systemArguments()
      arguments += ["--proc", "/proc", "--dev", "/dev"]
      arguments += ["--perms", "1777", "--size", String(limits.tmpBytes), "--tmpfs", "/tmp"]
      arguments += ["--perms", "1777", "--size", String(limits.tmpBytes), "--tmpfs", "/dev/shm"]
      arguments += ["--perms", "0755", "--dir", "/etc"]
      for name in ["passwd", "group", "hosts", "nsswitch.conf"] {
        arguments += ["--ro-bind", mounts.etc + "/" + name, "/etc/" + name]
      }
      arguments += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
      arguments += ["--ro-bind-try", "/etc/localtime", "/etc/localtime"]
      arguments += runtimeArguments()
      arguments += ["--perms", "0755", "--dir", SandboxPaths.root]
      arguments += ["--ro-bind", mounts.input, SandboxPaths.input]
      arguments += ["--bind", mounts.working, SandboxPaths.working]
      arguments += ["--ro-bind", mounts.code, SandboxPaths.code]
      arguments += ["--chdir", SandboxPaths.working, "--clearenv"]
      var environment = baseEnvironment(input: SandboxPaths.input, working: SandboxPaths.working)
      environment.merge(extra) { _, new in new }
      environment["TATAMI_CODE"] = SandboxPaths.code
      for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["--setenv", key, value] }
      if isRoot { arguments += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"] }
      arguments += seccompArguments()
      arguments.append("--")
      arguments += privilegeDrop() + limited
      return ProcessSpec(
        executable: bwrap, arguments: arguments, environment: [], isSupervisor: true, attachment: seccompProgram)
    }
  }

  /// The runtime at its host path (a venv's interpreter links to its base installation by absolute path).
  func runtimeArguments() -> [String] {
    var arguments: [String] = []
    var made: Set<String> = ["/", "/usr", "/etc", "/tmp", "/dev", "/proc"]
    for path in runtime.mountPaths where !path.hasPrefix("/usr/") {
      for ancestor in ancestors(of: path) where made.insert(ancestor).inserted {
        arguments += ["--perms", "0755", "--dir", ancestor]
      }
      arguments += ["--ro-bind", path, path]
    }
    return arguments
  }

  /// `setpriv` to an unprivileged uid when the harness is root, so RLIMIT_NPROC applies.
  func privilegeDrop() -> [String] {
    guard isRoot, let setpriv else { return [] }
    return [
      setpriv, "--reuid=\(unprivilegedID)", "--regid=\(unprivilegedID)", "--clear-groups", "--inh-caps=-all",
      "--bounding-set=-all", "--",
    ]
  }

  private func limitPrefix() -> [String] {
    // Without a sandbox RLIMIT_NPROC would count every process of the user on the machine (and root ignores it).
    let processes = mode == .unsafeNone ? [] : ["--nproc=\(limits.processes)"]
    return [prlimit, "--as=\(limits.memoryBytes)", "--cpu=\(limits.cpuSeconds):\(limits.cpuSeconds + 1)",
            "--fsize=\(limits.fileSizeBytes)", "--nofile=\(limits.openFiles)", "--core=0"] + processes + ["--"]
  }

  private func baseEnvironment(input: String, working: String) -> [String: String] {
    let threads = String(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    return [
      "PATH": runtime.binDirectory + ":/usr/local/bin:/usr/bin:/bin",
      "HOME": working, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp",
      "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1", "MALLOC_ARENA_MAX": "2",
      "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
      "TATAMI_INPUT": input, "TATAMI_WORKING": working, "TATAMI_SUBMISSION": working + "/submission.csv",
    ]
  }

  /// The contents of `/etc/passwd`, `group`, `hosts` and `nsswitch.conf` inside the sandbox.
  public func etcFiles() -> [String: String] {
    let id = isRoot ? unprivilegedID : UInt32(getuid())
    let group = isRoot ? unprivilegedID : UInt32(getgid())
    return [
      "passwd": "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\nagent:x:\(id):\(group):agent:\(SandboxPaths.working):/bin/sh\n",
      "group": "root:x:0:\nagent:x:\(group):\n",
      "hosts": "127.0.0.1 localhost sandbox\n::1 localhost\n",
      "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
    ]
  }

  /// The uid:gid that must own `working/` so the code can write there, or nil when the harness's own uid does.
  public var workingOwner: (uid: UInt32, gid: UInt32)? {
    isRoot && mode != .unsafeNone ? (unprivilegedID, unprivilegedID) : nil
  }
}

func ancestors(of path: String) -> [String] {
  var result: [String] = []
  var current = ""
  for component in path.split(separator: "/").dropLast() {
    current += "/" + component
    result.append(current)
  }
  return result
}

/// Looks a program up on PATH (then the usual system folders).
func findExecutable(_ name: String, environment: [String: String]) -> String? {
  let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin"]
  return folders.map { $0 + "/" + name }.first { access($0, X_OK) == 0 }
}

enum FileSystemProbe {
  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
