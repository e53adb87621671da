import Basics
import Foundation

/// The pinned packages of the agents' runtime; equal to `tools/agent-requirements.txt` (a test checks it).
public enum AgentRequirements {
  public static let text = """
    # The agents' Python runtime: what agent code may import inside the sandbox.
    # Tatami creates $TATAMI_HOME/runtime/venv from this list on first use (see docs/sandbox.md);
    # the list is compiled into the binary (Sources/Arena/Runtime/AgentRequirements.swift, kept equal by a test).
    numpy==2.4.6
    pandas==3.1.1
    scikit-learn==1.9.1
    scipy==1.17.1
    lightgbm==4.7.0

    """
}

/// The Python that runs agent code: a venv, mounted read-only into the sandbox at its host path.
public struct PythonRuntime: Sendable, Equatable {
  /// The interpreter, `<venv>/bin/python3`.
  public let python: String
  public let binDirectory: String
  /// Folders the interpreter needs (the venv and its base installation), real paths.
  public let mountPaths: [String]

  /// The runtime named by `TATAMI_PYTHON_RUNTIME` (a venv folder or an interpreter), else the managed venv
  /// `<home>/runtime/venv`, created from the pinned requirements on first use.
  ///
  /// - Parameter progress: receives one line per phase of a first-time setup.
  public static func resolve(
    environment: [String: String], home: String, progress: (String) -> Void
  ) throws(SandboxError) -> PythonRuntime {
    if let configured = environment["TATAMI_PYTHON_RUNTIME"], !configured.isEmpty {
      var python = configured
      if isDirectory(configured) { python = configured + "/bin/python3" }
      return try inspect(python, cacheDirectory: home + "/cache")
    }
    let folder = home + "/runtime"
    let venv = folder + "/venv"
    let stamp = venv + "/.tatami-requirements"
    if let existing = readText(stamp), existing == AgentRequirements.text {
      return try inspect(venv + "/bin/python3", cacheDirectory: home + "/cache")
    }
    try create(venv: venv, folder: folder, stamp: stamp, environment: environment, progress: progress)
    return try inspect(venv + "/bin/python3", cacheDirectory: home + "/cache")
  }

  /// What starting the interpreter told about it: its prefixes (real paths).
  struct Inspection: Codable, Equatable {
    var prefix: String
    var base: String
  }

  /// Asks the interpreter for its prefixes, or takes them from `cacheDirectory` when the interpreter is the same
  /// file as when it was last asked.
  ///
  /// The cache key is the interpreter's path, the identity (device, inode, size, times) of the path itself, of
  /// the file it resolves to and of the venv's `pyvenv.cfg` (which sets the prefix), and the resolved path; a
  /// recreated venv or an upgraded Python is asked again. A hit still requires the prefixes to be folders.
  static func inspect(_ python: String, cacheDirectory: String? = nil) throws(SandboxError) -> PythonRuntime {
    guard access(python, X_OK) == 0 else { throw .runtime("no Python interpreter at \(python)") }
    let cache = cacheDirectory.map { CheckCache<Inspection>(path: $0 + "/python-runtime-\(cacheName(python)).json") }
    let key = inspectionKey(python)
    if let cache, let key, let known = cache.value(for: key), isDirectory(known.prefix), isDirectory(known.base) {
      return runtime(known)
    }
    let inspection = try ask(python)
    if let cache, let key { cache.store(inspection, for: key) }
    return runtime(inspection)
  }

