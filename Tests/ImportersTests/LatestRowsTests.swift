import Foundation
import Testing

@testable import Importers

/// osic's scored-rows rule: of each patient's rows with an FVC, the three with the highest week.
struct LatestRowsTests {
  @Test("the rule reads 'latest N per GROUP with COLUMN'; a column=value rule is not one")
  func parsing() throws {
    let rule = try #require(LatestRows("latest 3 per Patient with FVC"))
    #expect(rule.count == 3 && rule.group == "Patient" && rule.present == "FVC")
    #expect(LatestRows("u_out=0") == nil)
    #expect(LatestRows("latest x per Patient with FVC") == nil)
  }

  @Test("weeks are numbers (negative ones too), rows without a value do not count, each group keeps its own")
  func scoredIDs() throws {
    let path = NSTemporaryDirectory() + "latest-rows-\(UUID().uuidString).csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let rows = [
      ("a_-12", "a", "2000"), ("a_-3", "a", "2100"), ("a_2", "a", ""), ("a_10", "a", "1900"), ("a_4", "a", "2050"),
      ("b_1", "b", "3000"), ("b_7", "b", ""),
    ]
    let text = "Patient_Week,Patient,FVC\n" + rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let rule = try #require(LatestRows("latest 3 per Patient with FVC"))
    #expect(try rule.scoredIDs(in: path, idColumn: "Patient_Week") == ["a_-3", "a_4", "a_10", "b_1"])
  }
}
