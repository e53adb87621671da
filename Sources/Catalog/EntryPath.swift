/// Checks and normalizes the path of an entry inside a bundle.
enum EntryPath {
  /// The path without `./`, empty components and a trailing `/`; nil when it is absolute or has `..`.
  ///
  /// The root itself (`./`) normalizes to the empty string.
  static func normalize(_ raw: String) -> String? {
    try? validate(raw)
  }

  /// The normalized path, or an `unsafePath` error saying why it could write outside the bundle.
  static func validate(_ raw: String) throws(BundleError) -> String {
    if raw.hasPrefix("/") { throw .unsafePath(entry: raw, reason: "is an absolute path") }
    let components = raw.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    if components.contains("..") { throw .unsafePath(entry: raw, reason: "has a '..' component") }
    if raw.utf8.contains(0) { throw .unsafePath(entry: raw, reason: "contains a NUL byte") }
    return components.joined(separator: "/")
  }

  /// The last component: `public/train.csv` → `train.csv`.
  static func lastComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
