import Basics
import Scoring

/// The entry names a zip archive's central directory lists, read here without libarchive.
///
/// A zip names every entry twice: in the local header before its data and in the central directory at the
/// end. libarchive streams the local headers; `unzip` and Python's `zipfile` read the central directory. A
/// zip whose two lists disagree would be checked as one bundle and extracted by other tools as another (a
/// `../` path, an entry hidden from the check), so `ArchiveStorage` refuses any zip where they differ.
enum ZipDirectory {
  /// The largest central directory read: far beyond `BundleLimits.maxEntries` names.
  static let maxDirectoryBytes = 64 << 20

  /// One central directory record: the raw name bytes and whether the name is flagged as UTF-8.
  struct Name: Equatable {
    let bytes: [UInt8]
    let isUTF8: Bool
  }

  /// The names in central directory order; nil when the file is not a zip archive.
  static func names(ofFile path: String) throws(BundleError) -> [Name]? {
    let descriptor = retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
    guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: errorText()) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .cannotOpen(path: path, reason: errorText()) }
    let file = ZipFile(descriptor: descriptor, size: Int(info.st_size), path: path)
    guard let head = file.read(at: 0, count: 4), head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    else { return nil }
    return try file.centralDirectoryNames()
  }

  /// Throws unless the entry libarchive read as the `index`-th local header has the `index`-th central name.
  ///
  /// Names are compared byte for byte when both are plain ASCII or UTF-8-flagged; other legacy-encoded names
  /// may be converted by libarchive, so those need only be safe paths themselves.
  static func check(localName: String, index: Int, against names: [Name], archive: String) throws(BundleError) {
    guard index < names.count else {
      throw mismatch(archive, "its local headers hold more entries than the \(names.count) of its central directory")
    }
    let central = names[index]
    let centralText = String(decoding: central.bytes, as: UTF8.self)
    let comparable = central.isUTF8 || central.bytes.allSatisfy { $0 < 0x80 }
    if comparable && Array(localName.utf8) != central.bytes {
      throw mismatch(
        archive,
        "entry \(index + 1) is \(Excerpt.quoted(localName)) in its local header but \(Excerpt.quoted(centralText)) "
          + "in its central directory")
    }
    do throws(BundleError) {
      _ = try EntryPath.validate(centralText)
    } catch {
      throw mismatch(archive, "its central directory names \(Excerpt.quoted(centralText)), an unsafe path")
    }
  }

  /// The error for a zip whose two lists of entries disagree.
  static func mismatch(_ archive: String, _ detail: String) -> BundleError {
    .archive(path: archive, message: "the zip's local headers and central directory disagree: \(detail)")
  }
}

/// Bounds-checked little-endian reads from an open zip file; every offset comes from the file, so nothing trusts it.
private struct ZipFile {
  let descriptor: Int32
  let size: Int
  let path: String

  func read(at offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count >= 0, count <= size, offset <= size - count else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes { buffer in
      retryingInterrupts { pread(descriptor, buffer.baseAddress, count, off_t(offset)) }
    }
    return got == count ? bytes : nil
  }

  private func fail(_ detail: String) -> BundleError {
    ZipDirectory.mismatch(path, detail)
  }

  func centralDirectoryNames() throws(BundleError) -> [ZipDirectory.Name] {
    let (count, offset, length) = try directoryLocation()
    guard length <= ZipDirectory.maxDirectoryBytes, let directory = read(at: offset, count: length) else {
      throw fail("its central directory lies outside the file or is larger than 64 MiB")
    }
    var names: [ZipDirectory.Name] = []
    var spans: [(start: Int, end: Int, hasDescriptor: Bool)] = []
    var cursor = 0
    for _ in 0..<count {
      guard let signature = directory.u32(at: cursor), signature == 0x0201_4B50,
        let flags = directory.u16(at: cursor + 8), let compressed = directory.u32(at: cursor + 20),
        let nameLength = directory.u16(at: cursor + 28), let extraLength = directory.u16(at: cursor + 30),
        let commentLength = directory.u16(at: cursor + 32), let localOffset = directory.u32(at: cursor + 42),
        cursor + 46 + nameLength <= directory.count
      else { throw fail("its central directory record \(names.count + 1) is malformed") }
      let name = Array(directory[(cursor + 46)..<(cursor + 46 + nameLength)])
      names.append(ZipDirectory.Name(bytes: name, isUTF8: flags & 0x0800 != 0))
      // Zip64 entries keep their real offset and size in an extra field; their local header is not compared.
      if compressed != 0xFFFF_FFFF && localOffset != 0xFFFF_FFFF {
        let end = try localHeaderEnd(at: localOffset, name: name, index: names.count) + compressed
        spans.append((localOffset, end, flags & 0x0008 != 0))
      }
      cursor += 46 + nameLength + extraLength + commentLength
    }
    if spans.count == names.count { try checkNoHiddenData(spans, directoryOffset: offset) }
    return names
  }

