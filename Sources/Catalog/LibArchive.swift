import CArchive

// Every libarchive call of Tatami lives in this file, behind two small owners of the C handle.

/// What a header says an entry is. Sizes are deliberately absent: readers count decompressed bytes instead.
enum ArchiveEntryKind: Equatable {
  case file
  case directory
  case symbolicLink(target: String)
  case hardLink(target: String)
  case special(String)
}

/// One header of an archive being read.
struct ArchiveHeader {
  var rawPath: String
  var kind: ArchiveEntryKind
}

/// Streams the entries of an archive (any format and filter libarchive reads); owns the read handle.
final class ArchiveReader {
  private let handle: OpaquePointer
  let path: String

  /// Opens `path` for streaming; fails with libarchive's message when the file is not an archive it reads.
  init(path: String) throws(BundleError) {
    guard let handle = archive_read_new() else { throw .archive(path: path, message: "out of memory") }
    self.handle = handle
    self.path = path
    archive_read_support_filter_all(handle)
    archive_read_support_format_all(handle)
    guard archive_read_open_filename(handle, path, 64 * 1024) == ARCHIVE_OK else { throw failure() }
  }

  deinit { archive_read_free(handle) }

  /// The next header, or nil at the end of the archive.
  func nextHeader() throws(BundleError) -> ArchiveHeader? {
    var entry: OpaquePointer?
    let status = archive_read_next_header(handle, &entry)
    if status == ARCHIVE_EOF { return nil }
    // ARCHIVE_WARN (e.g. a name in an unexpected charset) still yields a usable header.
    guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw failure() }
    let rawPath = text(archive_entry_pathname(entry)) ?? text(archive_entry_pathname_utf8(entry)) ?? ""
    return ArchiveHeader(rawPath: rawPath, kind: kind(of: entry))
  }

  /// Decompresses the next block of the current entry into `buffer`; 0 at the entry's end.
  func readBlock(into buffer: UnsafeMutableRawBufferPointer) throws(BundleError) -> Int {
    let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
    guard count >= 0 else { throw failure() }
    return count
  }

  /// Skips the rest of the current entry (seeks where the format allows it).
  func skipData() throws(BundleError) {
    guard archive_read_data_skip(handle) == ARCHIVE_OK else { throw failure() }
  }

  private func kind(of entry: OpaquePointer) -> ArchiveEntryKind {
    // Tar marks a hard link as a regular file with a link name, so check that first.
    if let target = text(archive_entry_hardlink(entry)) { return .hardLink(target: target) }
    switch UInt32(archive_entry_filetype(entry)) {
    case CARCHIVE_IFREG: return .file
    case CARCHIVE_IFDIR: return .directory
    case CARCHIVE_IFLNK: return .symbolicLink(target: text(archive_entry_symlink(entry)) ?? "")
    case CARCHIVE_IFIFO: return .special("FIFO")
    case CARCHIVE_IFSOCK: return .special("socket")
    case CARCHIVE_IFCHR: return .special("character device")
    case CARCHIVE_IFBLK: return .special("block device")
    default: return .special("file of unknown type")
    }
  }

  private func failure() -> BundleError {
    .archive(path: path, message: text(archive_error_string(handle)) ?? "unknown libarchive error")
  }
}

/// Writes a deterministic `.tar.gz` (pax, gzip without timestamp); owns the write handle.
final class ArchiveWriter {
  private let handle: OpaquePointer
  private let entry: OpaquePointer
  let path: String

  init(path: String) throws(BundleError) {
    guard let handle = archive_write_new(), let entry = archive_entry_new() else {
      throw .writeFailed(path: path, reason: "out of memory")
    }
    self.handle = handle
    self.entry = entry
    self.path = path
    // Restricted pax writes plain ustar headers and adds extended ones only for long or non-ASCII names.
    try check(archive_write_set_format_pax_restricted(handle))
    try check(archive_write_add_filter_gzip(handle))
    // A gzip timestamp would make every pack differ; libarchive stores no file name in the gzip header.
    try check(archive_write_set_options(handle, "gzip:!timestamp"))
    try check(archive_write_open_filename(handle, path))
  }

  deinit {
    archive_entry_free(entry)
    archive_write_free(handle)
  }

  /// Writes a folder header: mode 0755, mtime 0, owner 0:0 without names.
  func addDirectory(_ name: String) throws(BundleError) {
    try writeHeader(name, type: CARCHIVE_IFDIR, permissions: 0o755, size: 0)
  }

  /// Writes a file header and the bytes `fill` produces; `fill` must deliver exactly `size` bytes.
  func addFile(
    _ name: String, size: Int, fill: (_ write: ([UInt8]) throws(BundleError) -> Void) throws(BundleError) -> Void
  ) throws(BundleError) {
    try writeHeader(name, type: CARCHIVE_IFREG, permissions: 0o644, size: size)
    try fill { (bytes: [UInt8]) throws(BundleError) in
      let written = bytes.withUnsafeBytes { archive_write_data(handle, $0.baseAddress, $0.count) }
      guard written == bytes.count else { throw failure() }
    }
    try check(archive_write_finish_entry(handle))
  }

  /// Flushes the compressor and closes the file.
  func close() throws(BundleError) {
    try check(archive_write_close(handle))
  }

  private func writeHeader(_ name: String, type: UInt32, permissions: UInt32, size: Int) throws(BundleError) {
    archive_entry_clear(entry)
    archive_entry_set_pathname(entry, name)
    archive_entry_set_filetype(entry, type)
    archive_entry_set_perm(entry, mode_t(permissions))
    archive_entry_set_size(entry, la_int64_t(size))
    archive_entry_set_mtime(entry, 0, 0)
    archive_entry_set_uid(entry, 0)
    archive_entry_set_gid(entry, 0)
    try check(archive_write_header(handle, entry))
  }

  private func check(_ status: Int32) throws(BundleError) {
    guard status == ARCHIVE_OK else { throw failure() }
  }

  private func failure() -> BundleError {
    .writeFailed(path: path, reason: text(archive_error_string(handle)) ?? "unknown libarchive error")
  }
}

private func text(_ pointer: UnsafePointer<CChar>?) -> String? {
  pointer.map { String(cString: $0) }
}
