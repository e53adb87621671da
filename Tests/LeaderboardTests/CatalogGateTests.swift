import Catalog
import Dispatch
import Foundation
import Leaderboard
import Testing

/// The catalog gates that need no Python (docs/catalog-gates.md) on the WHOLE repository catalog: every
/// `Competitions/*.tar.gz` with its `Leaderboards/<id>.csv` must pass every gate (issue 10's "done when").
///
/// On failure the message lists, per gate, how many competitions fail it and which. Two bundles at a time,
/// one per core: 9.5 s of CPU in a debug build for 236 bundles (38-45 s of wall time on a 2-core machine at a
/// load average of 20, about 5 s on an idle one).
struct CatalogGateTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  @Test("every competition of the repository's catalog passes every catalog gate", .timeLimit(.minutes(2)))
  func wholeCatalog() throws {
    let folder = Self.repository + "/Competitions"
    let archives = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tar.gz") }.sorted()
    #expect(archives.count >= 200)
    let outcomes = FailureTable()
    DispatchQueue.concurrentPerform(iterations: archives.count) { index in
      let archive = archives[index]
      let id = String(archive.dropLast(".tar.gz".count))
      var failed: [(String, String)] = []
      do {
        let report = try CatalogGateCheck.run(try CompetitionBundle.open(folder + "/" + archive))
        if report.boardFiles.isEmpty { failed.append(("board", "no Leaderboards/\(id).csv")) }
        failed += report.failures.map { ($0.gate.rawValue, $0.measures.map(Self.measureText).joined(separator: ", ")) }
      } catch let error as BoardError {
        failed.append(("bundle", error.message))
      } catch let error as BundleError {
        failed.append(("bundle", error.message))
      } catch {
        failed.append(("bundle", "\(error)"))
      }
      outcomes.add(failed.map { ($0.0, "\(id) (\($0.1))") })
    }
    let table = outcomes.table
    let order = ["bundle", "board"] + CatalogGate.allCases.map(\.rawValue)
    let summary = order.compactMap { gate -> String? in
      guard let ids = table[gate]?.sorted() else { return nil }
      return "\(gate): \(ids.count) of \(archives.count) fail: \(ids.joined(separator: "; "))"
    }
    #expect(table.isEmpty, "catalog gates failing:\n\(summary.joined(separator: "\n"))")
  }

  private static func measureText(_ measure: GateMeasure) -> String {
    "\(measure.name) \(measure.value.map { String(format: "%.4g", $0) } ?? "n/a") "
      + "\(measure.comparison.rawValue) \(String(format: "%g", measure.threshold))"
  }
}

/// Gate (or "bundle", "board") -> the failing competitions with their reason, filled from several threads.
private final class FailureTable: @unchecked Sendable {
  private let lock = NSLock()
  private var failures: [String: [String]] = [:]

  func add(_ entries: [(gate: String, text: String)]) {
    lock.lock()
    defer { lock.unlock() }
    for (gate, text) in entries { failures[gate, default: []].append(text) }
  }

  var table: [String: [String]] {
    lock.lock()
    defer { lock.unlock() }
    return failures
  }
}
