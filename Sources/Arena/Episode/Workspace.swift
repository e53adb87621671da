import Basics
import Catalog
import Foundation

/// The folder of one episode: `runs/<run-id>/` with the sandbox's workspace, step logs, submissions and records.
///
/// ```
/// <run-id>/workspace/input/     the bundle's public files (read-only in the sandbox)
/// <run-id>/workspace/working/   the agent's scratch space, kept across steps
/// <run-id>/workspace/code/      each step's code, step-003.py or step-003.sh (read-only in the sandbox)
/// <run-id>/steps/step-003.{stdout,stderr}.log
/// <run-id>/submissions/step-003.csv
/// <run-id>/trajectory.jsonl, summary.json
/// ```
public struct Workspace: Sendable {
  public let runID: String
  public let directory: String

  public var input: String { directory + "/workspace/input" }
  public var working: String { directory + "/workspace/working" }
  public var code: String { directory + "/workspace/code" }
  public var etc: String { directory + "/sandbox-etc" }
  public var steps: String { directory + "/steps" }
  public var submissions: String { directory + "/submissions" }
  public var trajectory: String { directory + "/trajectory.jsonl" }
  public var summary: String { directory + "/summary.json" }

  public var mounts: SandboxMounts { SandboxMounts(input: input, working: working, code: code, etc: etc) }

  /// Reserves a new run folder `<date>-<time>-<competition>-<agent>-<n>` and fills the workspace.
  public static func create(
    runsDirectory: String, competition: String, agent: String, bundle: CompetitionBundle, sandbox: Sandbox,
    date: Date = Date()
  ) throws(SandboxError) -> Workspace {
    try prepare(
      runsDirectory: runsDirectory, competition: competition, agent: agent, bundle: bundle, sandbox: sandbox,
      date: date, reading: [:]
    ).workspace
  }

  /// Like `create`, reading the bundle's files in `reading` (paths and caps) in the same pass as the public files
  /// and keeping the first `EpisodeMaterial.headBytes` of every public CSV: one decompression of the bundle.
  static func prepare(
    runsDirectory: String, competition: String, agent: String, bundle: CompetitionBundle, sandbox: Sandbox,
    date: Date = Date(), reading: [String: Int]
  ) throws(SandboxError) -> (workspace: Workspace, pass: BundlePass) {
    guard makeDirectories(runsDirectory) else { throw .workspace("cannot create \(runsDirectory)") }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let stem = "\(formatter.string(from: date))-\(competition)-\(agentSlug(agent))"
    var counter = 1
    var directory = ""
    while true {
      directory = runsDirectory + "/" + stem + "-\(counter)"
      // Private: the records hold scores, submissions and the agent's conversation.
      if mkdir(directory, 0o700) == 0 { break }
      guard errno == EEXIST, counter < 10_000 else { throw .workspace("cannot create \(directory)") }
      counter += 1
    }
    let workspace = Workspace(runID: String(directory.split(separator: "/").last ?? ""), directory: directory)
    for folder in [workspace.input, workspace.working, workspace.code, workspace.etc, workspace.steps,
                   workspace.submissions] where !makeDirectories(folder) {
      throw .workspace("cannot create \(folder)")
    }
    for folder in [workspace.steps, workspace.submissions] where chmod(folder, 0o700) != 0 {
      throw .workspace("cannot make \(folder) private")
    }
    let pass: BundlePass
    do {
      pass = try bundle.extract(
        prefix: "public/", to: workspace.input, overwrite: true, reading: reading,
        headBytes: reading.isEmpty ? 0 : EpisodeMaterial.headBytes, keepHead: { $0.hasSuffix(".csv") })
    } catch {
      throw .workspace("cannot extract the public files: \(error.message)")
    }
    for (name, text) in sandbox.etcFiles() where !writeText(workspace.etc + "/" + name, text) {
      throw .workspace("cannot write \(workspace.etc)/\(name)")
    }
    if let owner = sandbox.workingOwner, chown(workspace.working, owner.uid, owner.gid) != 0 {
      throw .workspace("cannot hand \(workspace.working) to uid \(owner.uid): \(errorText())")
    }
    return (workspace, pass)
  }

  /// A slug of the agent's name for the run id: `cmd:python3 x.py` → `cmd`.
  static func agentSlug(_ agent: String) -> String {
    let base = agent.split(separator: ":").first.map(String.init) ?? agent
    let cleaned = base.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    return String(cleaned.prefix(24)).isEmpty ? "agent" : String(cleaned.prefix(24))
  }

  /// What `working/` holds now, each file once, by apparent size (see `WorkingUsage`).
  func workingUsage() -> WorkingUsage { WorkingUsage.measure(working) }
}
