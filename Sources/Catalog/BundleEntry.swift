/// One file or folder of a bundle, with the size counted while decompressing it.
public struct BundleEntry: Sendable, Equatable, Codable {
  public enum Kind: String, Sendable, Codable { case file, directory }

  /// The path inside the bundle, after stripping an archive's top-level folder: `public/train.csv`.
  public var path: String
  public var kind: Kind
  /// Decompressed bytes actually read (never the header's claim); 0 for folders.
  public var size: Int
  /// For `.csv` files, the number of lines minus the header (quoted newlines count as lines).
  public var csvRows: Int?

  public init(path: String, kind: Kind, size: Int = 0, csvRows: Int? = nil) {
    self.path = path
    self.kind = kind
    self.size = size
    self.csvRows = csvRows
  }
}

/// Caps that stop decompression bombs and runaway bundles; enforced on bytes actually decompressed.
public struct BundleLimits: Sendable, Equatable {
  /// Per entry; default 1 GiB.
  public var maxEntryBytes: Int
  /// For the whole bundle; default 2 GiB.
  public var maxBundleBytes: Int
  /// Number of entries; default 100,000 (empty entries cost no bytes but still cost memory).
  public var maxEntries: Int
  /// The manifest is read into memory; default 1 MiB.
  public var maxManifestBytes: Int

  public init(
    maxEntryBytes: Int = 1 << 30, maxBundleBytes: Int = 2 << 30, maxEntries: Int = 100_000,
    maxManifestBytes: Int = 1 << 20
  ) {
    self.maxEntryBytes = maxEntryBytes
    self.maxBundleBytes = maxBundleBytes
    self.maxEntries = maxEntries
    self.maxManifestBytes = maxManifestBytes
  }

  public static let standard = BundleLimits()
}
