import Basics
import Foundation
import Testing
import Catalog
import Leaderboard
import TatamiTestSupport

@testable import Arena

@Suite
struct SandboxCheckCacheTests {
  private static let runtime = PythonRuntime(python: "/usr/bin/python3", binDirectory: "/usr/bin", mountPaths: [])

  /// A sandbox over a fake bubblewrap that succeeds, or fails like bubblewrap does while `<folder>/broken` exists.
  private func sandbox(_ folder: TemporaryFolder, bwrap name: String = "bwrap") throws -> Sandbox {
    let bwrap = folder.path + "/bin/" + name
    if !FileManager.default.fileExists(atPath: bwrap) {
      try writeScript(
        bwrap, counting: folder.path,
        body: "[ -e '\(folder.path)/broken' ] && { echo 'bwrap: setting up uid map: Permission denied' >&2; exit 1; }"
          + "\nexit 0")
    }
    if !FileManager.default.fileExists(atPath: folder.path + "/boot_id") { try folder.file("boot_id", "boot-1\n") }
    var sandbox = Sandbox(
      mode: .bubblewrap(path: bwrap), runtime: Self.runtime, limits: SandboxLimits(), lease: nil,
      prlimit: "/usr/bin/prlimit", setpriv: nil, isRoot: false, checkCache: folder.path + "/cache")
    sandbox.bootIDPath = folder.path + "/boot_id"
    return sandbox
  }

  private func outcome(exit code: Int32, stderr: String) -> ProcessOutcome {
    var tail = OutputTail(capacity: 4096)
    Array(stderr.utf8).withUnsafeBytes { tail.append($0) }
    return ProcessOutcome(
      termination: .exited(code), seconds: 0.01, timedOut: false, killed: false, stdout: OutputTail(capacity: 16),
      stderr: tail, maxRSSBytes: 0, cpuSeconds: 0)
  }

  @Test("a passed check is remembered for the boot: bubblewrap starts once for two sandboxes")
  func remembered() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    try sandbox(folder).probe()
    try sandbox(folder).probe()
    #expect(startCount(folder.path) == 1)
  }

  @Test("another boot id, a changed or other bubblewrap, or other options check again")
  func invalidation() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    try sandbox(folder).probe()
    try folder.file("boot_id", "boot-2\n")
    try sandbox(folder).probe()
    #expect(startCount(folder.path) == 2)
    try sandbox(folder).probe()
    #expect(startCount(folder.path) == 2)
    setModified(folder.path + "/bin/bwrap", 1_000_000_000)
    try sandbox(folder).probe()
    #expect(startCount(folder.path) == 3)
    try sandbox(folder, bwrap: "bwrap-other").probe()
    #expect(startCount(folder.path) == 4)
    let base = try sandbox(folder)
    let rooted = Sandbox(
      mode: base.mode, runtime: Self.runtime, limits: SandboxLimits(), lease: nil, prlimit: "/usr/bin/prlimit",
      setpriv: "/usr/bin/setpriv", isRoot: true, checkCache: folder.path + "/cache")
    var root = rooted
    root.bootIDPath = folder.path + "/boot_id"
    try root.probe()
    #expect(startCount(folder.path) == 5)
  }

  @Test("without a boot id nothing is remembered")
  func noBootID() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    var sandbox = try sandbox(folder)
    sandbox.bootIDPath = folder.path + "/missing"
    try sandbox.probe()
    try sandbox.probe()
    #expect(startCount(folder.path) == 2)
  }

  @Test("a failing check is reported every time and never remembered")
  func failureNotRemembered() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    try folder.file("broken", "")
    #expect(throws: SandboxError.bubblewrapUnusable("bwrap: setting up uid map: Permission denied")) {
      try sandbox(folder).probe()
    }
    #expect(throws: SandboxError.bubblewrapUnusable("bwrap: setting up uid map: Permission denied")) {
      try sandbox(folder).probe()
    }
    #expect(startCount(folder.path) == 2)
    try FileManager.default.removeItem(atPath: folder.path + "/broken")
    try sandbox(folder).probe()
    #expect(startCount(folder.path) == 3)
  }

  @Test("a sandbox that breaks after a remembered check: the step's bwrap failure is the harness's, and forgotten")
  func breaksLater() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    let sandbox = try sandbox(folder)
    try sandbox.probe()
    try folder.file("broken", "")
    // Same boot, same bubblewrap: the remembered pass stands until a step shows otherwise.
    try self.sandbox(folder).probe()
    #expect(startCount(folder.path) == 1)
    let failed = outcome(exit: 1, stderr: "bwrap: setting up uid map: Permission denied\n")
    #expect(sandbox.setupFailure(failed) == .bubblewrapUnusable("bwrap: setting up uid map: Permission denied"))
    #expect(startCount(folder.path) == 2)
    #expect(throws: SandboxError.self) { try self.sandbox(folder).probe() }
  }

  @Test("agent code that prints bwrap: and exits 1 on a working sandbox stays the agent's error")
  func agentImitation() throws {
    let folder = try TemporaryFolder("tatami-sandbox-cache")
    let sandbox = try sandbox(folder)
    try sandbox.probe()
    #expect(sandbox.setupFailure(outcome(exit: 1, stderr: "bwrap: I am not bubblewrap\n")) == nil)
    #expect(sandbox.setupFailure(outcome(exit: 2, stderr: "bwrap: exit 2\n")) == nil)
    #expect(sandbox.setupFailure(outcome(exit: 1, stderr: "Traceback\n")) == nil)
    #expect(startCount(folder.path) == 2)
    try sandbox.probe()
    #expect(startCount(folder.path) == 2)
  }
}

