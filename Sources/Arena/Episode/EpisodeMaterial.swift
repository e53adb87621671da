import Catalog

/// The bundle's files an episode reads besides the public ones: the answers (for the scorer), the description
/// and the heads of the public CSVs (for the task overview).
///
/// `EpisodeSetup` gathers them in the pass that extracts the public files; `init(reading:)` reads them one
/// file at a time (one decompression each) for callers that filled the workspace themselves.
struct EpisodeMaterial {
  /// The task overview shows at most this much of `description.md`; a longer one is left out.
  static let descriptionCap = 256 << 10
  /// How much of each public CSV the column summary reads.
  static let headBytes = 4 << 20

  var answers: Result<[UInt8], BundleError>
  var description: [UInt8]?
  /// The first `headBytes` of each public CSV, by bundle path (`public/train.csv`).
  var heads: [String: [UInt8]]

  /// The whole files to read in the extraction pass, with their caps.
  static func reading(_ manifest: Manifest) -> [String: Int] {
    [manifest.answers: Int.max, "description.md": descriptionCap]
  }

  /// What one pass (`Workspace.prepare` with `reading(manifest)`) gathered.
  init(_ pass: BundlePass, manifest: Manifest) {
    answers = pass.files[manifest.answers] ?? .failure(.entryNotFound(manifest.answers))
    description = try? pass.files["description.md"]?.get()
    heads = pass.heads
  }

  /// Reads each file from the bundle on its own.
  init(reading bundle: CompetitionBundle) {
    answers = Result { () throws(BundleError) in try bundle.read(bundle.manifest.answers) }
    description = try? bundle.read("description.md", cap: Self.descriptionCap)
    var heads: [String: [UInt8]] = [:]
    for entry in bundle.entries
    where entry.kind == .file && entry.path.hasPrefix("public/") && entry.path.hasSuffix(".csv") {
      heads[entry.path] = try? bundle.readHead(entry.path, maxBytes: Self.headBytes)
    }
    self.heads = heads
  }
}