  /// What the interpreter's answers depend on; nil when a part cannot be read (then nothing is cached).
  static func inspectionKey(_ python: String) -> [String]? {
    guard let link = fileIdentity(python, follow: false), let target = fileIdentity(python),
      let resolved = realPath(python)
    else { return nil }
    let venv = ((python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    let configuration = fileIdentity(venv + "/pyvenv.cfg") ?? "none"
    return ["python-runtime 1", python, link, resolved, target, configuration]
  }

  private static func runtime(_ inspection: Inspection) -> PythonRuntime {
    let mounts = inspection.prefix == inspection.base ? [inspection.prefix] : [inspection.prefix, inspection.base]
    return PythonRuntime(
      python: inspection.prefix + "/bin/python3", binDirectory: inspection.prefix + "/bin", mountPaths: mounts)
  }

  /// Starts the interpreter and asks for its prefixes and version.
  private static func ask(_ python: String) throws(SandboxError) -> Inspection {
    let script = "import sys; print(sys.prefix); print(sys.base_prefix); print(sys.version_info >= (3, 10))"
    let outcome: ProcessOutcome
    do {
      outcome = try ProcessRunner.run(
        ProcessSpec(executable: python, arguments: ["-I", "-c", script]), limits: RunLimits(timeout: .seconds(60)))
    } catch {
      throw .runtime(error.description)
    }
    let lines = outcome.stdout.text.split(separator: "\n").map(String.init)
    guard outcome.termination == .exited(0), lines.count == 3 else {
      throw .runtime("\(python) did not start: \(outcome.stderr.text)")
    }
    guard lines[2] == "True" else { throw .runtime("\(python) is older than Python 3.10") }
    return Inspection(prefix: realPath(lines[0]) ?? lines[0], base: realPath(lines[1]) ?? lines[1])
  }

  private static func create(
    venv: String, folder: String, stamp: String, environment: [String: String], progress: (String) -> Void
  ) throws(SandboxError) {
    let base = environment["TATAMI_BASE_PYTHON"] ?? findExecutable("python3", environment: environment)
    guard let base else { throw .runtime("python3 is not installed (apt-get install python3 python3-venv)") }
    guard makeDirectories(folder) else { throw .runtime("cannot create \(folder)") }
    let requirements = folder + "/agent-requirements.txt"
    guard writeText(requirements, AgentRequirements.text) else { throw .runtime("cannot write \(requirements)") }
    progress("tatami: creating the agents' Python runtime in \(venv) (first use; numpy, pandas, scikit-learn,"
      + " scipy, lightgbm; a few minutes)")
    _ = try? ProcessRunner.run(
      ProcessSpec(executable: "/bin/rm", arguments: ["-rf", venv]), limits: RunLimits(timeout: .seconds(120)))
    try step(base, ["-m", "venv", venv], what: "python3 -m venv (on Debian: apt-get install python3-venv)")
    progress("tatami: installing the pinned packages from \(requirements)")
    try step(
      venv + "/bin/python3",
      ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", requirements],
      what: "pip install")
    guard writeText(stamp, AgentRequirements.text) else { throw .runtime("cannot write \(stamp)") }
    progress("tatami: the runtime is ready")
  }

  private static func step(_ executable: String, _ arguments: [String], what: String) throws(SandboxError) {
    let outcome: ProcessOutcome
    do {
      outcome = try ProcessRunner.run(
        ProcessSpec(executable: executable, arguments: arguments), limits: RunLimits(timeout: .seconds(3600)))
    } catch {
      throw .runtime("\(what): \(error.description)")
    }
    guard outcome.termination == .exited(0) else {
      throw .runtime("\(what) failed: \(outcome.stderr.text.suffix(2000))")
    }
  }
}

func isDirectory(_ path: String) -> Bool {
  var info = stat()
  return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

func realPath(_ path: String) -> String? {
  guard let resolved = realpath(path, nil) else { return nil }
  defer { free(resolved) }
  return String(cString: resolved)
}

func readText(_ path: String) -> String? {
  guard let bytes = readBytes(path, cap: 64 << 20) else { return nil }
  return String(decoding: bytes, as: UTF8.self)
}

func readBytes(_ path: String, cap: Int) -> [UInt8]? {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { return nil }
  defer { close(fd) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 64 * 1024)
  while bytes.count < cap {
    guard let count = buffer.withUnsafeMutableBytes({ try? FileDescriptor.read(fd, into: $0) }), count > 0 else {
      break
    }
    bytes.append(contentsOf: buffer[..<min(count, cap - bytes.count)])
  }
  return bytes
}

@discardableResult
func writeText(_ path: String, _ text: String) -> Bool { writeBytes(path, Array(text.utf8)) }

/// - Parameter mode: 0644 for what the sandbox must read (code, /etc files), 0600 for the run's records.
@discardableResult
func writeBytes(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) -> Bool {
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
  guard fd >= 0 else { return false }
  defer { close(fd) }
  return (try? FileDescriptor.writeAll(fd, bytes)) != nil
}

func makeDirectories(_ path: String) -> Bool {
  guard (try? FileSystem.makeDirectories(path)) != nil else { return false }
  return isDirectory(path)
}
