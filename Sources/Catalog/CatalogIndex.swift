import Basics
import Foundation

/// What the catalog remembers about one bundle so listing never decompresses an unchanged one.
struct IndexRecord: Codable, Equatable {
  var fingerprint: Fingerprint
  /// The summary of a valid bundle.
  var entry: CatalogEntry?
  /// The first problem of a broken bundle; remembered too, so a broken bundle is not re-read on every listing.
  var problem: BundleError?
}

/// The JSON index at `$TATAMI_HOME/cache/catalog-index.json`, keyed by absolute bundle path.
struct CatalogIndex: Codable, Equatable {
  /// Raised whenever the manifest rules change, so that summaries an older tatami accepted are checked again
  /// (2: the YAML pre-scan and the maxima of durations and sizes, issue 9).
  static let currentVersion = 2
  var version = currentVersion
  var records: [String: IndexRecord] = [:]

  /// Loads the index; a missing, corrupt or older index is an empty one (rebuilt, never fatal).
  static func load(_ path: String?) -> CatalogIndex {
    guard let path, let data = FileManager.default.contents(atPath: path),
      let index = try? JSONDecoder().decode(CatalogIndex.self, from: data), index.version == currentVersion
    else { return CatalogIndex() }
    return index
  }

  /// Writes the index to a temporary file and renames it over the old one, so readers never see half an index.
  func save(_ path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let encoder = JSONEncoder.tatami(pretty: false)
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    try encoder.encode(self).write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw BundleError.writeFailed(path: path, reason: errorText())
    }
  }
}

/// What changes when a bundle changes, read with `stat` alone.
///
/// For an archive: its size, inode and newest of mtime and ctime (ctime cannot be set back by `touch`).
/// For a directory: the same over every file and folder below it (a deletion changes its folder's times),
/// plus how many there are.
struct Fingerprint: Codable, Equatable {
  var size: Int64 = 0
  var changed: Int64 = 0
  var inode: UInt64 = 0
  var files = 0

  static func of(_ path: String) -> Fingerprint? {
    guard let info = FileSystem.status(path) else { return nil }
    var fingerprint = Fingerprint(inode: UInt64(info.st_ino))
    fingerprint.add(info)
    if info.st_mode & S_IFMT == S_IFDIR { fingerprint.addTree(path) }
    return fingerprint
  }

  private mutating func add(_ info: stat) {
    size += Int64(info.st_size)
    files += 1
    let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    let statusChanged = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    changed = max(changed, modified, statusChanged)
  }

  private mutating func addTree(_ folder: String) {
    for name in FileSystem.names(in: folder) ?? [] {
      let path = folder + "/" + name
      guard let info = FileSystem.linkStatus(path) else { continue }
      add(info)
      if info.st_mode & S_IFMT == S_IFDIR { addTree(path) }
    }
  }
}
