import Bench
import Foundation
import Testing

/// The package root: this file is `<root>/Tests/ReportsTests/Support.swift`.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

let fixtureFile = packageRoot.appendingPathComponent("Tests/ReportsTests/Fixtures/results.json").path

/// The fixture: a plan, its competitions and the episodes' `tatami run --json` records.
struct Fixture: Decodable {
  struct Episode: Decodable {
    var agent: String
    var competition: String
    var seed: Int
    var result: JSONValue
  }

  var plan: JSONValue
  var competitions: JSONValue
  var results: [Episode]

  static func load() throws -> Fixture {
    try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: fixtureFile)))
  }

  /// Writes the fixture as a bench directory (the layout `tatami bench` writes) and returns its path.
  func writeBench(to folder: String) throws -> String {
    let encoder = JSONEncoder()
    let manager = FileManager.default
    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try encoder.encode(plan).write(to: URL(fileURLWithPath: folder + "/plan.json"))
    try encoder.encode(competitions).write(to: URL(fileURLWithPath: folder + "/competitions.json"))
    for episode in results {
      let key = EpisodeKey(agent: episode.agent, competition: episode.competition, seed: episode.seed)
      let directory = folder + "/episodes/" + key.folder
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try encoder.encode(episode.result).write(to: URL(fileURLWithPath: directory + "/result.json"))
    }
    return folder
  }
}

/// Any JSON value, kept as it is read.
enum JSONValue: Codable, Equatable {
  case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() { self = .null }
    else if let value = try? container.decode(Bool.self) { self = .bool(value) }
    else if let value = try? container.decode(Double.self) { self = .number(value) }
    else if let value = try? container.decode(String.self) { self = .string(value) }
    else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
    else { self = .object(try container.decode([String: JSONValue].self)) }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value == value.rounded() && abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

/// Runs `tools/<script> ARGUMENTS… OUTPUT_DIR` with the project's Python (numpy, scipy) and decodes
/// `OUTPUT_DIR/<output>`. Without that Python the test fails with how to set it up; it never skips.
func runReference<T: Decodable>(_ script: String, arguments: [String], output: String, as type: T.Type) throws -> T {
  let python = ProcessInfo.processInfo.environment["TATAMI_PYTHON"]
    ?? packageRoot.appendingPathComponent(".venv/bin/python").path
  try #require(
    FileManager.default.isExecutableFile(atPath: python),
    "no Python at \(python); run tools/setup.sh (or set TATAMI_PYTHON to a Python with numpy and scipy)")
  let folder = NSTemporaryDirectory() + "tatami-report-reference-\(UUID())"
  defer { try? FileManager.default.removeItem(atPath: folder) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: python)
  process.arguments = [packageRoot.appendingPathComponent("tools/" + script).path] + arguments + [folder]
  let errors = Pipe()
  process.standardError = errors
  try process.run()
  let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  try #require(process.terminationStatus == 0, "\(script) failed: \(message)")
  return try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: folder + "/" + output)))
}
