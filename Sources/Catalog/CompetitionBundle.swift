import Basics


/// One competition bundle, a directory or an archive, opened after a full checking pass.
///
/// Named `CompetitionBundle` rather than `Bundle` so it never clashes with Foundation's `Bundle`.
/// Archives are always streamed: listing, reading one file and extracting `public/` never unpack the rest.
public final class CompetitionBundle {
  /// The path the bundle was opened from.
  public let location: String
  public let isArchive: Bool
  public let manifest: Manifest
  /// Files and folders, paths relative to the bundle root (an archive's top-level folder stripped).
  public let entries: [BundleEntry]
  public let limits: BundleLimits
  let storage: any BundleStorage
  /// The stripped top-level folder with its slash (`catsup-brand-choice/`), or empty.
  let folderPrefix: String

  init(
    location: String, isArchive: Bool, manifest: Manifest, entries: [BundleEntry], limits: BundleLimits,
    storage: any BundleStorage, folderPrefix: String
  ) {
    self.location = location
    self.isArchive = isArchive
    self.manifest = manifest
    self.entries = entries
    self.limits = limits
    self.storage = storage
    self.folderPrefix = folderPrefix
  }

  /// A bundle known from the catalog index, without a new checking pass.
  convenience init(indexed entry: CatalogEntry, limits: BundleLimits) {
    let isDirectory = FileSystem.isDirectory(entry.location)
    let storage: any BundleStorage =
      isDirectory ? DirectoryStorage(location: entry.location) : ArchiveStorage(location: entry.location)
    self.init(
      location: entry.location, isArchive: !isDirectory, manifest: entry.manifest, entries: entry.entries,
      limits: limits, storage: storage, folderPrefix: entry.archiveFolder)
  }

  /// Opens a bundle, refusing it at the first structural or manifest problem.
  ///
  /// Decompresses every entry once (counting bytes, never trusting headers) to check caps and record sizes.
  /// - Throws: the first problem `inspect` finds.
  public static func open(_ path: String, limits: BundleLimits = .standard) throws(BundleError) -> CompetitionBundle {
    let inspection = inspect(path, limits: limits)
    if let problem = inspection.problems.first { throw problem }
    guard let bundle = inspection.bundle else { throw .cannotOpen(path: path, reason: "not a bundle") }
    return bundle
  }

  /// The entry at `path`, if the bundle has one.
  public func entry(_ path: String) -> BundleEntry? { entries.first { $0.path == path } }

  /// The whole content of one file, streamed out of the archive.
  ///
  /// - Parameter cap: refuse files larger than this many bytes (never more than `limits.maxEntryBytes`).
  public func read(_ path: String, cap: Int? = nil) throws(BundleError) -> [UInt8] {
    var limits = self.limits
    limits.maxEntryBytes = min(cap ?? .max, limits.maxEntryBytes)
    var content: [UInt8]?
    var bundleBytes = 0
    try storage.forEachEntry { header, source throws(BundleError) in
      guard header.kind == .file, bundlePath(header.rawPath) == path else { return true }
      var bytes: [UInt8] = []
      _ = try drain(source, entry: path, limits: limits, bundleBytes: &bundleBytes) { bytes.append(contentsOf: $0) }
      content = bytes
      return false
    }
    guard let content else { throw .entryNotFound(path) }
    return content
  }

  /// At most the first `maxBytes` bytes of one file (a CSV header, say), without reading the rest.
  public func readHead(_ path: String, maxBytes: Int) throws(BundleError) -> [UInt8] {
    var content: [UInt8]?
    try storage.forEachEntry { header, source throws(BundleError) in
      guard header.kind == .file, bundlePath(header.rawPath) == path else { return true }
      content = try readPrefix(source, maxBytes: maxBytes)
      return false
    }
    guard let content else { throw .entryNotFound(path) }
    return content
  }

  /// Extracts the files under a folder (`public/`), or one file (`description.md`), into `directory`.
  ///
  /// `public/train.csv` lands at `directory/train.csv`; a single file keeps its last name component. Files are
  /// created with `O_NOFOLLOW|O_EXCL` (`O_TRUNC` when `overwrite`) relative to the target, so nothing is
  /// written outside it, and the caps apply to bytes actually decompressed.
  /// - Returns: the written paths, relative to `directory`.
  @discardableResult
  public func extract(prefix: String, to directory: String, overwrite: Bool = false) throws(BundleError) -> [String] {
    let target = try SafeDirectory(creating: directory)
    var written: [String] = []
    var bundleBytes = 0
    try storage.forEachEntry { header, source throws(BundleError) in
      guard let path = bundlePath(header.rawPath), let destination = Self.destination(of: path, selecting: prefix)
      else { return true }
      switch header.kind {
      case .directory:
        if !destination.isEmpty { try target.makeFolder(destination) }
      case .file:
        let output = try target.createFile(destination, overwrite: overwrite)
        _ = try drain(source, entry: path, limits: limits, bundleBytes: &bundleBytes) { (block) throws(BundleError) in
          try output.append(block)
        }
        written.append(destination)
      case .symbolicLink(let target): throw .link(entry: path, target: target, hard: false)
      case .hardLink(let target): throw .link(entry: path, target: target, hard: true)
      case .special(let kind): throw .specialFile(entry: path, kind: kind)
      }
      return true
    }
    return written
  }

