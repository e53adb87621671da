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

/// The index at `$TATAMI_HOME/cache/catalog-index.jsonl`, keyed by absolute bundle path.
///
/// JSON Lines: a first line `{"version":N}`, then one line per bundle, `<summary JSON>\t<record JSON>`. The
/// summary (path, fingerprint, id) is enough for `Catalog.find` to pick the one bundle it needs, so finding a
/// competition decodes one record instead of the whole catalog (JSON escapes tabs in strings, so the first
/// tab of a line ends its summary). The older single-object JSON file (`catalog-index.json`, version 3) is
/// still read, once, to migrate.
struct CatalogIndex: Codable, Equatable {
  /// Raised whenever the manifest rules change, so that summaries an older tatami accepted are checked again
  /// (2: the YAML pre-scan and the maxima of durations and sizes, issue 9; 3: the optional `split`). The JSON
  /// Lines layout keeps 3: its records are the same.
  static let currentVersion = 3
  var version = currentVersion
  var records: [String: IndexRecord] = [:]

  /// The part of a line `find` reads for every bundle.
  struct Summary: Codable, Equatable {
    var path: String
    var fingerprint: Fingerprint
    /// The competition id of a valid bundle; nil for a broken one.
    var id: String?
  }

  /// Loads the index; a missing, corrupt or older index is an empty one (rebuilt, never fatal).
  static func load(_ path: String?) -> CatalogIndex {
    guard let path, let lines = lines(path) else { return CatalogIndex() }
    var index = CatalogIndex()
    let decoder = JSONDecoder()
    for (_, record) in lines {
      guard let decoded = try? decoder.decode(Line.self, from: record) else { return CatalogIndex() }
      index.records[decoded.path] = decoded.record
    }
    return index
  }

  /// The summaries of a current index, by path, each with its record's text to decode on demand.
  static func summaries(_ path: String) -> [String: (summary: Summary, record: Data)]? {
    guard let lines = lines(path) else { return nil }
    var result: [String: (summary: Summary, record: Data)] = [:]
    let decoder = JSONDecoder()
    for (summary, record) in lines {
      guard let decoded = try? decoder.decode(Summary.self, from: summary) else { return nil }
      result[decoded.path] = (decoded, record)
    }
    return result
  }

  /// One record's text from `summaries`, decoded.
  static func record(_ text: Data) -> IndexRecord? {
    (try? JSONDecoder().decode(Line.self, from: text))?.record
  }

  /// The older single-object index, when `path` holds one of the current version.
  static func loadLegacy(_ path: String) -> CatalogIndex? {
    guard let data = FileManager.default.contents(atPath: path),
      let index = try? JSONDecoder().decode(CatalogIndex.self, from: data), index.version == currentVersion
    else { return nil }
    return index
  }

  /// The lines of a current index file, found with `memchr` (a 3 MB index split as a `String` or element by
  /// element is slow); nil when missing, of another version or malformed.
  private static func lines(_ path: String) -> [(summary: Data, record: Data)]? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    guard let spans = data.withUnsafeBytes({ lineSpans($0) }), let header = spans.first, header.record == nil,
      let decoded = try? JSONDecoder().decode(Header.self, from: data.subdata(in: header.summary)),
      decoded.version == currentVersion
    else { return nil }
    var lines: [(summary: Data, record: Data)] = []
    lines.reserveCapacity(spans.count - 1)
    for span in spans.dropFirst() {
      guard let record = span.record else { return nil }
      lines.append((data.subdata(in: span.summary), data.subdata(in: record)))
    }
    return lines
  }

  /// Each non-empty line's part before its first tab, and the part after it (nil without a tab).
  private static func lineSpans(_ raw: UnsafeRawBufferPointer) -> [(summary: Range<Int>, record: Range<Int>?)]? {
    guard let base = raw.baseAddress else { return nil }
    var spans: [(summary: Range<Int>, record: Range<Int>?)] = []
    var start = 0
    while start < raw.count {
      var end = raw.count
      if let newline = memchr(base + start, 0x0A, raw.count - start) {
        end = base.distance(to: UnsafeRawPointer(newline))
      }
      if end > start {
        if let tab = memchr(base + start, 0x09, end - start) {
          let split = base.distance(to: UnsafeRawPointer(tab))
          spans.append((start..<split, (split + 1)..<end))
        } else {
          spans.append((start..<end, nil))
        }
      }
      start = end + 1
    }
    return spans
  }

  private struct Header: Codable { var version: Int }

  /// A line's record, with its path so that `load` needs no summary.
  private struct Line: Codable {
    var path: String
    var record: IndexRecord
  }

  /// Writes the index to a temporary file and renames it over the old one, so readers never see half an index.
  func save(_ path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let encoder = JSONEncoder.tatami(pretty: false)
    var data = try encoder.encode(Header(version: version))
    data.append(0x0A)
    for (path, record) in records.sorted(by: { $0.key < $1.key }) {
      data.append(try encoder.encode(Summary(path: path, fingerprint: record.fingerprint, id: record.entry?.id)))
      data.append(0x09)
      data.append(try encoder.encode(Line(path: path, record: record)))
      data.append(0x0A)
    }
    do throws(SystemError) {
      try FileSystem.replace(path, with: [UInt8](data))
    } catch {
      throw BundleError.writeFailed(path: path, reason: error.reason)
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