@Suite(.serialized)
struct SlowSandboxBreaksTests {
  @Test("a sandbox that breaks during an episode fails the step as harness_error and ends the episode, aborted")
  func breaksDuringEpisode() throws {
    let folder = try TemporaryFolder("tatami-sandbox-breaks")
    let real = try #require(findExecutable("bwrap", environment: ProcessInfo.processInfo.environment))
    // bubblewrap while `broken` is absent; afterwards it fails to set up, as bubblewrap does.
    try writeScript(
      folder.path + "/bin/bwrap", counting: folder.path,
      body: "[ -e '\(folder.path)/broken' ] && "
        + "{ echo 'bwrap: Creating new namespace failed: Operation not permitted' >&2; exit 1; }\n"
        + "exec '\(real)' \"$@\"")
    var environment = ProcessInfo.processInfo.environment
    environment["TATAMI_BWRAP"] = folder.path + "/bin/bwrap"
    let budget = Budget(steps: 6, seconds: 120, stepTimeoutSeconds: 30, sandbox: SlowSandboxTests.smallLimits)
    let sandbox = try Sandbox.make(
      runtime: TestRuntime.runtime(), limits: budget.sandbox, allowUnsafe: false, environment: environment,
      checkCache: folder.path + "/cache")
    let bundle = try CompetitionBundle.open(TestRuntime.packageRoot.path + "/Competitions/catsup-brand-choice.tar.gz")
    let workspace = try Workspace.create(
      runsDirectory: folder.path + "/runs", competition: "catsup-brand-choice", agent: "test", bundle: bundle,
      sandbox: sandbox)
    let episode = try Episode(
      config: EpisodeConfig(agent: "test", budget: budget, seed: 7, reward: .humanRank), bundle: bundle,
      workspace: workspace, sandbox: sandbox, ranking: ReferenceBoardRanking(publicScores: [], privateScores: []))
    let first = episode.perform(.run(.shell("echo fine")))
    #expect(first.status == .ok)
    try folder.file("broken", "")
    let second = episode.perform(.run(.shell("echo never")))
    #expect(second.status == .error)
    #expect(second.error?.type == .harnessError)
    #expect(second.error?.message.contains("Creating new namespace failed") == true)
    #expect(second.done)
    #expect(episode.isOver)
    #expect(episode.result?.status == .aborted)
    #expect(episode.result?.note?.contains("the sandbox stopped working") == true)
    // The remembered check is forgotten: the next sandbox is checked again, and fails.
    #expect(throws: SandboxError.self) {
      try Sandbox.make(
        runtime: TestRuntime.runtime(), limits: budget.sandbox, allowUnsafe: false, environment: environment,
        checkCache: folder.path + "/cache")
    }
  }
}
