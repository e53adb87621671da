import Basics
import Foundation
import Testing

/// A single-node Slurm cluster from Debian's packages (munge, slurmctld, slurmd; tools/setup.sh installs them),
/// started in a temporary directory with its own key, ports and state, and stopped at the end.
private final class SlurmCluster {
  let folder: String
  let config: String
  private var daemons: [pid_t] = []

  init() throws {
    folder = "/var/tmp/tatami-slurm-" + UUID().uuidString.prefix(8).lowercased()
    config = folder + "/slurm.conf"
    let manager = FileManager.default
    for sub in ["", "/state", "/spool"] {
      try manager.createDirectory(atPath: folder + sub, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    }
    var key = [UInt8](repeating: 0, count: 1024)
    for index in key.indices { key[index] = UInt8.random(in: 0...255) }
    manager.createFile(atPath: folder + "/munge.key", contents: Data(key), attributes: [.posixPermissions: 0o600])
    let port = Int.random(in: 20_000..<60_000)
    let host = Self.shortHostname()
    let memory = Self.memoryMiB() - 512
    try """
      ClusterName=tatami\(port)
      SlurmctldHost=\(host)
      AuthType=auth/munge
      AuthInfo=socket=\(folder)/munge.sock
      CredType=cred/munge
      SlurmUser=root
      SlurmdUser=root
      SlurmctldPort=\(port)
      SlurmdPort=\(port + 1)
      StateSaveLocation=\(folder)/state
      SlurmdSpoolDir=\(folder)/spool
      SlurmctldPidFile=\(folder)/slurmctld.pid
      SlurmdPidFile=\(folder)/slurmd.pid
      SlurmctldLogFile=\(folder)/slurmctld.log
      SlurmdLogFile=\(folder)/slurmd.log
      ProctrackType=proctrack/linuxproc
      TaskPlugin=task/none
      SchedulerType=sched/builtin
      SelectType=select/cons_tres
      SelectTypeParameters=CR_CPU
      ReturnToService=2
      MpiDefault=none
      JobAcctGatherType=jobacct_gather/none
      AccountingStorageType=accounting_storage/none
      NodeName=\(host) CPUs=\(ProcessInfo.processInfo.activeProcessorCount) RealMemory=\(memory) State=UNKNOWN
      PartitionName=tatami Nodes=\(host) Default=YES MaxTime=INFINITE State=UP

      """.write(toFile: config, atomically: true, encoding: .utf8)
  }

  var environment: [String: String] { ["SLURM_CONF": config] }

  func start() throws {
    try daemon("/usr/sbin/munged", [
      "-F", "-f", "--socket=\(folder)/munge.sock", "--key-file=\(folder)/munge.key",
      "--pid-file=\(folder)/munged.pid", "--log-file=\(folder)/munged.log", "--seed-file=\(folder)/munged.seed",
    ])
    #expect(waitFor(10) { FileManager.default.fileExists(atPath: folder + "/munge.sock") }, "munged started")
    try daemon("/usr/sbin/slurmctld", ["-D", "-f", config])
    try daemon("/usr/sbin/slurmd", ["-D", "-f", config])
  }

  /// Waits for the node to be idle.
  func waitIdle() -> Bool {
    waitFor(60) { ((try? self.command("/usr/bin/sinfo", ["-h", "-o", "%T"]).output) ?? "").contains("idle") }
  }

  /// Runs a command to its end with SLURM_CONF (and `extra`) set; its status and output (both streams).
  func command(_ executable: String, _ arguments: [String], extra: [String: String] = [:]) throws
    -> (status: Int32, output: String)
  {
    let file = folder + "/client-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let pid = try spawn([executable] + arguments, output: file, extra: extra)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    trace("\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " ")): exit \(code)")
    return (code, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
  }

  /// A line in `trace.log`, to see where a run stopped.
  func trace(_ line: String) {
    let text = "\(Date()) \(line)\n"
    if let handle = FileHandle(forWritingAtPath: folder + "/trace.log") {
      handle.seekToEndOfFile()
      handle.write(Data(text.utf8))
      try? handle.close()
    } else {
      FileManager.default.createFile(atPath: folder + "/trace.log", contents: Data(text.utf8))
    }
  }

