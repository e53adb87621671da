import Basics


/// Delivers the decompressed bytes of one entry, block by block.
protocol BlockSource {
  /// Fills `buffer` with the next bytes; 0 at the end of the entry.
  func readBlock(into buffer: UnsafeMutableRawBufferPointer) throws(BundleError) -> Int
}

extension ArchiveReader: BlockSource {}

/// Where a bundle's entries come from: an archive streamed by libarchive, or a directory walked with `lstat`.
protocol BundleStorage: AnyObject {
  /// The bundle's path as given.
  var location: String { get }
  /// Calls `body` for every entry in storage order, with a source for its bytes; `body` returns false to stop.
  ///
  /// Entries are reported as stored (links, devices and unsafe paths included) so callers can refuse them.
  func forEachEntry(_ body: (ArchiveHeader, any BlockSource) throws(BundleError) -> Bool) throws(BundleError)
}

/// An archive bundle; every pass opens a fresh libarchive stream.
final class ArchiveStorage: BundleStorage {
  let location: String

  init(location: String) { self.location = location }

  func forEachEntry(_ body: (ArchiveHeader, any BlockSource) throws(BundleError) -> Bool) throws(BundleError) {
    let reader = try ArchiveReader(path: location)
    // A zip names its entries twice; both lists must agree (ZipDirectory says why).
    let centralNames = try ZipDirectory.names(ofFile: location)
    var index = 0
    // Unread data of an entry is skipped by libarchive when the next header is read.
    while let header = try reader.nextHeader() {
      if let centralNames {
        try ZipDirectory.check(localName: header.rawPath, index: index, against: centralNames, archive: location)
      }
      index += 1
      guard try body(header, reader) else { return }
    }
    if let centralNames, index != centralNames.count {
      throw ZipDirectory.mismatch(
        location, "its central directory lists \(centralNames.count) entries, its local headers \(index)")
    }
  }
}

/// A directory bundle, walked in sorted order without following symbolic links.
final class DirectoryStorage: BundleStorage {
  let location: String

  init(location: String) { self.location = location }

  func forEachEntry(_ body: (ArchiveHeader, any BlockSource) throws(BundleError) -> Bool) throws(BundleError) {
    _ = try walk("", body)
  }

  /// Opens one regular file of the bundle for reading, refusing a symbolic link in its place.
  func openFile(_ relativePath: String) throws(BundleError) -> FileBlockSource {
    try FileBlockSource(path: location + "/" + relativePath)
  }

  private func walk(_ relative: String, _ body: (ArchiveHeader, any BlockSource) throws(BundleError) -> Bool)
    throws(BundleError) -> Bool
  {
    let absolute = relative.isEmpty ? location : location + "/" + relative
    for name in try directoryNames(absolute) {
      let childRelative = relative.isEmpty ? name : relative + "/" + name
      let kind = try fileKind(absolute + "/" + name)
      let header = ArchiveHeader(rawPath: childRelative, kind: kind)
      if kind == .file {
        let source = try FileBlockSource(path: absolute + "/" + name)
        guard try body(header, source) else { return false }
      } else {
        guard try body(header, EmptySource()) else { return false }
      }
      if kind == .directory, try !walk(childRelative, body) { return false }
    }
    return true
  }

  private func directoryNames(_ path: String) throws(BundleError) -> [String] {
    guard let names = FileSystem.names(in: path) else { throw .cannotOpen(path: path, reason: errorText()) }
    return names
  }

  private func fileKind(_ path: String) throws(BundleError) -> ArchiveEntryKind {
    var info = stat()
    guard lstat(path, &info) == 0 else { throw .cannotOpen(path: path, reason: errorText()) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symbolicLink(target: linkTarget(path))
    case S_IFIFO: return .special("FIFO")
    case S_IFSOCK: return .special("socket")
    case S_IFCHR: return .special("character device")
    case S_IFBLK: return .special("block device")
    default: return .special("file of unknown type")
    }
  }

  private func linkTarget(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    return count < 0 ? "?" : String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// The bytes of one regular file, opened with `O_NOFOLLOW` so a symbolic link swapped in is refused.
final class FileBlockSource: BlockSource {
  private let descriptor: Int32
  let path: String

  init(path: String) throws(BundleError) {
    self.path = path
    descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: errorText()) }
  }

  deinit { close(descriptor) }

  func readBlock(into buffer: UnsafeMutableRawBufferPointer) throws(BundleError) -> Int {
    do {
      return try FileDescriptor.read(descriptor, into: buffer)
    } catch {
      throw .cannotOpen(path: path, reason: error.reason)
    }
  }
}

/// The source of a folder or link: no bytes.
struct EmptySource: BlockSource {
  func readBlock(into buffer: UnsafeMutableRawBufferPointer) throws(BundleError) -> Int { 0 }
}


/// Reads every block of one entry, counting decompressed bytes against the caps as they arrive.
///
/// Stops with `entryTooLarge` or `bundleTooLarge` the moment a cap is passed, so a bomb never fills
/// memory or disk: at most one 64 KiB block past the cap is ever decompressed.
func drain(
  _ source: any BlockSource, entry: String, limits: BundleLimits, bundleBytes: inout Int,
  _ sink: (UnsafeRawBufferPointer) throws(BundleError) -> Void
) throws(BundleError) -> Int {
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
  defer { buffer.deallocate() }
  var entryBytes = 0
  while true {
    let count = try source.readBlock(into: buffer)
    if count == 0 { return entryBytes }
    entryBytes += count
    bundleBytes += count
    if entryBytes > limits.maxEntryBytes { throw .entryTooLarge(entry: entry, cap: limits.maxEntryBytes) }
    if bundleBytes > limits.maxBundleBytes { throw .bundleTooLarge(cap: limits.maxBundleBytes) }
    try sink(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
  }
}
