import Scoring

/// The summary of one valid bundle the catalog keeps in its index: enough to list and show it.
public struct CatalogEntry: Sendable, Codable, Equatable {
  /// The bundle's absolute path.
  public var location: String
  public var manifest: Manifest
  /// Files and folders with their decompressed sizes and CSV row counts.
  public var entries: [BundleEntry]
  /// The archive's top-level folder that was stripped, with its slash (`catsup-brand-choice/`), or empty.
  public var archiveFolder: String

  public init(location: String, manifest: Manifest, entries: [BundleEntry], archiveFolder: String = "") {
    self.location = location
    self.manifest = manifest
    self.entries = entries
    self.archiveFolder = archiveFolder
  }

  public var id: String { manifest.id }

  /// The metric's direction, from the registry (nil only if the metric disappeared since indexing).
  public var higherIsBetter: Bool? { Metrics.named(manifest.metric.name)?.higherIsBetter }

  /// The files an agent gets, under `public/`.
  public var publicFiles: [BundleEntry] { entries.filter { $0.kind == .file && $0.path.hasPrefix("public/") } }

  /// Bytes of `public/` once extracted.
  public var publicBytes: Int { publicFiles.reduce(0) { $0 + $1.size } }

  /// Bytes of the whole bundle once extracted.
  public var totalBytes: Int { entries.reduce(0) { $0 + $1.size } }
}