  func log(_ name: String) -> String { (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? "" }

  /// SIGTERM to each daemon, SIGKILL after 10 seconds; then the folder goes.
  func stop() {
    for pid in daemons.reversed() {
      kill(pid, SIGTERM)
      var status: Int32 = 0
      var waited = 0
      while waitpid(pid, &status, WNOHANG) == 0 && waited < 100 {
        usleep(100_000)
        waited += 1
      }
      if waited == 100 {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
      }
    }
    try? FileManager.default.removeItem(atPath: folder)
  }

  private func daemon(_ executable: String, _ arguments: [String]) throws {
    let name = (executable as NSString).lastPathComponent
    daemons.append(try spawn([executable] + arguments, output: folder + "/\(name).out"))
  }

  /// posix_spawn with default signal dispositions and an empty mask (Foundation's Process hands its children a
  /// mask that blocks SIGTERM, and stops noticing their exits once daemons are among them).
  private func spawn(_ argv: [String], output: String, extra: [String: String] = [:]) throws -> pid_t {
    let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
      .merging(extra) { _, new in new }
    return try ProcessSpawning.spawn(argv, environment: variables, stdout: .file(output))
  }

  private func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(200_000)
    }
    return condition()
  }

  static func shortHostname() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    gethostname(&buffer, buffer.count)
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(name.split(separator: ".").first ?? "localhost")
  }

  static func memoryMiB() -> Int {
    let text = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("MemTotal:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 4_194_304) / 1024
  }
}

/// The bench's `--emit slurm` script submitted with sbatch to a real single-node cluster started here; each array
/// task runs one shard into its own directory and `tatami report` merges them.
@Suite(.serialized)
struct SlowSlurmClusterTests {
  @Test(
    "sbatch runs the emitted array script on a real single-node cluster and report merges the shards",
    .disabled(if: getuid() != 0, "slurmd and munged are started as root (CI runs as root)"))
  func arrayJob() throws {
    for binary in ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/squeue"] {
      try #require(FileManager.default.isExecutableFile(atPath: binary), "no \(binary): run tools/setup.sh")
    }
    let cluster = try SlurmCluster()
    defer { cluster.stop() }
    try cluster.start()
    let logs = cluster.log("slurmctld.log").suffix(1500) + "\n" + cluster.log("slurmd.log").suffix(1500)
    try #require(cluster.waitIdle(), "the node never became idle:\n\(logs)")

    let home = cluster.folder + "/home"
    let root = cluster.folder + "/benches/cluster"
    var environment = ["TATAMI_HOME": home]
    if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv").path
    }
    let tatami = TatamiBinary.url.path
    let script = cluster.folder + "/bench.sbatch"
    let catalog = TatamiBinary.fixture("bench") + "/Competitions"
    let emitted = try cluster.command(
      tatami,
      [
        "bench", "cluster", "--agent", "baseline", "--agent", "cmd:python3 \(TatamiBinary.fixture("bench"))/agent.py 2 0.5",
        "--competitions", "bench-lite-a,bench-lite-b", "--seeds", "2", "--memory", "1G", "--time", "5m",
        "--catalog", catalog, "--emit", "slurm", "--shards", "3", "--dir", root, "-o", script,
      ], extra: environment)
    try #require(emitted.status == 0, "\(emitted.output)")

    // sbatch passes the submitter's environment (TATAMI_HOME, the runtime) on to the tasks.
    let submitted = try cluster.command(
      "/usr/bin/sbatch", ["--parsable", "--chdir=\(cluster.folder)", script], extra: environment)
    let jobID = submitted.output.trimmingCharacters(in: .whitespacesAndNewlines)
    let controller = cluster.log("slurmctld.log").suffix(1500)
    try #require(submitted.status == 0 && !jobID.isEmpty, "sbatch: \(submitted.output)\n\(controller)")
    let deadline = Date().addingTimeInterval(300)
    while Date() < deadline {
      let queued = try cluster.command("/usr/bin/squeue", ["-h", "-j", jobID]).output
      if queued.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
      usleep(1_000_000)
    }
    for index in 1...3 {
      #expect(FileManager.default.fileExists(atPath: root + "/shards/\(index)-of-3/plan.json"), "shard \(index) ran")
    }
    let outputs = (try? FileManager.default.contentsOfDirectory(atPath: root + "/slurm")) ?? []
    #expect(outputs.count == 3, "one Slurm output file per array task: \(outputs)")
    let texts = outputs.map { cluster.log("benches/cluster/slurm/" + $0) }
    let report = try cluster.command(tatami, ["report", root, "--json"], extra: environment)
    #expect(report.status == 0, "\(report.output)")
    let json = report.output.drop { $0 != "{" }
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(report.output.prefix(500))")
    #expect(object["planned"] as? Int == 8)
    #expect(object["missing"] as? Int == 0, "\(texts)")
  }
}
