import Foundation
import Testing

/// Every example of `--help` (every command, found through the SUBCOMMANDS lists) and of the code blocks of
/// README.md and docs/ runs as written against the built binary and exits 0.
///
/// Examples run with `/bin/sh -c` in a scratch folder holding what they name: links to the repository's
/// `Competitions/` and `Leaderboards/`, a copy of `examples/`, and the user files the score examples mention
/// (`submission.csv`, `answers.csv`: penguins' sample submission and answers). The llm example talks to the
/// loopback stub of tools/llm_stub_server.py through OPENAI_BASE_URL. One change is made: `tatami run`
/// examples get `--steps 2` appended (the last value wins), so that the search agent's 20 steps of model
/// fitting do not run in CI.
@Suite(.serialized)
struct SlowDocExamplesTests {
  static let root = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("every example in --help and in the docs runs as written")
  func examplesRun() throws {
    let commands = try Self.commandPaths()
    #expect(commands.contains(["bundle", "pack"]) && commands.contains(["runs", "export"]))
    var examples = try commands.flatMap { try Self.helpExamples(of: $0) }
    examples += try Self.docExamples(subcommands: Set(commands.compactMap(\.first)))
    #expect(examples.count >= 15, "\(examples)")
    #expect(examples.contains { $0.text.contains("bundle pack") } && examples.contains { $0.text.contains("agent.py") })

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tatami-examples-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    try prepare(scratch)
    let stub = try LoopbackStub()
    defer { stub.stop() }
    for example in examples {
      let folder = scratch.appendingPathComponent("work-\(UUID())")
      try FileManager.default.copyItem(at: scratch.appendingPathComponent("template"), to: folder)
      let line = example.text.hasPrefix("tatami run ") ? example.text + " --steps 2" : example.text
      // A server runs until stopped: it runs as written when it says it listens; then it is stopped.
      let isServer = line.contains("tatami serve")
      let outcome = try Self.shell(
        isServer ? Self.untilListening(line) : line, in: folder, baseURL: stub.baseURL, home: scratch.path + "/home")
      if isServer {
        #expect(outcome.stdout.contains("listening on http://"), "\(example.source): `\(line)`: \(outcome.stdout.suffix(800))")
      } else {
        #expect(outcome.status == 0, "\(example.source): `\(line)` exited \(outcome.status): \(outcome.stderr.suffix(800))")
      }
    }
  }

  /// The server line in the background, its output in a file, stopped once it listens (or after 30 s).
  static func untilListening(_ line: String) -> String {
    """
    \(line) > serve.out 2>&1 &
    for i in $(seq 300); do grep -q 'listening on' serve.out && break; sleep 0.1; done
    kill $! 2>/dev/null; wait $! 2>/dev/null; cat serve.out
    """
  }

  struct Example {
    let source: String
    let text: String
  }

  /// Every command path: [], ["list"], ["bundle", "check"], ... from the SUBCOMMANDS sections.
  static func commandPaths(_ path: [String] = []) throws -> [[String]] {
    let help = try TatamiBinary.run(path + ["--help"], environment: ["COLUMNS": "400"]).stdout
    var paths = [path]
    for name in subcommands(in: help) { paths += try commandPaths(path + [name]) }
    return paths
  }

  static func subcommands(in help: String) -> [String] {
    guard let range = help.range(of: "SUBCOMMANDS:\n") else { return [] }
    var names: [String] = []
    for line in help[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("  "), let name = line.split(separator: " ").first else { break }
      if name != "help" { names.append(String(name)) }
    }
    return names
  }

  /// The `tatami …` commands a help text shows (not the USAGE synopsis, not commands quoted in prose).
  static func helpExamples(of path: [String]) throws -> [Example] {
    let help = try TatamiBinary.run(path + ["--help"], environment: ["COLUMNS": "400"]).stdout
    return help.split(separator: "\n").compactMap { line -> Example? in
      guard !line.hasPrefix("USAGE:"), var start = line.range(of: "tatami ")?.lowerBound else { return nil }
      var before = line[..<start]
      // `tar xzf … && tatami …`: the example is the whole shell line after its label.
      if before.hasSuffix("&& ") {
        start = before.range(of: ": ", options: .backwards)?.upperBound ?? before.firstIndex { $0 != " " } ?? start
        before = line[..<start]
      }
      guard before.allSatisfy({ $0 == " " }) || before.hasSuffix(": ") || before.hasSuffix("  ") else { return nil }
      return Example(source: "tatami \(path.joined(separator: " ")) --help", text: clean(line[start...]))
    }
  }

