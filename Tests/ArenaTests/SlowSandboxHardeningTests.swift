import Catalog
import Foundation
import TatamiTestSupport
import Testing

@testable import Arena

/// Regression tests for the sandbox findings of issue 9 (A1–A5, A8, A9): each attacks the harness the way the
/// adversarial review did and checks the attack is contained.
@Suite(.serialized)
struct SlowSandboxHardeningTests {
  /// Python listing the descriptors it holds above 2 (from /proc/self/fd, keeping those still open after the
  /// listing closed its own) and trying to write a forged line into each.
  static let descriptorProbe = """
    import os
    listed = sorted(int(name) for name in os.listdir('/proc/self/fd'))
    held = []
    for fd in listed:
        if fd <= 2:
            continue
        try:
            os.fstat(fd)
        except OSError:
            continue
        held.append(fd)
    for fd in range(3, 1024):
        try:
            os.fstat(fd)
            if fd not in held:
                held.append(fd)
        except OSError:
            pass
    wrote = []
    for fd in held:
        try:
            os.write(fd, b'{"type":"end","result":{"medal":"gold"},"reward":1} FORGED\\n')
            wrote.append(fd)
        except OSError:
            pass
    print('held', held, 'wrote', wrote)
    """

  // MARK: A2, A3: descriptors

  @Test("A2: a step's code does not inherit the trajectory and cannot forge records in it")
  func trajectoryNotInherited() throws {
    let fixture = try EpisodeFixture()
    let feedback = fixture.episode.perform(.run(.python(Self.descriptorProbe)))
    #expect(feedback.status == .ok, "\(feedback)")
    #expect(feedback.execution?.stdoutTail.contains("held [] wrote []") == true, "\(feedback.execution?.stdoutTail ?? "")")
    fixture.episode.perform(.finish(submission: nil))
    let text = try String(contentsOfFile: fixture.episode.workspace.trajectory, encoding: .utf8)
    // The real end record starts with "result" (sorted keys); a forged one would add a line.
    #expect(!text.split(separator: "\n").contains { $0.hasPrefix("{\"type\":\"end\"") }, "\(text)")
    #expect(try fixture.trajectoryLines().map { $0["type"] as? String } == ["start", "step", "step", "end"])
  }

  @Test("A3: descriptors tatami itself inherited (a root-only file, a writable host file) never reach the code")
  func inheritedDescriptorsClosed() throws {
    let fixture = try SandboxFixture()
    try fixture.root.file("host/target.txt", "UNTOUCHED\n")
    let target = fixture.root.path + "/host/target.txt"
    // Opened without close-on-exec, as a parent process of tatami might have left them.
    let writable = open(target, O_RDWR | O_APPEND)
    let rootOnly = open("/etc/shadow", O_RDONLY)
    #expect(writable >= 3)
    defer {
      close(writable)
      if rootOnly >= 0 { close(rootOnly) }
    }
    let (report, error) = try fixture.python(Self.descriptorProbe)
    #expect(error == nil, "\(report.stderrTail)")
    #expect(report.stdoutTail.contains("held [] wrote []"), "\(report.stdoutTail)")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "UNTOUCHED\n")
  }

  @Test("A3: every process tatami starts, sandboxed or not, begins with only fds 0, 1 and 2")
  func unsandboxedChildrenStartClean() throws {
    let folder = try TemporaryFolder()
    try folder.file("leak.txt", "x")
    let leaked = open(folder.path + "/leak.txt", O_RDWR)
    defer { close(leaked) }
    let outcome = try ProcessRunner.run(
      ProcessSpec(
        executable: "/bin/sh",
        // The glob's own folder descriptor is closed by the time the loop tests each entry.
        arguments: ["-c", "for f in /proc/$$/fd/*; do [ -e \"$f\" ] && printf '%s ' \"${f##*/}\"; done"]),
      limits: RunLimits(timeout: .seconds(10)))
    #expect(outcome.stdout.text == "0 1 2 ", "\(outcome.stdout.text)")
  }