  /// Where the data of the entry whose local header is at `offset` begins; the local name must be `name`.
  private func localHeaderEnd(at offset: Int, name: [UInt8], index: Int) throws(BundleError) -> Int {
    guard let header = read(at: offset, count: 30), header.u32(at: 0) == 0x0403_4B50,
      let nameLength = header.u16(at: 26), let extraLength = header.u16(at: 28),
      let localName = read(at: offset + 30, count: nameLength)
    else { throw fail("entry \(index) of its central directory points at no local header") }
    guard localName == name else {
      let (local, central) = (String(decoding: localName, as: UTF8.self), String(decoding: name, as: UTF8.self))
      throw fail(
        "entry \(index) is \(Excerpt.quoted(local)) in its local header but \(Excerpt.quoted(central)) in its "
          + "central directory")
    }
    return offset + 30 + nameLength + extraLength
  }

  /// The listed entries must tile the file up to the central directory: bytes between them could be an entry
  /// hidden from the directory that a streaming extractor would still write. A gap of a data descriptor's
  /// size (12 to 24 bytes) after an entry that announces one is allowed.
  private func checkNoHiddenData(_ spans: [(start: Int, end: Int, hasDescriptor: Bool)], directoryOffset: Int)
    throws(BundleError)
  {
    var expected = 0
    var descriptorAllowed = false
    for span in spans.sorted(by: { $0.start < $1.start }) + [(directoryOffset, directoryOffset, false)] {
      let gap = span.start - expected
      guard gap == 0 || (descriptorAllowed && (12...24).contains(gap)) else {
        throw fail("bytes \(expected) to \(span.start) belong to no entry of its central directory (a hidden entry?)")
      }
      expected = span.end
      descriptorAllowed = span.hasDescriptor
    }
  }

  /// Entry count, offset and length of the central directory, from the end record (and its zip64 version).
  private func directoryLocation() throws(BundleError) -> (count: Int, offset: Int, length: Int) {
    // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
    let tailLength = min(size, 22 + 0xFFFF)
    guard let tail = read(at: size - tailLength, count: tailLength) else { throw fail("it cannot be read") }
    var position = tail.count - 22
    while position >= 0 {
      if tail.u32(at: position) == 0x0605_4B50, let comment = tail.u16(at: position + 20),
        position + 22 + comment == tail.count
      {
        break
      }
      position -= 1
    }
    guard position >= 0, let count = tail.u16(at: position + 10), let length = tail.u32(at: position + 12),
      let offset = tail.u32(at: position + 16)
    else { throw fail("it has no end of central directory record") }
    guard count == 0xFFFF || length == 0xFFFF_FFFF || offset == 0xFFFF_FFFF else { return (count, offset, length) }
    // Zip64: a locator 20 bytes before the end record points at the zip64 end record.
    let end = size - tailLength + position
    guard let locator = read(at: end - 20, count: 20), locator.u32(at: 0) == 0x0706_4B50,
      let recordOffset = locator.u64(at: 8), let record = read(at: recordOffset, count: 56),
      record.u32(at: 0) == 0x0606_4B50, let count64 = record.u64(at: 32), let length64 = record.u64(at: 40),
      let offset64 = record.u64(at: 48)
    else { throw fail("its zip64 end of central directory record is missing or malformed") }
    return (count64, offset64, length64)
  }
}

extension [UInt8] {
  fileprivate func u16(at offset: Int) -> Int? {
    guard offset >= 0, offset <= count - 2 else { return nil }
    return Int(self[offset]) | Int(self[offset + 1]) << 8
  }

  fileprivate func u32(at offset: Int) -> Int? {
    guard let low = u16(at: offset), let high = u16(at: offset + 2) else { return nil }
    return low | high << 16
  }

  /// Nil past `Int.max` too, so a hostile 64-bit field cannot overflow the arithmetic on it.
  fileprivate func u64(at offset: Int) -> Int? {
    guard let low = u32(at: offset), let high = u32(at: offset + 4), high < 0x8000_0000 else { return nil }
    return low | high << 32
  }
}