  /// Extracts `prefix` like `extract(prefix:to:overwrite:)` and, in the same pass over the archive, reads whole
  /// files and keeps the first bytes of extracted ones: what an episode needs, for one decompression of the
  /// bundle instead of one per file.
  ///
  /// A file read here fails on its own (missing, or past its cap, as `read(_:cap:)` would) without stopping the
  /// extraction; a problem of the archive or of an extracted file stops the pass, as in `extract`.
  /// - Parameters:
  ///   - reading: bundle paths of files to read whole, each with its cap in bytes (never more than
  ///     `limits.maxEntryBytes`).
  ///   - headBytes: how much of each extracted file for which `keepHead` is true to keep.
  public func extract(
    prefix: String, to directory: String, overwrite: Bool = false, reading: [String: Int], headBytes: Int = 0,
    keepHead: (String) -> Bool = { _ in false }
  ) throws(BundleError) -> BundlePass {
    let target = try SafeDirectory(creating: directory)
    var pass = BundlePass()
    var bundleBytes = 0
    try storage.forEachEntry { header, source throws(BundleError) in
      guard let path = bundlePath(header.rawPath) else { return true }
      let destination = Self.destination(of: path, selecting: prefix)
      let readCap = pass.files[path] == nil ? reading[path].map { min($0, limits.maxEntryBytes) } : nil
      guard destination != nil || readCap != nil else { return true }
      switch header.kind {
      case .directory:
        if let destination, !destination.isEmpty { try target.makeFolder(destination) }
      case .file:
        if let destination {
          let output = try target.createFile(destination, overwrite: overwrite)
          let head = keepHead(path) ? headBytes : 0
          var kept: [UInt8] = []
          var copy: [UInt8] = []
          var copyFits = readCap != nil
          _ = try drain(source, entry: path, limits: limits, bundleBytes: &bundleBytes) { (block) throws(BundleError) in
            try output.append(block)
            if kept.count < head { kept.append(contentsOf: block.prefix(head - kept.count)) }
            if copyFits, let cap = readCap {
              if copy.count + block.count > cap {
                copyFits = false
                copy = []
              } else {
                copy.append(contentsOf: block)
              }
            }
          }
          pass.written.append(destination)
          if head > 0 { pass.heads[path] = kept }
          if let cap = readCap {
            pass.files[path] = copyFits ? .success(copy) : .failure(.entryTooLarge(entry: path, cap: cap))
          }
        } else if let cap = readCap {
          var limits = self.limits
          limits.maxEntryBytes = cap
          var fileBytes = 0
          var bytes: [UInt8] = []
          do throws(BundleError) {
            _ = try drain(source, entry: path, limits: limits, bundleBytes: &fileBytes) { bytes.append(contentsOf: $0) }
            pass.files[path] = .success(bytes)
          } catch {
            pass.files[path] = .failure(error)
          }
        }
      case .symbolicLink(let target):
        guard destination != nil else { return true }
        throw .link(entry: path, target: target, hard: false)
      case .hardLink(let target):
        guard destination != nil else { return true }
        throw .link(entry: path, target: target, hard: true)
      case .special(let kind):
        guard destination != nil else { return true }
        throw .specialFile(entry: path, kind: kind)
      }
      return true
    }
    for path in reading.keys where pass.files[path] == nil { pass.files[path] = .failure(.entryNotFound(path)) }
    return pass
  }

  /// The path inside the bundle of a stored entry, or nil when it lies outside the stripped folder or is unsafe.
  private func bundlePath(_ rawPath: String) -> String? {
    guard let path = EntryPath.normalize(rawPath), path.hasPrefix(folderPrefix) else { return nil }
    return String(path.dropFirst(folderPrefix.count))
  }

  /// Where `path` goes when extracting `prefix`: below the folder for `folder/`, the base name for a file.
  static func destination(of path: String, selecting prefix: String) -> String? {
    if prefix.hasSuffix("/") {
      if path + "/" == prefix { return "" }
      return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }
    return path == prefix ? EntryPath.lastComponent(path) : nil
  }
}

/// What one pass of `extract(prefix:to:overwrite:reading:headBytes:keepHead:)` gathered.
public struct BundlePass: Sendable {
  /// The extracted paths, relative to the target folder.
  public var written: [String] = []
  /// Every file asked for, by bundle path: its bytes, or why not (`entryNotFound`, `entryTooLarge`, …).
  public var files: [String: Result<[UInt8], BundleError>] = [:]
  /// The first bytes of the extracted files asked for, by bundle path.
  public var heads: [String: [UInt8]] = [:]

  public init() {}
}

private func readPrefix(_ source: any BlockSource, maxBytes: Int) throws(BundleError) -> [UInt8] {
  var bytes: [UInt8] = []
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
  defer { buffer.deallocate() }
  while bytes.count < maxBytes {
    let count = try source.readBlock(into: buffer)
    if count == 0 { break }
    bytes.append(contentsOf: buffer[..<min(count, maxBytes - bytes.count)])
  }
  return bytes
}
