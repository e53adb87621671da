// Measures the harness's own cost per step: a `run` action whose code does nothing, repeated.
//
//   swift build -c release --product step-overhead
//   TATAMI_PYTHON_RUNTIME=.venv .build/release/step-overhead [--steps 50] [--bundle Competitions/catsup-brand-choice.tar.gz]
//
// Reports medians over the steps of: the whole step as the episode sees it (write the code, start the sandbox,
// run, reap, classify, check the disk budget, write the trajectory line), the part spent outside the sandboxed
// process, and the same with `python -c pass`-like code (which adds the interpreter's start-up, the agent's cost).
import Arena
import Catalog
import Foundation

var steps = 50
var bundlePath = "Competitions/catsup-brand-choice.tar.gz"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--steps": steps = Int(arguments.next() ?? "") ?? steps
  case "--bundle": bundlePath = arguments.next() ?? bundlePath
  default:
    FileHandle.standardError.write(Data("usage: step-overhead [--steps N] [--bundle PATH]\n".utf8))
    exit(2)
  }
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  let sorted = values.sorted()
  return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

do {
  let environment = ProcessInfo.processInfo.environment
  let root = NSTemporaryDirectory() + "/tatami-step-overhead-\(getpid())"
  defer { try? FileManager.default.removeItem(atPath: root) }
  let bundle = try CompetitionBundle.open(bundlePath)
  let budget = Budget(steps: 3 * steps + 1, seconds: 3600, stepTimeoutSeconds: 60)
  let runtime = try PythonRuntime.resolve(environment: environment, home: root) { print($0) }
  let sandbox = try Sandbox.make(runtime: runtime, limits: budget.sandbox, allowUnsafe: false, environment: environment)
  let workspace = try Workspace.create(
    runsDirectory: root, competition: bundle.manifest.id, agent: "bench", bundle: bundle, sandbox: sandbox)
  let episode = try Episode(
    config: EpisodeConfig(agent: "bench", budget: budget), bundle: bundle, workspace: workspace, sandbox: sandbox,
    ranking: ReferenceBoardRanking(publicScores: [], privateScores: []))
  let clock = ContinuousClock()
  func measure(_ action: Action) -> (total: Double, outside: Double) {
    let start = clock.now
    let feedback = episode.perform(action)
    let total = (clock.now - start).seconds
    precondition(feedback.status == .ok, "step failed: \(feedback.message)")
    return (total, total - (feedback.execution?.seconds ?? 0))
  }
  _ = measure(.run(.shell("true")))  // warm-up: page cache, first bwrap start
  let shell = (0..<steps).map { _ in measure(.run(.shell("true"))) }
  let python = (0..<steps).map { _ in measure(.run(.python("pass"))) }
  let info = (0..<steps).map { _ in measure(.info) }
  func row(_ name: String, _ values: [Double]) {
    print(String(format: "%-46@ median %7.2f ms   p90 %7.2f ms", name as NSString, median(values) * 1000,
                 percentile(values, 0.9) * 1000))
  }
  print("sandbox: \(sandbox.isolated ? "bubblewrap" : "none"), \(steps) steps each, \(ProcessInfo.processInfo.activeProcessorCount) cores")
  row("run `true`: whole step (harness overhead)", shell.map(\.total))
  row("run `true`: harness outside the sandbox", shell.map(\.outside))
  row("run python `pass`: whole step (+ interpreter)", python.map(\.total))
  row("info action", info.map(\.total))
  episode.end(.aborted)
} catch {
  FileHandle.standardError.write(Data("step-overhead: \(error)\n".utf8))
  exit(1)
}
