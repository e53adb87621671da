import Basics
import Foundation
import Testing

@Suite("ExplicitNull: fixed JSON keys whose value may be null")
struct ExplicitNullTests {
  struct Report: Codable, Equatable {
    var name: String
    @ExplicitNull var score: Double?
    var note: String?
  }

  @Test("nil encodes as null, a plain optional is still left out, and both decode back")
  func roundTrip() throws {
    let encoder = JSONEncoder.tatami(pretty: false)
    let empty = Report(name: "a", score: nil, note: nil)
    #expect(String(decoding: try encoder.encode(empty), as: UTF8.self) == #"{"name":"a","score":null}"#)
    let full = Report(name: "a", score: 0.5, note: "n")
    #expect(String(decoding: try encoder.encode(full), as: UTF8.self) == #"{"name":"a","note":"n","score":0.5}"#)
    for report in [empty, full] {
      #expect(try JSONDecoder().decode(Report.self, from: encoder.encode(report)) == report)
    }
    #expect(try JSONDecoder().decode(Report.self, from: Data(#"{"name":"b"}"#.utf8)) == Report(name: "b", score: nil))
  }
}
