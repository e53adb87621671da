import Foundation
import Testing

@testable import Scoring

/// Reads every record of `text` with the given chunk size, as arrays of field strings with their line.
private func records(_ text: String, chunkSize: Int = 1 << 20) throws -> [(line: Int, fields: [String])] {
  var reader = try CSVReader(.bytes(Array(text.utf8)), chunkSize: chunkSize)
  var result: [(Int, [String])] = []
  while try reader.nextRecord() {
    result.append((reader.line, reader.strings()))
  }
  return result
}

private func readError(_ bytes: [UInt8], sizeCap: Int = .max) -> CSVError? {
  do {
    var reader = try CSVReader(.bytes(bytes), sizeCap: sizeCap, chunkSize: 64)
    while try reader.nextRecord() {}
    return nil
  } catch {
    return error
  }
}

struct CSVReaderTests {
  static let tricky = "id,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n\n4,\n5,plain"
  static let trickyExpected: [(Int, [String])] = [
    (1, ["id", "text"]), (2, ["1", "a, b"]), (3, ["2", "say \"hi\""]), (4, ["3", "two\nlines"]), (7, ["4", ""]),
    (8, ["5", "plain"]),
  ]

  @Test("quotes, escaped quotes, CRLF, embedded newlines, blank lines and a missing final newline")
  func trickyRecords() throws {
    let parsed = try records(Self.tricky)
    #expect(parsed.map(\.fields) == Self.trickyExpected.map(\.1))
    #expect(parsed.map(\.line) == Self.trickyExpected.map(\.0))
  }

  @Test("every chunk size gives the same records, so records cut by the buffer's end parse again", arguments: 1...12)
  func chunkBoundaries(chunkSize: Int) throws {
    #expect(try records(Self.tricky, chunkSize: chunkSize).map(\.fields) == Self.trickyExpected.map(\.1))
  }

  @Test("a UTF-8 byte-order mark is skipped and a lone CR ends a line")
  func byteOrderMarkAndCarriageReturn() throws {
    #expect(try records("\u{FEFF}id,y\r1,2\r").map(\.fields) == [["id", "y"], ["1", "2"]])
  }

  @Test("a trailing comma gives an empty last field, also at the very end of the input")
  func trailingEmptyField() throws {
    #expect(try records("a,b,\nc,d,").map(\.fields) == [["a", "b", ""], ["c", "d", ""]])
  }

  @Test("a quoted field with escapes that spans a chunk boundary many times")
  func longEscapedField() throws {
    let value = String(repeating: "ab\"\"c,\n", count: 500)
    let parsed = try records("x\n\"\(value)\"\n", chunkSize: 16)
    #expect(parsed.last?.fields == [value.replacingOccurrences(of: "\"\"", with: "\"")])
  }

  @Test("malformed quoting is reported with the row it starts on")
  func malformedQuoting() {
    #expect(readError(Array("id,y\n1,\"open\n2,3\n".utf8)) == .malformed(row: 2, detail: "a quoted field is never closed (it starts with \"open\n2,3\n)"))
    guard case .malformed(row: 3, _) = readError(Array("id,y\n1,2\n3,4\"5\n".utf8)) else {
      Issue.record("a stray quote in an unquoted field must be malformed")
      return
    }
    guard case .malformed(row: 2, _) = readError(Array("id,y\n1,\"a\"b\n".utf8)) else {
      Issue.record("text after a closing quote must be malformed")
      return
    }
  }

  @Test("binary and non-UTF-8 files are recognised by their first bytes")
  func binaryFiles() {
    #expect(readError([0x1F, 0x8B, 8, 0]) == .binary(kind: "gzip"))
    #expect(readError([0x50, 0x4B, 3, 4, 0]) == .binary(kind: "zip"))
    #expect(readError([0xFF, 0xFE, 0x69, 0]) == .encoding("it starts with a UTF-16 byte-order mark"))
    guard case .encoding = readError(Array("i\0d\0".utf8)) else {
      Issue.record("UTF-16 without a BOM must be an encoding error")
      return
    }
  }

  @Test("NUL bytes are reported with their row, in plain and quoted fields")
  func nulBytes() {
    #expect(readError(Array("id,y\n1,2\n3,4\0\n".utf8)) == .nulByte(row: 3))
    #expect(readError(Array("id,y\n1,\"a\0\"\n".utf8)) == .nulByte(row: 2))
  }

  @Test("the size cap stops reading")
  func sizeCap() {
    let bytes = Array(String(repeating: "1,2\n", count: 100).utf8)
    #expect(readError(bytes, sizeCap: 100) == .tooLarge(bytes: 128, cap: 100))
  }
}
