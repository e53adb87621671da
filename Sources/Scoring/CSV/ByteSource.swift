import Basics

/// Where CSV bytes come from: a file, standard input, or bytes already in memory (an archive entry).
public enum ByteSource: Sendable {
  case file(String)
  case standardInput
  case bytes([UInt8])

  /// The total size when it is known without reading (files and memory), so a reader can split it.
  var size: Int? {
    switch self {
    case .file(let path):
      var status = stat()
      return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
    case .standardInput: return nil
    case .bytes(let bytes): return bytes.count
    }
  }

  /// A short name for messages: the path, `standard input` or `memory`.
  public var displayName: String {
    switch self {
    case .file(let path): return path
    case .standardInput: return "standard input"
    case .bytes: return "memory"
    }
  }
}

/// Reads a byte source in chunks, so a file never has to be in memory whole.
final class ChunkedInput {
  private let descriptor: Int32
  private let closesDescriptor: Bool
  private var memory: [UInt8]
  private var memoryOffset = 0
  /// Bytes left to hand out when reading a range; nil reads to the end.
  private var remaining: Int?
  /// Bytes handed out so far; the reader compares it with the size cap.
  private(set) var bytesRead = 0

  /// - Parameter range: only these bytes of a file or of memory (standard input cannot seek).
  init(_ source: ByteSource, range: Range<Int>? = nil) throws(InputError) {
    switch source {
    case .file(let path):
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw InputError.cannotOpen(path: path, reason: errorText()) }
      var status = stat()
      if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
        close(descriptor)
        throw InputError.cannotOpen(path: path, reason: "it is a directory")
      }
      self.descriptor = descriptor
      self.closesDescriptor = true
      self.memory = []
    case .standardInput:
      self.descriptor = STDIN_FILENO
      self.closesDescriptor = false
      self.memory = []
    case .bytes(let bytes):
      self.descriptor = -1
      self.closesDescriptor = false
      self.memory = bytes
    }
    if let range {
      remaining = range.count
      memoryOffset = range.lowerBound
      if descriptor >= 0 && lseek(descriptor, off_t(range.lowerBound), SEEK_SET) < 0 {
        throw InputError.readFailed(reason: errorText())
      }
    }
  }

  deinit {
    if closesDescriptor { close(descriptor) }
  }

  /// Fills up to `capacity` bytes at `target`; returns 0 at the end of input.
  func read(into target: UnsafeMutablePointer<UInt8>, capacity requested: Int) throws(InputError) -> Int {
    let capacity = min(requested, remaining ?? requested)
    let count = try readUnbounded(into: target, capacity: capacity)
    remaining = remaining.map { $0 - count }
    return count
  }

  private func readUnbounded(into target: UnsafeMutablePointer<UInt8>, capacity: Int) throws(InputError) -> Int {
    guard capacity > 0 else { return 0 }
    if descriptor < 0 {
      let count = min(capacity, memory.count - memoryOffset)
      memory.withUnsafeBufferPointer { source in
        guard count > 0, let base = source.baseAddress else { return }
        target.update(from: base + memoryOffset, count: count)
      }
      memoryOffset += count
      bytesRead += count
      return count
    }
    do {
      let count = try FileDescriptor.read(descriptor, into: UnsafeMutableRawBufferPointer(start: target, count: capacity))
      bytesRead += count
      return count
    } catch {
      throw InputError.readFailed(reason: error.reason)
    }
  }
}

/// The input could not be read at all; a harness-side failure, not a bad submission.
package enum InputError: Error, Equatable {
  case cannotOpen(path: String, reason: String)
  case readFailed(reason: String)

  var reason: String {
    switch self {
    case .cannotOpen(_, let reason), .readFailed(let reason): return reason
    }
  }
}
