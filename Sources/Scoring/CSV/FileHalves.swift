import Dispatch
import Basics

/// Splits a large file at a line break near its middle, to read its two halves on two threads.
///
/// The split is a guess: the line break may sit inside a quoted field. Then the first half, read
/// correctly from the start, ends inside an open quote and fails. Callers therefore use the halves only
/// when both succeed, and read the file again sequentially otherwise, so no report depends on the split.
enum FileHalves {
  /// Files smaller than this are read on one thread: starting a second costs more than it saves.
  static let defaultThreshold = 32 << 20

  /// The two byte ranges, or nil when the file is small, not seekable, or the machine has one core.
  static func split(_ source: ByteSource, threshold: Int, sizeCap: Int) -> (Range<Int>, Range<Int>)? {
    guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1, let size = source.size, size >= threshold, size <= sizeCap,
      var reader = try? CSVReader(source, chunkSize: 1 << 16, range: (size / 2)..<min(size, size / 2 + (1 << 16))),
      let offset = reader.offsetAfterFirstLineBreak()
    else { return nil }
    let middle = size / 2 + offset
    return (0..<middle, middle..<size)
  }

  /// About how many lines `range` holds, from the line lengths of its first 64 KiB; for reserving
  /// memory once instead of growing arrays (each growth copies and touches new pages).
  static func estimatedLines(in range: Range<Int>, of source: ByteSource) -> Int {
    let sample = min(range.count, 1 << 16)
    guard sample > 0, var reader = try? CSVReader(source, chunkSize: sample, range: range.lowerBound..<(range.lowerBound + sample))
    else { return 0 }
    let lines = reader.lineBreakCount()
    guard lines > 0 else { return 0 }
    return Int(Double(range.count) / (Double(sample) / Double(lines)) * 1.05) + 16
  }

  /// Runs `body` on both halves at once; the first half starts with the header line.
  static func read<T>(_ halves: (Range<Int>, Range<Int>), _ body: @Sendable (Range<Int>) -> T?) -> (T, T)? {
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: 2)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let slots = Slots(results: results)
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      slots.results[half] = body(half == 0 ? halves.0 : halves.1)
    }
    guard let first = results[0], let second = results[1] else { return nil }
    return (first, second)
  }

  /// Each half writes its own slot, so sharing the buffer is safe.
  private struct Slots<T>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<T?>
  }
}
