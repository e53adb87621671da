import Foundation
import Testing

@testable import Catalog

/// Zips whose central directory disagrees with their local headers (issue 9, finding C4): libarchive streamed
/// the safe local names and passed the bundle, while `unzip` and Python's `zipfile` saw a `../` path.
struct HostileZipTests {
  /// One stored (uncompressed) entry: the name written in its local header, and the one in the central directory.
  struct Entry {
    var localName: String
    var centralName: String
    var data: [UInt8]
    /// False for an entry written in the local headers only, hidden from the central directory.
    var listed = true
  }

  /// Writes a zip by hand, so the test controls both lists of names.
  static func zip(_ entries: [Entry]) -> [UInt8] {
    var bytes: [UInt8] = []
    var central: [UInt8] = []
    var listed = 0
    func u16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func u32(_ value: Int, _ into: inout [UInt8]) {
      u16(value & 0xFFFF, &into)
      u16(value >> 16 & 0xFFFF, &into)
    }
    for entry in entries {
      let offset = bytes.count
      let crc = crc32(entry.data)
      let local = Array(entry.localName.utf8)
      u32(0x0403_4B50, &bytes)
      // Version 2.0, UTF-8 names, stored, a time and a date.
      for field in [20, 0x0800, 0, 0, 0x21] { u16(field, &bytes) }
      u32(crc, &bytes); u32(entry.data.count, &bytes); u32(entry.data.count, &bytes)
      u16(local.count, &bytes); u16(0, &bytes)
      bytes += local + entry.data
      guard entry.listed else { continue }
      listed += 1
      let name = Array(entry.centralName.utf8)
      u32(0x0201_4B50, &central)
      for field in [20, 20, 0x0800, 0, 0, 0x21] { u16(field, &central) }
      u32(crc, &central); u32(entry.data.count, &central); u32(entry.data.count, &central)
      for field in [name.count, 0, 0, 0, 0] { u16(field, &central) }
      u32(0o100644 << 16, &central); u32(offset, &central)
      central += name
    }
    let directoryOffset = bytes.count
    bytes += central
    u32(0x0605_4B50, &bytes)
    for field in [0, 0, listed, listed] { u16(field, &bytes) }
    u32(central.count, &bytes); u32(directoryOffset, &bytes); u16(0, &bytes)
    return bytes
  }

  static func crc32(_ data: [UInt8]) -> Int {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return Int(~crc)
  }

  /// The fixture bundle's files as zip entries, in sorted order.
  static func fixtureEntries() throws -> [Entry] {
    let files = try FileManager.default.subpathsOfDirectory(atPath: fixtureBundle).sorted().filter {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: fixtureBundle + "/" + $0, isDirectory: &isDirectory)
        && !isDirectory.boolValue
    }
    return try files.map { path in
      Entry(
        localName: path, centralName: path,
        data: Array(try Data(contentsOf: URL(fileURLWithPath: fixtureBundle + "/" + path))))
    }
  }

  private func write(_ entries: [Entry], in temporary: TemporaryDirectory) throws -> String {
    let path = temporary.path + "/bundle-\(UUID().uuidString).zip"
    try Data(Self.zip(entries)).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// What Python's zipfile lists: the central directory.
  private func pythonNames(_ path: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))"
    process.arguments = ["python3", "-c", script, path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test("the hand-written zip of the fixture is a valid bundle, so the attacks below change one thing only")
  func honestZip() throws {
    let temporary = try TemporaryDirectory()
    let path = try write(try Self.fixtureEntries(), in: temporary)
    #expect(CompetitionBundle.check(path).problems.isEmpty, "\(CompetitionBundle.check(path).problems)")
  }

  @Test("C4: a central directory naming ../description.md behind a safe local header is refused")
  func centralPathEscapes() throws {
    let temporary = try TemporaryDirectory()
    var entries = try Self.fixtureEntries()
    let index = try #require(entries.firstIndex { $0.localName == "description.md" })
    entries[index].centralName = "../description.md"
    let path = try write(entries, in: temporary)
    #expect(try pythonNames(path).contains("../description.md"), "the zip must look like this to other tools")
    let problems = CompetitionBundle.check(path).problems
    #expect(problems.map(\.type) == ["archive_error"], "\(problems)")
    #expect(problems.first?.message.contains("disagree") == true, "\(problems.map(\.message))")
    #expect(throws: BundleError.self) { try CompetitionBundle.open(path) }
  }

  @Test("C4: an entry in the local headers only, hidden from the central directory, is refused")
  func hiddenEntry() throws {
    let temporary = try TemporaryDirectory()
    var entries = try Self.fixtureEntries()
    entries.append(Entry(localName: "public/extra.csv", centralName: "", data: Array("a,b\n".utf8), listed: false))
    let path = try write(entries, in: temporary)
    #expect(!(try pythonNames(path).contains("public/extra.csv")))
    let problems = CompetitionBundle.check(path).problems
    #expect(problems.first?.message.contains("disagree") == true, "\(problems.map(\.message))")
  }

  @Test("C4: two entries swapped between the lists, and a truncated central directory, are refused")
  func reorderedAndTruncated() throws {
    let temporary = try TemporaryDirectory()
    var entries = try Self.fixtureEntries()
    (entries[0].centralName, entries[1].centralName) = (entries[1].centralName, entries[0].centralName)
    let swapped = try write(entries, in: temporary)
    #expect(CompetitionBundle.check(swapped).problems.first?.message.contains("disagree") == true)
    var bytes = Self.zip(try Self.fixtureEntries())
    bytes.removeLast(30)  // cuts the end record
    let truncated = temporary.path + "/truncated.zip"
    try Data(bytes).write(to: URL(fileURLWithPath: truncated))
    #expect(!CompetitionBundle.check(truncated).problems.isEmpty)
  }
}