  /// `tatami …` lines inside the fenced code blocks of README.md and docs/*.md; synopsis lines (with `[`) are
  /// not examples.
  static func docExamples(subcommands: Set<String>) throws -> [Example] {
    let docs = root.appendingPathComponent("docs")
    let files = [root.appendingPathComponent("README.md")]
      + (try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)).filter {
        $0.pathExtension == "md"
      }
    var examples: [Example] = []
    for file in files {
      var inCode = false
      for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
        if line.hasPrefix("```") {
          inCode.toggle()
          continue
        }
        let words = line.split(separator: " ")
        guard inCode, words.first == "tatami", words.count > 1, subcommands.contains(String(words[1])), !line.contains("[")
        else { continue }
        examples.append(Example(source: file.lastPathComponent, text: clean(line[...])))
      }
    }
    return examples
  }

  /// The command without a trailing `# comment` or a `  (NOTE)` aside.
  static func clean(_ line: Substring) -> String {
    var text = String(line)
    if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
    if let aside = text.range(of: "  (") { text = String(text[..<aside.lowerBound]) }
    return text.trimmingCharacters(in: .whitespaces)
  }

  private func prepare(_ scratch: URL) throws {
    let template = scratch.appendingPathComponent("template")
    try FileManager.default.createDirectory(at: template, withIntermediateDirectories: true)
    for name in ["Competitions", "Leaderboards", "Tests"] {  // Tests: the import examples read its fixtures
      try FileManager.default.createSymbolicLink(
        at: template.appendingPathComponent(name), withDestinationURL: Self.root.appendingPathComponent(name))
    }
    // A copy, not a link: an agent run with --agent-sandbox sees the working folder, not the repository.
    try FileManager.default.copyItem(
      at: Self.root.appendingPathComponent("examples"), to: template.appendingPathComponent("examples"))
    let bundle = Self.root.appendingPathComponent("Competitions/catsup-brand-choice.tar.gz").path
    for (member, name) in [("public/sample_submission.csv", "submission.csv"), ("private/answers.csv", "answers.csv")] {
      let outcome = try Self.shell(
        "tar xzOf '\(bundle)' catsup-brand-choice/\(member) > \(name)", in: template, baseURL: "", home: "")
      #expect(outcome.status == 0, "\(outcome.stderr)")
    }
  }

  static func shell(_ line: String, in folder: URL, baseURL: String, home: String) throws -> TatamiBinary.Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", line]
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = TatamiBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["TATAMI_HOME"] = home
    environment["OPENAI_BASE_URL"] = baseURL
    environment["OPENAI_API_KEY"] = "test-key"
    if environment["TATAMI_PYTHON_RUNTIME"] == nil {
      environment["TATAMI_PYTHON_RUNTIME"] = root.appendingPathComponent(".venv").path
    }
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes at once so that neither fills up while the other is read.
    nonisolated(unsafe) var errors = Data()
    let reader = Thread { errors = stderr.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return TatamiBinary.Outcome(
      status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
      stderr: String(decoding: errors, as: UTF8.self))
  }
}

/// tools/llm_stub_server.py on a loopback port, for the llm examples.
final class LoopbackStub {
  private let process = Process()
  let baseURL: String

  init() throws {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", SlowDocExamplesTests.root.appendingPathComponent("tools/llm_stub_server.py").path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let port = try #require(Int(text.replacingOccurrences(of: "PORT ", with: "")), "stub said: \(text)")
    baseURL = "http://127.0.0.1:\(port)/v1"
  }

  func stop() {
    // SIGKILL: the test runner's threads may block SIGTERM, and children inherit the mask.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}