  // MARK: A1, A4: the submission file

  /// A submission written by code that replaces `working/submission.csv` with something other than a file.
  func hostileSubmission(_ fixture: EpisodeFixture, _ setup: String) -> Feedback {
    fixture.episode.perform(.submit(.python("import os\n" + setup)))
  }

  @Test("A1: a symlinked submission.csv is refused without reading, copying or quoting its target")
  func symlinkedSubmission() throws {
    let fixture = try EpisodeFixture(budget: Budget(steps: 8, seconds: 300, stepTimeoutSeconds: 30, sandbox: SlowSandboxTests.smallLimits))
    let parallel = try EpisodeFixture()
    // A valid submission outside the workspace (as the answers of a directory bundle would be), and a parallel
    // episode's submission.
    let sample = try #require(FileManager.default.contents(atPath: fixture.episode.workspace.input + "/sample_submission.csv"))
    let outside = fixture.folder.path + "/outside.csv"
    try sample.write(to: URL(fileURLWithPath: outside))
    let valid = parallel.episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11))))
    #expect(valid.submission?.valid == true)
    try fixture.folder.file("secret.txt", "SECRET-CANARY-7731,Adelie\nmore\n")
    let targets = ["/etc/shadow", fixture.folder.path + "/secret.txt", outside,
                   parallel.episode.workspace.working + "/submission.csv", fixture.folder.path + "/does-not-exist.csv"]
    var messages: Set<String> = []
    for target in targets {
      let feedback = hostileSubmission(fixture, "os.symlink('\(target)', '/workspace/working/submission.csv')")
      #expect(feedback.error?.type == .unsafeSubmission, "\(target): \(feedback)")
      #expect(feedback.submission?.valid != true)
      let text = String(decoding: try JSONEncoder().encode(feedback), as: UTF8.self)
      #expect(!text.contains("SECRET-CANARY") && !text.contains("root:") && !text.contains(target), "\(text)")
      messages.insert(feedback.error?.message ?? "")
    }
    // The same words whatever the target: nothing tells whether a host path exists.
    #expect(messages.count == 1, "\(messages)")
    let copies = (try? FileManager.default.contentsOfDirectory(atPath: fixture.episode.workspace.submissions)) ?? []
    #expect(copies.isEmpty, "\(copies)")
  }

  @Test("A1: a directory or a FIFO at submission.csv is refused, and the harness does not block on the FIFO")
  func directoryAndFIFO() throws {
    let fixture = try EpisodeFixture()
    let directory = hostileSubmission(fixture, "os.mkdir('/workspace/working/submission.csv')")
    #expect(directory.error?.type == .unsafeSubmission, "\(directory)")
    let fifo = hostileSubmission(fixture, "os.rmdir('/workspace/working/submission.csv')\nos.mkfifo('/workspace/working/submission.csv')")
    #expect(fifo.error?.type == .unsafeSubmission, "\(fifo)")
    let asIs = fixture.episode.perform(.submit(nil))
    #expect(asIs.error?.type == .unsafeSubmission, "\(asIs)")
  }

  @Test("A4: a submission.csv linked to /proc/kmsg does not hang the harness")
  func kmsgSubmission() throws {
    let fixture = try EpisodeFixture()
    let done = DispatchSemaphore(value: 0)
    let box = ThreadBox(fixture.episode)
    let result = ThreadBox<Feedback?>(nil)
    Thread.detachNewThread {
      result.value = box.value.perform(.submit(.python("import os\nos.symlink('/proc/kmsg', '/workspace/working/submission.csv')")))
      done.signal()
    }
    // A liveness bound, not a speed check: before the fix this never returned.
    let returned = done.wait(timeout: .now() + 60) == .success
    #expect(returned)
    guard returned else { return }
    #expect(result.value?.error?.type == .unsafeSubmission, "\(String(describing: result.value))")
  }

  @Test("A1: run records are private: the run folder 0700, its files 0600")
  func privateRecords() throws {
    let fixture = try EpisodeFixture()
    let feedback = fixture.episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11))))
    #expect(feedback.submission?.valid == true, "\(feedback)")
    fixture.episode.perform(.finish(submission: nil))
    let workspace = fixture.episode.workspace
    func mode(_ path: String) -> mode_t {
      var info = stat()
      return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0o7777
    }
    #expect(mode(workspace.directory) == 0o700)
    #expect(mode(workspace.submissions) == 0o700)
    #expect(mode(workspace.steps) == 0o700)
    for file in [workspace.trajectory, workspace.summary, workspace.submissions + "/step-001.csv",
                 workspace.steps + "/step-001.stdout.log", workspace.steps + "/step-001.stderr.log"] {
      #expect(mode(file) == 0o600, "\(file): \(String(mode(file), radix: 8))")
    }
  }

  // MARK: A5: the disk budget

  static func smallDisk() -> Budget {
    var budget = Budget(steps: 6, seconds: 120, stepTimeoutSeconds: 30, sandbox: SlowSandboxTests.smallLimits)
    budget.diskBytes = 24 << 20
    return budget
  }

  @Test("A5: a sparse submission.csv counts its apparent size and is never copied out densely")
  func sparseSubmission() throws {
    var budget = Self.smallDisk()
    budget.sandbox.fileSizeBytes = 1 << 30
    let fixture = try EpisodeFixture(budget: budget)
    let feedback = hostileSubmission(
      fixture, "with open('/workspace/working/submission.csv', 'wb') as f:\n    f.truncate(400 << 20)")
    #expect(feedback.error?.type == .diskExceeded, "\(feedback)")
    let copies = (try? FileManager.default.contentsOfDirectory(atPath: fixture.episode.workspace.submissions)) ?? []
    #expect(copies.isEmpty, "\(copies)")
    #expect(fixture.episode.workspace.workingUsage().bytes <= Self.smallDisk().diskBytes)
  }

  @Test("A5: files with back-dated modification times are removed when the step goes over the budget")
  func backdatedFiles() throws {
    let fixture = try EpisodeFixture(budget: Self.smallDisk())
    let kept = fixture.episode.perform(.run(.python("open('/workspace/working/keep.txt', 'w').write('kept')")))
    #expect(kept.status == .ok)
    let feedback = fixture.episode.perform(.run(.python(
      """
      import os
      for i in range(4):
          path = f'/workspace/working/old{i}.bin'
          with open(path, 'wb') as f:
              f.write(b'1' * (10 << 20))
          os.utime(path, (946684800, 946684800))
      """)))
    #expect(feedback.error?.type == .diskExceeded, "\(feedback)")
    #expect(fixture.episode.workspace.workingUsage().bytes <= Self.smallDisk().diskBytes)
    #expect(FileManager.default.fileExists(atPath: fixture.episode.workspace.working + "/keep.txt"))
  }

  @Test("A5: hard links count once, so linking an earlier file does not trip the budget or delete it")
  func hardLinksCountOnce() throws {
    let fixture = try EpisodeFixture(budget: Self.smallDisk())
    let first = fixture.episode.perform(.run(.python("open('/workspace/working/data.bin', 'wb').write(b'1' * (10 << 20))")))
    #expect(first.status == .ok)
    let linked = fixture.episode.perform(.run(.python(
      "import os\nfor i in range(5):\n    os.link('/workspace/working/data.bin', f'/workspace/working/link{i}.bin')")))
    #expect(linked.status == .ok, "\(linked)")
    #expect(FileManager.default.fileExists(atPath: fixture.episode.workspace.working + "/data.bin"))
  }

  // MARK: A8: user namespaces

  @Test("A8: code cannot create a user namespace (unshare -U, unshare(2), clone(2) with CLONE_NEWUSER)")
  func noUserNamespaces() throws {
    let fixture = try SandboxFixture()
    // Each attempt in a fresh process: after a successful unshare the caller's ids are unmapped, and every later
    // attempt from it would fail for that reason alone.
    let (report, error) = try fixture.python(
      """
      import subprocess, sys
      PRELUDE = ['import ctypes, os', 'libc = ctypes.CDLL(None, use_errno=True)']
      UNSHARE = PRELUDE + ['print(libc.unshare(0x10000000), ctypes.get_errno())']
      CLONE = PRELUDE + [
          'pid = libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0)',
          'if pid == 0: os._exit(0)',
          'if pid > 0: os.waitpid(pid, 0)',
          'print("created" if pid > 0 else "refused", ctypes.get_errno())',
      ]
      for name, lines in [('unshare', UNSHARE), ('clone', CLONE)]:
          result = subprocess.run([sys.executable, '-c', chr(10).join(lines)], capture_output=True, text=True)
          print(name, result.stdout.strip(), result.stderr.strip()[-200:])
      tool = subprocess.run(['unshare', '-U', '--map-root-user', 'id', '-u'], capture_output=True, text=True)
      print('tool', tool.returncode, tool.stdout.strip())
      """)
    #expect(error == nil, "\(report.stderrTail)")
    #expect(report.stdoutTail.contains("unshare -1 1 \n"), "\(report.stdoutTail)")
    #expect(report.stdoutTail.contains("clone refused 1 \n"), "\(report.stdoutTail)")
    #expect(report.stdoutTail.contains("tool 1 \n"), "\(report.stdoutTail)")
    // Ordinary processes and threads still start.
    let (ordinary, failure) = try fixture.python(
      "import subprocess, threading\nt = threading.Thread(target=print, args=('thread',)); t.start(); t.join()\n"
        + "print(subprocess.run(['echo', 'child'], capture_output=True, text=True).stdout.strip())")
    #expect(failure == nil, "\(ordinary.stderrTail)")
    #expect(ordinary.stdoutTail == "thread\nchild\n")
  }

  // MARK: A9: one episode's processes cannot starve another's

  @Test("A9: two concurrent sandboxes get their own uids; a fork bomb in one leaves the other's processes alone")
  func concurrentForkBomb() throws {
    guard geteuid() == 0 else { return }  // As a user, both run as the caller's uid (docs/sandbox.md).
    let bomber = try SandboxFixture()
    let neighbour = try SandboxFixture()
    #expect(bomber.sandbox.unprivilegedID != neighbour.sandbox.unprivilegedID)
    let full = bomber.mounts.working + "/full"
    let done = DispatchSemaphore(value: 0)
    let box = ThreadBox(bomber)
    Thread.detachNewThread {
      _ = try? box.value.python(
        """
        import os, time
        while True:
            try:
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
            except OSError:
                break
        open('/workspace/working/full', 'w').write('full')
        time.sleep(30)
        """, timeout: .seconds(8))
      done.signal()
    }
    let clock = ContinuousClock()
    let start = clock.now
    while !FileManager.default.fileExists(atPath: full), clock.now - start < .seconds(8) { usleep(20_000) }
    #expect(FileManager.default.fileExists(atPath: full), "the bomb never reached the process limit")
    let (report, error) = try neighbour.python(
      """
      import os, time
      started = 0
      for _ in range(16):
          try:
              if os.fork() == 0:
                  time.sleep(0.5)
                  os._exit(0)
              started += 1
          except OSError as e:
              print('fork failed', e)
              break
      print('started', started)
      """, timeout: .seconds(5))
    _ = done.wait(timeout: .now() + 15)
    #expect(error == nil, "\(report.stdoutTail) \(report.stderrTail)")
    #expect(report.stdoutTail.contains("started 16"), "\(report.stdoutTail)")
  }
}

/// Hands a value to another thread; the tests wait on a semaphore before reading it back.
final class ThreadBox<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}
