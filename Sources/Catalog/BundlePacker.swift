import Basics

extension CompetitionBundle {
  /// Packs this directory bundle into a deterministic `.tar.gz` at `output`.
  ///
  /// Entries sit under a folder named after the manifest id, sorted by path, with mtime 0, owner 0:0 without
  /// names, mode 0644 for files and 0755 for folders, in gzip without a timestamp: the same content gives
  /// the same bytes. The archive is written to a temporary file and renamed, so `output` is never half written.
  /// - Throws: `cannotOpen` when the bundle is an archive, `writeFailed` when writing fails or a file changed.
  public func pack(to output: String) throws(BundleError) {
    guard let directory = storage as? DirectoryStorage else {
      throw .cannotOpen(path: location, reason: "only a directory can be packed; this bundle is already an archive")
    }
    let temporary = output + ".partial-\(getpid())"
    do throws(BundleError) {
      try writeArchive(from: directory, to: temporary)
      guard rename(temporary, output) == 0 else { throw BundleError.writeFailed(path: output, reason: errorText()) }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  private func writeArchive(from directory: DirectoryStorage, to path: String) throws(BundleError) {
    let writer = try ArchiveWriter(path: path)
    let root = manifest.id
    try writer.addDirectory(root + "/")
    // Byte order, not locale order, so every machine sorts alike.
    let sorted = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    for entry in sorted {
      let name = root + "/" + entry.path
      switch entry.kind {
      case .directory: try writer.addDirectory(name + "/")
      case .file:
        let source = try directory.openFile(entry.path)
        try writer.addFile(name, size: entry.size) { write throws(BundleError) in
          try copy(source, size: entry.size, into: write, path: entry.path)
        }
      }
    }
    try writer.close()
  }

  /// Copies exactly `size` bytes, failing if the file grew or shrank since the bundle was checked.
  private func copy(
    _ source: FileBlockSource, size: Int, into write: ([UInt8]) throws(BundleError) -> Void, path: String
  ) throws(BundleError) {
    var copied = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = try source.readBlock(into: buffer)
      if count == 0 { break }
      copied += count
      guard copied <= size else { break }
      try write(Array(buffer[..<count]))
    }
    guard copied == size else {
      throw .writeFailed(path: path, reason: "the file changed while packing; run the command again")
    }
  }
}
