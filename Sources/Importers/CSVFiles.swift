import Foundation
import Scoring

/// Small streaming CSV reads and writes through the scoring engine's reader, for the importer.
enum CSVFiles {
  /// The header of a CSV file.
  static func header(_ path: String) throws(ImportError) -> [String] {
    var reader = try open(path)
    do {
      guard try reader.nextRecord() else { throw ImportError.unreadable(path: path, detail: "the file is empty") }
    } catch let error as ImportError {
      throw error
    } catch {
      throw .unreadable(path: path, detail: "\(error)")
    }
    return reader.strings().map(stripByteOrderMark)
  }

  /// Calls `body` with the header, then with each record's fields; `body` returns false to stop.
  static func forEachRecord(
    _ path: String, header: ([String]) throws(ImportError) -> Void,
    _ body: ([String], Int) throws(ImportError) -> Void
  ) throws(ImportError) {
    var reader = try open(path)
    do {
      guard try reader.nextRecord() else { throw ImportError.unreadable(path: path, detail: "the file is empty") }
      try header(reader.strings().map(stripByteOrderMark))
      while try reader.nextRecord() {
        try body(reader.strings(), reader.line)
      }
    } catch let error as ImportError {
      throw error
    } catch {
      throw .unreadable(path: path, detail: "\(error)")
    }
  }

  private static func open(_ path: String) throws(ImportError) -> CSVReader {
    do {
      return try CSVReader(.file(path))
    } catch {
      throw .unreadable(path: path, detail: "\(error)")
    }
  }

  private static func stripByteOrderMark(_ name: String) -> String {
    name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name
  }

  /// One CSV field, quoted when it holds a comma, a quote, a line break or surrounding spaces.
  static func field(_ text: String) -> String {
    let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || text.first == " " || text.last == " "
    return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}

/// A file written through a buffer; lines are joined with commas and ended with a newline.
final class CSVWriter {
  private let handle: FileHandle
  private let path: String
  private var buffer: [UInt8] = []

  init(_ path: String) throws(ImportError) {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
    else { throw .writeFailed(path: path, reason: "cannot create the file") }
    self.handle = handle
    self.path = path
    buffer.reserveCapacity(1 << 20)
  }

  func write(_ fields: [String]) throws(ImportError) {
    buffer.append(contentsOf: fields.map(CSVFiles.field).joined(separator: ",").utf8)
    buffer.append(UInt8(ascii: "\n"))
    if buffer.count >= 1 << 20 { try flush() }
  }

  func close() throws(ImportError) {
    try flush()
    do { try handle.close() } catch { throw .writeFailed(path: path, reason: "\(error)") }
  }

  private func flush() throws(ImportError) {
    do { try handle.write(contentsOf: buffer) } catch { throw .writeFailed(path: path, reason: "\(error)") }
    buffer.removeAll(keepingCapacity: true)
  }
}
