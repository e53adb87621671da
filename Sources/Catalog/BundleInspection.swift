import Basics


/// Everything one checking pass learned about a bundle, problems included.
public struct BundleInspection {
  /// The path that was inspected.
  public var location: String
  /// The manifest, when it decoded without problems.
  public var manifest: Manifest?
  /// Files and folders found, relative to the bundle root.
  public var entries: [BundleEntry]
  /// Every problem found, in the order found; empty for a clean bundle.
  public var problems: [BundleError]
  /// The opened bundle, when the manifest decoded (even if other problems were found).
  var candidate: CompetitionBundle?

  /// The bundle, only when there is no problem at all.
  public var bundle: CompetitionBundle? { problems.isEmpty ? candidate : nil }

  /// The opened bundle when its manifest decoded and its answers file is present, even if other problems were
  /// found: what the catalog gates (`CatalogGates`) need.
  public var answersBundle: CompetitionBundle? {
    guard let candidate, candidate.entry(candidate.manifest.answers) != nil else { return nil }
    return candidate
  }
}

extension CompetitionBundle {
  /// Runs the structural and manifest checks of docs/bundle-format.md, collecting every problem.
  public static func inspect(_ path: String, limits: BundleLimits = .standard) -> BundleInspection {
    var inspection = BundleInspection(location: path, manifest: nil, entries: [], problems: [])
    let storage: any BundleStorage
    let isArchive: Bool
    do {
      (storage, isArchive) = try makeStorage(path)
    } catch {
      inspection.problems.append(error)
      return inspection
    }
    var scan = EntryScan(limits: limits)
    do {
      try storage.forEachEntry { header, source throws(BundleError) in
        try scan.visit(header, source)
        return true
      }
    } catch {
      inspection.problems = scan.problems + [error]
      return inspection
    }
    inspection.problems = scan.problems
    // Only archives may wrap the bundle in one folder (docs/bundle-format.md); a directory is the bundle itself.
    let folder = isArchive ? topFolder(of: scan.entries) : nil
    let prefix = folder.map { $0 + "/" } ?? ""
    inspection.entries = scan.entries.compactMap { entry in
      guard entry.path.hasPrefix(prefix) else { return nil }
      return BundleEntry(
        path: String(entry.path.dropFirst(prefix.count)), kind: entry.kind, size: entry.size, csvRows: entry.csvRows)
    }
    inspection.manifest = decodeManifest(scan.manifests[prefix + "competition.yaml"], limits, &inspection.problems)
    inspection.problems += missingFiles(inspection.entries, manifest: inspection.manifest)
    if let manifest = inspection.manifest {
      inspection.candidate = CompetitionBundle(
        location: path, isArchive: isArchive, manifest: manifest, entries: inspection.entries, limits: limits,
        storage: storage, folderPrefix: prefix)
    }
    return inspection
  }

  /// Everything `tatami bundle check` verifies: `inspect`, then the answers (read by the scoring
  /// engine itself), then the quality gates that need no Python (`QualityGates`).
  public static func check(_ path: String, limits: BundleLimits = .standard) -> BundleInspection {
    var inspection = inspect(path, limits: limits)
    if let candidate = inspection.candidate, candidate.entry(candidate.manifest.answers) != nil {
      do {
        inspection.problems += QualityGates(bundle: candidate, scorer: try candidate.scorer()).problems()
      } catch {
        inspection.problems.append(error)
      }
    }
    return inspection
  }

  private static func makeStorage(_ path: String) throws(BundleError) -> (any BundleStorage, Bool) {
    var info = stat()
    guard stat(path, &info) == 0 else { throw .cannotOpen(path: path, reason: errorText()) }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return (DirectoryStorage(location: path), false)
    case S_IFREG: return (ArchiveStorage(location: path), true)
    default: throw .cannotOpen(path: path, reason: "not a directory or an archive file")
    }
  }

  /// The single top-level folder to strip (`catsup-brand-choice/competition.yaml`): every entry is inside it
  /// and it holds the manifest.
  static func topFolder(of entries: [BundleEntry]) -> String? {
    guard let first = entries.first?.path.split(separator: "/").first else { return nil }
    let folder = String(first)
    let allInside = entries.allSatisfy { entry in
      entry.path.hasPrefix(folder + "/") || (entry.path == folder && entry.kind == .directory)
    }
    let hasManifest = entries.contains { $0.path == folder + "/competition.yaml" }
    return allInside && hasManifest ? folder : nil
  }

  private static func decodeManifest(
    _ bytes: [UInt8]?, _ limits: BundleLimits, _ problems: inout [BundleError]
  ) -> Manifest? {
    guard let bytes else {
      problems.append(.missingFile("competition.yaml"))
      return nil
    }
    guard bytes.count <= limits.maxManifestBytes else {
      problems.append(
        .manifestSyntax(line: nil, detail: "the file is larger than \(formatBytes(limits.maxManifestBytes))"))
      return nil
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      problems.append(.manifestSyntax(line: nil, detail: "the file is not UTF-8 text"))
      return nil
    }
    switch Manifest.decode(yaml: text) {
    case .success(let manifest): return manifest
    case .failure(let errors):
      problems += errors.all
      return nil
    }
  }

  /// The required files and folders that are absent: description, public data, answers, baseline script.
  private static func missingFiles(_ entries: [BundleEntry], manifest: Manifest?) -> [BundleError] {
    let files = Set(entries.filter { $0.kind == .file }.map(\.path))
    var missing: [BundleError] = []
    if !files.contains("description.md") { missing.append(.missingFile("description.md")) }
    // Zip archives often list no folder entries, so a file below public/ proves the folder too.
    if !entries.contains(where: { $0.path == "public" || $0.path.hasPrefix("public/") }) {
      missing.append(.missingFile("public/ folder"))
    }
    if let manifest {
      if !files.contains(manifest.answers) { missing.append(.missingFile("answers file \(manifest.answers)")) }
      if let script = manifest.baseline?.script, !files.contains(script) {
        missing.append(.missingFile("baseline script \(script)"))
      }
    }
    return missing
  }
}
