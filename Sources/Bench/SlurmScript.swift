import Basics
import Foundation

/// What each array task of a Slurm job asks for.
public struct SlurmResources: Sendable, Equatable {
  /// Episodes a task runs at once (`tatami bench --jobs`), and the CPUs it asks for.
  public var jobs: Int
  /// Memory per task, in MiB.
  public var memoryMiB: Int
  /// Wall time per task, in minutes.
  public var minutes: Int
  public var partition: String?

  public init(jobs: Int, memoryMiB: Int, minutes: Int, partition: String? = nil) {
    self.jobs = jobs
    self.memoryMiB = memoryMiB
    self.minutes = minutes
    self.partition = partition
  }
}

/// An `sbatch --array` script that runs a bench as shards: array task I runs `tatami bench … --shard I/N`
/// into its own directory `<root>/shards/I-of-N` (each with its own SQLite file, so no database is shared
/// across hosts); `tatami report <root>` merges them. Resubmitting the script resumes every shard.
public enum SlurmScript {
  /// - Parameters:
  ///   - plan: the whole plan (its shard is ignored).
  ///   - shards: N, the array's size.
  ///   - root: the bench directory on storage every node sees.
  ///   - executable: the `tatami` binary, at a path every node sees.
  public static func render(
    plan: BenchPlan, shards: Int, root: String, executable: String, resources: SlurmResources
  ) -> String {
    var bench = [executable, "bench", plan.name]
    for agent in plan.agents { bench += ["--agent", agent] }
    bench += ["--competitions", plan.competitions.joined(separator: ","), "--seeds", String(plan.seeds)]
    bench += ["--jobs", String(resources.jobs)] + plan.runArguments
    let command = bench.map(quote).joined(separator: " ")
      + " --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\" --dir \(quote(root))/shards/\"${SLURM_ARRAY_TASK_ID}-of-\(shards)\""
    var lines = [
      "#!/bin/bash",
      "# tatami bench \(plan.name): \(plan.episodes.count) episodes (\(plan.agents.count) agents x "
        + "\(plan.competitions.count) competitions x \(plan.seeds) seeds) in \(shards) array tasks.",
      "# Submit with: sbatch <this file>. Each task writes \(root)/shards/<i>-of-\(shards) (shared storage);",
      "# resubmitting resumes the unfinished episodes. Then: tatami report \(root)",
      "#SBATCH --job-name=\(quote("tatami-" + plan.name))",
      "#SBATCH --array=1-\(shards)",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=\(resources.jobs)",
      "#SBATCH --mem=\(resources.memoryMiB)M",
      "#SBATCH --time=\(clock(minutes: resources.minutes))",
      // The folder exists: `--emit slurm` creates it (Slurm opens this file before the script runs).
      "#SBATCH --output=\(root)/slurm/%A_%a.out",
    ]
    if let partition = resources.partition { lines.append("#SBATCH --partition=\(partition)") }
    lines += [
      "set -euo pipefail",
      // exec: the task's signals (scancel, the time limit) reach tatami bench, which stops its episodes cleanly.
      "exec " + command,
      "",
    ]
    return lines.joined(separator: "\n")
  }

  /// `D-HH:MM:SS` as sbatch reads it.
  static func clock(minutes: Int) -> String {
    let days = minutes / 1440
    let hours = minutes % 1440 / 60
    let rest = minutes % 60
    let time = (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest):00"
    return days > 0 ? "\(days)-\(time)" : time
  }

  /// Single-quoted for bash unless it is plainly safe.
  static func quote(_ word: String) -> String {
    let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
      scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
        || "-_./:=,+@%".unicodeScalars.contains(scalar)
    }
    return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
