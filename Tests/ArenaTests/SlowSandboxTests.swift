import Foundation
import TatamiTestSupport
import Testing

@testable import Arena

/// One sandbox over scratch folders, with host-side secrets placed where agent code might look for them.
final class SandboxFixture {
  let root: TemporaryFolder
  let sandbox: Sandbox
  let mounts: SandboxMounts
  /// Host paths that must stay unreadable from inside.
  let secrets: [String]
  let limits: SandboxLimits

  init(limits: SandboxLimits = SlowSandboxTests.smallLimits) throws {
    root = try TemporaryFolder("tatami-sandbox")
    try root.file("input/train.csv", "id,x\n1,2\n")
    try root.file("catalog/penguins/private/answers.csv", "id,species\n1,SECRET-ANSWER\n")
    try root.file("home/.ssh/id_ed25519", "SECRET-KEY\n")
    try root.file("state/leaderboard.sqlite", "SECRET-DB\n")
    let code = try root.folder("code")
    let working = try root.folder("working")
    let etc = try root.folder("etc")
    secrets = [
      root.path + "/catalog/penguins/private/answers.csv", root.path + "/home/.ssh/id_ed25519",
      root.path + "/state/leaderboard.sqlite",
    ]
    self.limits = limits
    // Its own uid (as root), so counting leftover processes never sees other suites' sandboxes.
    var environment = ProcessInfo.processInfo.environment
    environment["TATAMI_SANDBOX_UID"] = "64999"
    sandbox = try Sandbox.make(
      runtime: TestRuntime.runtime(), limits: limits, allowUnsafe: false, environment: environment)
    for (name, text) in sandbox.etcFiles() { try root.file("etc/" + name, text) }
    if let owner = sandbox.workingOwner { chown(working, owner.uid, owner.gid) }
    mounts = SandboxMounts(input: root.path + "/input", working: working, code: code, etc: etc)
  }

  /// Runs Python code in the sandbox and classifies the outcome.
  func python(_ source: String, timeout: Duration = .seconds(3)) throws -> (ExecutionReport, StepError?) {
    try root.file("code/step.py", source)
    let spec = sandbox.spec(command: [sandbox.runtime.python, SandboxPaths.code + "/step.py"], mounts: mounts)
    let outcome = try ProcessRunner.run(
      spec, limits: RunLimits(timeout: timeout, killGrace: .milliseconds(500), tailBytes: 4096, logBytes: 1 << 20),
      stdoutLog: root.path + "/stdout.log")
    return ExecutionClassifier.classify(
      outcome, sandboxed: sandbox.isolated, limits: limits, timeout: timeout, language: "python")
  }

  /// The processes still running as the sandbox's unprivileged uid (as root), which must be none after a step.
  func leftoverProcesses() -> [pid_t] {
    guard let owner = sandbox.workingOwner else { return [] }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
      var info = stat()
      return stat("/proc/\(pid)", &info) == 0 && info.st_uid == owner.uid
    }
  }
}

@Suite(.serialized)
struct SlowSandboxTests {
  static let smallLimits = SandboxLimits(
    memoryBytes: 768 << 20, cpuSeconds: 20, fileSizeBytes: 16 << 20, processes: 48, openFiles: 256, tmpBytes: 16 << 20)

