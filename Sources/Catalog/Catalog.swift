import Basics
import Foundation

/// The competitions Tatami knows: bundles found in catalog directories, summarized through a JSON index.
///
/// A catalog directory holds bundles one level deep: archives (`.tar.gz`, `.tgz`, `.tar.zst`, `.tzst`, `.tar`,
/// `.zip`) and folders containing `competition.yaml`. Each bundle is decompressed once; afterwards its summary
/// comes from the index for as long as its fingerprint (size, inode, times) stays the same.
/// When two bundles share an id, the first in directory order wins and the listing warns about the other.
public final class Catalog {
  /// Searched in order; see `TatamiPaths.catalogDirectories`.
  public let directories: [String]
  /// Where the index lives; nil keeps it in memory only.
  public let indexPath: String?
  public let limits: BundleLimits
  /// How many bundles this catalog has decompressed; stays 0 when every bundle comes from the index.
  public private(set) var bundlesOpened = 0
  /// How many full listings (every record decoded) this catalog made; `find` avoids one when it can.
  private(set) var listings = 0
  private var index: CatalogIndex?

  public init(directories: [String], indexPath: String?, limits: BundleLimits = .standard) {
    self.directories = directories
    self.indexPath = indexPath
    self.limits = limits
  }

  /// Every valid bundle (sorted by id), with warnings for broken bundles and shadowed duplicate ids.
  public func list() -> CatalogListing {
    var listing = CatalogListing()
    listings += 1
    let (loaded, migrated) = loadedIndex()
    var index = loaded
    var owners: [String: String] = [:]
    let paths = directories.flatMap(Self.bundlePaths(in:))
    for path in paths {
      let record = self.record(for: path, in: &index)
      if let problem = record?.problem {
        listing.broken.append(BrokenBundle(location: path, problem: problem))
      } else if let entry = record?.entry {
        if let owner = owners[entry.id] {
          listing.warnings.append(
            BundleError.duplicateCompetition(id: entry.id, first: owner, second: path).message
              + "; using the first")
        } else {
          owners[entry.id] = path
          listing.entries.append(entry)
        }
      }
    }
    index.records = index.records.filter { FileSystem.status($0.key) != nil }
    self.index = index
    // A failed write only costs speed next time; the listing itself is complete.
    if index != loaded || migrated, let indexPath { try? index.save(indexPath) }
    listing.entries.sort { $0.id < $1.id }
    return listing
  }

  /// The summary of the competition `id`.
  ///
  /// When the index knows every bundle in its current state, only the records' summaries are read and the
  /// one record of `id` decoded; otherwise (a new, changed or unindexed bundle, or no match) the full listing
  /// decides, re-checking and saving as `list` does. Either way the first bundle in directory order wins.
  public func find(_ id: String) throws(BundleError) -> CatalogEntry {
    if index == nil, let entry = quickFind(id) { return entry }
    let listing = list()
    if let entry = listing.entries.first(where: { $0.id == id }) { return entry }
    // A broken bundle has no readable id; one whose file name is the id explains the failure best.
    let named = listing.broken.first { EntryPath.lastComponent($0.location).split(separator: ".").first == id[...] }
    if let named { throw named.problem }
    throw .unknownCompetition(id: id, searched: directories)
  }

  /// The entry of `id` from the index's summaries alone, or nil when the full listing must decide.
  private func quickFind(_ id: String) -> CatalogEntry? {
    guard let indexPath, let summaries = CatalogIndex.summaries(indexPath) else { return nil }
    for path in directories.flatMap(Self.bundlePaths(in:)) {
      // As in `list`: a bundle gone between listing and `stat` is skipped.
      guard let fingerprint = Fingerprint.of(path) else { continue }
      guard let known = summaries[path], known.summary.fingerprint == fingerprint else { return nil }
      if known.summary.id == id {
        guard let record = CatalogIndex.record(known.record), record.fingerprint == fingerprint else { return nil }
        return record.entry
      }
    }
    return nil
  }

  /// Opens the bundle of the competition `id` for reading and extracting, without a new checking pass.
  ///
  /// The index entry was made by a full check of the bundle in its current state (same fingerprint); reads
  /// and extraction still count decompressed bytes against the caps and refuse links.
  public func open(_ id: String) throws(BundleError) -> CompetitionBundle {
    CompetitionBundle(indexed: try find(id), limits: limits)
  }

  /// The record for `path`: from the index when the fingerprint matches, else from opening the bundle.
  private func record(for path: String, in index: inout CatalogIndex) -> IndexRecord? {
    guard let fingerprint = Fingerprint.of(path) else { return nil }
    if let cached = index.records[path], cached.fingerprint == fingerprint { return cached }
    bundlesOpened += 1
    var record = IndexRecord(fingerprint: fingerprint)
    do {
      let bundle = try CompetitionBundle.open(path, limits: limits)
      record.entry = CatalogEntry(
        location: path, manifest: bundle.manifest, entries: bundle.entries, archiveFolder: bundle.folderPrefix)
    } catch {
      record.problem = error
    }
    index.records[path] = record
    return record
  }

  /// The index in memory, else from `indexPath`, else (once, to migrate) from the older `catalog-index.json`
  /// beside a `catalog-index.jsonl`; the second value says the file must be written.
  private func loadedIndex() -> (index: CatalogIndex, migrated: Bool) {
    if let index { return (index, false) }
    let loaded = CatalogIndex.load(indexPath)
    if loaded.records.isEmpty, let indexPath, indexPath.hasSuffix(".jsonl"), !FileSystem.isRegularFile(indexPath),
      let legacy = CatalogIndex.loadLegacy(String(indexPath.dropLast()))
    {
      return (legacy, true)
    }
    return (loaded, false)
  }

  /// The bundles directly inside `directory`, as absolute paths, sorted by name; hidden names are skipped.
  static func bundlePaths(in directory: String) -> [String] {
    let archiveSuffixes = [".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar", ".zip"]
    return (FileSystem.names(in: directory) ?? []).compactMap { name in
      guard !name.hasPrefix("."), let path = FileSystem.realPath(directory + "/" + name) else { return nil }
      if FileSystem.isDirectory(path) { return FileSystem.isRegularFile(path + "/competition.yaml") ? path : nil }
      let isArchive = archiveSuffixes.contains { name.lowercased().hasSuffix($0) }
      return isArchive && FileSystem.isRegularFile(path) ? path : nil
    }
  }
}

/// The result of listing a catalog.
public struct CatalogListing: Sendable {
  /// Valid bundles, sorted by id.
  public var entries: [CatalogEntry] = []
  /// Bundles that failed their checks; left out of `entries`.
  public var broken: [BrokenBundle] = []
  /// Other things a user should know, such as a duplicate id.
  public var warnings: [String] = []
}

/// A bundle found in a catalog directory that does not open.
public struct BrokenBundle: Sendable {
  public var location: String
  public var problem: BundleError
}
