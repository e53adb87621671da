import Foundation
import Testing

@testable import Scoring

/// Reads `bytes` to the end or the first error; returns the error and how many bytes the reader had read.
private func readAll(_ source: ByteSource, chunkSize: Int = 4 << 20, limits: CSVLimits = CSVLimits()) -> (
  error: CSVError?, bytesRead: Int, records: [[String]]
) {
  var records: [[String]] = []
  guard var reader = try? CSVReader(source, chunkSize: chunkSize, limits: limits) else { return (nil, 0, []) }
  do {
    while try reader.nextRecord() { records.append(reader.strings()) }
    return (nil, reader.bytesRead, records)
  } catch {
    return (error, reader.bytesRead, records)
  }
}

/// Writes `header` then `count` copies of `byte`, then a newline and one ordinary row, to a temporary file.
private func fileWithLongRow(header: String, byte: UInt8, count: Int) throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("tatami-row-\(UUID().uuidString).csv").path
  var bytes = Array(header.utf8)
  bytes += [UInt8](repeating: byte, count: count)
  bytes += Array("\n1,0.5\n".utf8)
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return path
}

/// Finding B3 of issue 9: one huge row or header must not make the reader buffer it whole.
struct RowLimitTests {
  static let fileBytes = 40 << 20

  @Test("40 MB of commas in one row: refused at the field limit after one 4 MiB chunk")
  func wideRowOfCommas() throws {
    let path = try fileWithLongRow(header: "id,target\n", byte: UInt8(ascii: ","), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (error, bytesRead, _) = readAll(.file(path))
    #expect(error == .rowTooLarge(row: 2, limit: .fields(CSVLimits().fields)))
    #expect(bytesRead <= 4 << 20)
  }

  @Test("a 40 MB header: refused at the header limit after one 4 MiB chunk")
  func hugeHeader() throws {
    let path = try fileWithLongRow(header: "id,", byte: UInt8(ascii: "a"), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (error, bytesRead, _) = readAll(.file(path))
    #expect(error == .rowTooLarge(row: 1, limit: .headerBytes(CSVLimits().headerBytes)))
    #expect(bytesRead <= 4 << 20)
  }

  @Test("a 40 MB header of commas: refused at the field limit")
  func headerOfCommas() throws {
    let path = try fileWithLongRow(header: "id", byte: UInt8(ascii: ","), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (error, bytesRead, _) = readAll(.file(path))
    #expect(error == .rowTooLarge(row: 1, limit: .fields(CSVLimits().fields)))
    #expect(bytesRead <= 4 << 20)
  }

  @Test("a 40 MB cell: refused at the record limit, the buffer never past it")
  func longCell() throws {
    let path = try fileWithLongRow(header: "id,target\n1,", byte: UInt8(ascii: "7"), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (error, bytesRead, _) = readAll(.file(path))
    #expect(error == .rowTooLarge(row: 2, limit: .recordBytes(CSVLimits().recordBytes)))
    #expect(bytesRead <= CSVLimits().recordBytes + 64)  // the header and "1," came in the first chunk
  }

  @Test("40 MB of blank lines are skipped without growing the buffer")
  func blankLines() throws {
    let path = try fileWithLongRow(header: "id,target\n", byte: UInt8(ascii: "\n"), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var limits = CSVLimits()
    limits.recordBytes = 1 << 10
    let (error, _, records) = readAll(.file(path), chunkSize: 1 << 10, limits: limits)
    #expect(error == nil)
    #expect(records == [["id", "target"], ["1", "0.5"]])
  }

  @Test("each limit is exact: at the limit a record is read, one more is refused", arguments: [1, 3, 7, 64, 1 << 20])
  func exactLimits(chunkSize: Int) {
    var limits = CSVLimits()
    limits.headerBytes = 8  // "id,a,bc\n"
    limits.recordBytes = 10  // line end included
    limits.fields = 4
    let atLimits = "id,a,bc\n1,2,3,4\n123456789\n123,6789\r\n\"1,3\",56\n"
    let read = readAll(.bytes(Array(atLimits.utf8)), chunkSize: chunkSize, limits: limits)
    #expect(read.error == nil)
    #expect(read.records == [["id", "a", "bc"], ["1", "2", "3", "4"], ["123456789"], ["123", "6789"], ["1,3", "56"]])
    let cases: [(String, CSVError)] = [
      ("id,a,bcd\n1\n", .rowTooLarge(row: 1, limit: .headerBytes(8))),
      ("id\n\n1234567890\n", .rowTooLarge(row: 3, limit: .recordBytes(10))),
      ("id\n123456789\r\n", .rowTooLarge(row: 2, limit: .recordBytes(10))),
      ("id\n1,2,3,4,5\n", .rowTooLarge(row: 2, limit: .fields(4))),
      ("a,,,,\n1\n", .rowTooLarge(row: 1, limit: .fields(4))),
      ("id\n\"1\n2\n3\n45678\"\n", .rowTooLarge(row: 2, limit: .recordBytes(10))),
    ]
    for (text, expected) in cases {
      #expect(readAll(.bytes(Array(text.utf8)), chunkSize: chunkSize, limits: limits).error == expected, "\(text)")
    }
  }

  @Test("a scored submission with a row of 40 MB of commas fails as row_too_large, with its row")
  func scoredSubmission() throws {
    let path = try fileWithLongRow(header: "id,target\n", byte: UInt8(ascii: ","), count: Self.fileBytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let key = try AnswerKey.read(.bytes(Array("id,target\n1,0.5\n".utf8)), metric: Metrics.named("rmse")!)
    let report = Scorer(key: key, parameters: try Metrics.named("rmse")!.resolve([:])).score(.file(path))
    #expect(report.failure?.type == "row_too_large")
    #expect(report.failure?.message == "row 2: the row has more than 100000 fields, the limit")
  }
}