  @Test("ordinary code runs, sees input read-only and writes working")
  func ordinary() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python(
      """
      import os
      print(open('/workspace/input/train.csv').read().strip())
      open('/workspace/working/out.txt', 'w').write('ok')
      try:
          open('/workspace/input/new.txt', 'w')
      except OSError as e:
          print('input read-only', e.errno)
      print(os.environ['TATAMI_SUBMISSION'])
      """)
    #expect(error == nil, "\(report.stderrTail)")
    #expect(report.exitCode == 0)
    #expect(report.stdoutTail.contains("id,x\n1,2"))
    #expect(report.stdoutTail.contains("input read-only 30"))
    #expect(report.stdoutTail.contains("/workspace/working/submission.csv"))
    #expect(FileManager.default.fileExists(atPath: fixture.mounts.working + "/out.txt"))
  }

  @Test("the answers, the home folder, the leaderboard database and the catalog are unreachable")
  func secretsUnreachable() throws {
    let fixture = try SandboxFixture()
    let paths = fixture.secrets + ["/root/.ssh/id_rsa", NSHomeDirectory() + "/.ssh", TestRuntime.packageRoot.path
      + "/Competitions/catsup-brand-choice.tar.gz"]
    let list = paths.map { "'\($0)'" }.joined(separator: ", ")
    let (report, error) = try fixture.python(
      """
      import os
      for path in [\(list)]:
          try:
              data = open(path, 'rb').read()
              print('READ', path, data[:40])
          except OSError as e:
              print('blocked', path, type(e).__name__)
      print(sorted(os.listdir(os.path.expanduser('~'))))
      """)
    #expect(error == nil, "\(report.stderrTail)")
    #expect(!report.stdoutTail.contains("READ"), "\(report.stdoutTail)")
    #expect(!report.stdoutTail.contains("SECRET"))
    #expect(report.stdoutTail.components(separatedBy: "blocked").count == paths.count + 1)
  }

  @Test("walking / finds no answers, bundles, databases or keys")
  func walkRoot() throws {
    let fixture = try SandboxFixture()
    let skip = fixture.sandbox.runtime.mountPaths.map { "'\($0)'" }.joined(separator: ", ")
    let (report, error) = try fixture.python(
      """
      import os
      hits, count = [], 0
      runtime = (\(skip),)
      for top in ['/']:
          for folder, dirs, files in os.walk(top):
              if folder.startswith(('/proc', '/sys', '/usr', '/dev') + runtime):
                  dirs[:] = []
                  continue
              for name in files:
                  count += 1
                  if name in ('answers.csv', 'leaderboard.sqlite', 'id_ed25519', 'competition.yaml') or name.endswith('.tar.gz'):
                      hits.append(os.path.join(folder, name))
      print('files', count, 'hits', hits)
      """, timeout: .seconds(20))
    #expect(error == nil, "\(report.stderrTail)")
    #expect(report.stdoutTail.contains("hits []"), "\(report.stdoutTail)")
  }

  @Test("no network: a TCP connection to a host listener fails and the listener sees nothing")
  func network() throws {
    let listener = try LoopbackListener()
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python(
      """
      import socket
      for host in ['127.0.0.1', '1.1.1.1']:
          try:
              socket.create_connection((host, \(listener.port)), timeout=1)
              print('CONNECTED', host)
          except OSError as e:
              print('refused', host, e.errno)
      """)
    #expect(error == nil, "\(report.stderrTail)")
    #expect(!report.stdoutTail.contains("CONNECTED"))
    #expect(listener.acceptedAny() == false)
  }

  @Test("a fork bomb hits the process limit, is stopped, and leaves no process behind")
  func forkBomb() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python(
      """
      import os, time
      children = 0
      while True:
          try:
              if os.fork() == 0:
                  while True:
                      try: os.fork()
                      except OSError: time.sleep(0.01)
              children += 1
          except OSError as e:
              print('fork failed after', children, e)
              break
      time.sleep(60)
      """, timeout: .seconds(2))
    #expect(report.timedOut)
    #expect(error?.type == .timeout)
    #expect(report.stdoutTail.contains("fork failed after"), "\(report.stdoutTail) \(report.stderrTail)")
    Thread.sleep(forTimeInterval: 0.2)
    #expect(fixture.leftoverProcesses().isEmpty)
  }

  @Test("allocating 50 GB fails with memory_exceeded")
  func memory() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python("x = bytearray(50 * 2**30)\n")
    #expect(report.memoryExceeded)
    #expect(error?.type == .memoryExceeded)
    #expect(error?.frame?.line == 1)
  }

  @Test("writing 20 GB stops at the file size limit")
  func fileSize() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python(
      """
      block = b'0' * 2**20
      with open('/workspace/working/big.bin', 'wb') as f:
          for _ in range(20 * 1024):
              f.write(block)
      """, timeout: .seconds(10))
    #expect(report.fileSizeExceeded, "\(report.stderrTail)")
    #expect(error?.type == .fileSizeExceeded)
    let size = (try FileManager.default.attributesOfItem(atPath: fixture.mounts.working + "/big.bin")[.size] as? Int) ?? 0
    #expect(size <= fixture.limits.fileSizeBytes)
  }

  @Test("filling /tmp stops at its size")
  func tmpFull() throws {
    let fixture = try SandboxFixture()
    let (_, error) = try fixture.python(
      """
      import os
      for i in range(100):
          with open(f'/tmp/f{i}', 'wb') as f:
              f.write(b'0' * 2**20)
      """)
    #expect(error?.type == .diskExceeded)
  }

  @Test("printing 1 GB keeps a bounded tail and log and finishes")
  func outputFlood() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python(
      """
      import sys
      block = b'x' * 2**20
      for _ in range(1024):
          sys.stdout.buffer.write(block)
      sys.stdout.buffer.write(b'\\nTHE END\\n')
      """, timeout: .seconds(20))
    #expect(error == nil, "\(report.stderrTail)")
    #expect(report.outputTruncated)
    #expect(report.stdoutBytes > 1 << 30)
    #expect(report.stdoutTail.utf8.count < 4200)
    #expect(report.stdoutTail.hasSuffix("THE END\n"))
    let log = (try FileManager.default.attributesOfItem(atPath: fixture.root.path + "/stdout.log")[.size] as? Int) ?? 0
    #expect(log == 1 << 20)
  }

  @Test("code ignoring SIGTERM is killed after the grace period")
  func ignoresSigterm() throws {
    let fixture = try SandboxFixture()
    let start = Date()
    let (report, error) = try fixture.python(
      """
      import signal, time
      signal.signal(signal.SIGTERM, signal.SIG_IGN)
      print('ignoring', flush=True)
      while True:
          time.sleep(1)
      """, timeout: .seconds(1))
    #expect(report.timedOut)
    #expect(report.signal == 9)
    #expect(error?.type == .timeout)
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(fixture.leftoverProcesses().isEmpty)
  }

  @Test("sleeping forever ends at the timeout")
  func sleepsForever() throws {
    let fixture = try SandboxFixture()
    let (report, error) = try fixture.python("import time\ntime.sleep(10**6)\n", timeout: .seconds(1))
    #expect(report.timedOut)
    #expect(error?.type == .timeout)
    #expect(report.seconds < 3)
  }

  @Test("syntax and runtime errors are typed with their frame")
  func errors() throws {
    let fixture = try SandboxFixture()
    let (_, syntax) = try fixture.python("x = (1,\nprint('never')\n")
    #expect(syntax?.type == .syntaxError)
    #expect(syntax?.frame?.file == "/workspace/code/step.py")
    let (_, runtime) = try fixture.python("def f(d):\n    return d['missing']\n\nf({})\n")
    #expect(runtime?.type == .runtimeError)
    #expect(runtime?.message == "KeyError: 'missing'")
    #expect(runtime?.frame?.line == 2)
    #expect(runtime?.frame?.function == "f")
    #expect(runtime?.frame?.code == "return d['missing']")
  }
}

/// A TCP listener on the host's loopback that records whether anything connected.
final class LoopbackListener {
  let fd: Int32
  let port: UInt16

  init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    _ = fcntl(fd, F_SETFL, O_NONBLOCK)
    self.fd = fd
    port = UInt16(bigEndian: address.sin_port)
  }

  deinit { close(fd) }

  func acceptedAny() -> Bool {
    let client = accept(fd, nil, nil)
    if client >= 0 { close(client) }
    return client >= 0
  }
}
