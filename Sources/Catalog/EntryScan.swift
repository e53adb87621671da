import Basics

/// One checking pass over every entry of a bundle: refuses what is unsafe, counts real sizes and CSV rows,
/// and keeps the bytes of any `competition.yaml` near the root.
///
/// Problems that only concern one entry are collected so `tatami bundle check` can report them all; a cap
/// being passed stops the pass (it is thrown), since reading on would be the very thing the cap prevents.
struct EntryScan {
  let limits: BundleLimits
  private(set) var entries: [BundleEntry] = []
  private(set) var problems: [BundleError] = []
  /// Manifests by normalized path: `competition.yaml` or `<folder>/competition.yaml`.
  private(set) var manifests: [String: [UInt8]] = [:]
  private var seen: Set<String> = []
  private var visited = 0
  private var bundleBytes = 0

  init(limits: BundleLimits) { self.limits = limits }

  mutating func visit(_ header: ArchiveHeader, _ source: any BlockSource) throws(BundleError) {
    visited += 1
    if visited > limits.maxEntries { throw .tooManyEntries(cap: limits.maxEntries) }
    let path: String
    do {
      path = try EntryPath.validate(header.rawPath)
    } catch {
      problems.append(error)
      return
    }
    if path.isEmpty { return }  // the root folder itself, as `tar -C dir .` writes it
    guard seen.insert(path).inserted else {
      problems.append(.duplicateEntry(path))
      return
    }
    switch header.kind {
    case .file: entries.append(try readFile(path, source))
    case .directory: entries.append(BundleEntry(path: path, kind: .directory))
    case .symbolicLink(let target): problems.append(.link(entry: path, target: target, hard: false))
    case .hardLink(let target): problems.append(.link(entry: path, target: target, hard: true))
    case .special(let kind): problems.append(.specialFile(entry: path, kind: kind))
    }
  }

  private mutating func readFile(_ path: String, _ source: any BlockSource) throws(BundleError) -> BundleEntry {
    let isCSV = path.lowercased().hasSuffix(".csv")
    let isManifest = EntryPath.lastComponent(path) == "competition.yaml" && path.split(separator: "/").count <= 2
    var lines = LineCounter()
    var manifest: [UInt8] = []
    let size = try drain(source, entry: path, limits: limits, bundleBytes: &bundleBytes) { block in
      if isCSV { lines.count(block) }
      if isManifest && manifest.count <= limits.maxManifestBytes { manifest.append(contentsOf: block) }
    }
    if isManifest { manifests[path] = manifest }
    return BundleEntry(path: path, kind: .file, size: size, csvRows: isCSV ? max(lines.total - 1, 0) : nil)
  }
}

/// Counts lines across blocks; a last line without a final newline counts too.
struct LineCounter {
  private var newlines = 0
  private var endsWithNewline = true

  var total: Int { newlines + (endsWithNewline ? 0 : 1) }

  mutating func count(_ block: UnsafeRawBufferPointer) {
    guard let base = block.baseAddress, !block.isEmpty else { return }
    var cursor = base
    let end = base + block.count
    // memchr keeps row counting at memory speed even in debug builds.
    while cursor < end, let hit = memchr(cursor, 0x0A, end - cursor) {
      newlines += 1
      cursor = UnsafeRawPointer(hit) + 1
    }
    endsWithNewline = block[block.count - 1] == 0x0A
  }
}
