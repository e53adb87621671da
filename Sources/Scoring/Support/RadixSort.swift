import Dispatch

/// Sorting keys for large metric inputs: LSD radix sort over the order-preserving bit pattern of doubles.
enum RadixSort {
  /// Maps a double to an unsigned integer with the same order (-0 and +0 map alike).
  @inline(__always)
  static func orderedKey(_ value: Double) -> UInt64 {
    let bits = (value == 0 ? 0.0 : value).bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// Inverse of `orderedKey`.
  @inline(__always)
  static func value(ofKey key: UInt64) -> Double {
    Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
  }

  /// Sorts the values ascending. Small inputs use the standard sort; large ones four 16-bit radix passes.
  static func sortedAscending(_ values: [Double]) -> [Double] {
    var keys = values.map(orderedKey)
    sortKeys(&keys)
    return keys.map(value(ofKey:))
  }

  static func sortKeys(_ keys: inout [UInt64]) {
    guard keys.count > 50_000 else {
      keys.sort()
      return
    }
    var scratch = [UInt64](repeating: 0, count: keys.count)
    var counts = [Int](repeating: 0, count: 1 << 16)
    for pass in 0..<4 {
      let shift = UInt64(pass * 16)
      radixPass(from: keys, into: &scratch, shift: shift, counts: &counts)
      swap(&keys, &scratch)
    }
  }

  /// Sorts two arrays, each on its own thread when both are large (the second core is otherwise idle
  /// while a metric runs); the result is the same as sorting one after the other.
  static func sortKeysOnTwoThreads(_ first: inout [UInt64], _ second: inout [UInt64]) {
    guard min(first.count, second.count) > 1 << 18 else {
      sortKeys(&first)
      sortKeys(&second)
      return
    }
    let pair = KeyPair(first: first, second: second)
    first = []
    second = []
    DispatchQueue.concurrentPerform(iterations: 2) { which in pair.sort(which) }
    (first, second) = (pair.first, pair.second)
  }

  /// Two arrays sorted by two threads; each thread touches only its own array.
  private final class KeyPair: @unchecked Sendable {
    var first: [UInt64]
    var second: [UInt64]

    init(first: [UInt64], second: [UInt64]) {
      self.first = first
      self.second = second
    }

    func sort(_ which: Int) {
      if which == 0 { RadixSort.sortKeys(&first) } else { RadixSort.sortKeys(&second) }
    }
  }

  /// Where each 16-bit digit's run starts in the sorted output: a histogram, then its prefix sums.
  private static func startOffsets(
    of source: UnsafeBufferPointer<UInt64>, shift: UInt64, into counts: UnsafeMutableBufferPointer<Int>
  ) {
    for index in counts.indices { counts[index] = 0 }
    for key in source { counts[Int((key >> shift) & 0xFFFF)] += 1 }
    var total = 0
    for digit in counts.indices {
      let count = counts[digit]
      counts[digit] = total
      total += count
    }
  }

  private static func radixPass(from source: [UInt64], into target: inout [UInt64], shift: UInt64, counts: inout [Int]) {
    source.withUnsafeBufferPointer { source in
      target.withUnsafeMutableBufferPointer { target in
        counts.withUnsafeMutableBufferPointer { counts in
          startOffsets(of: source, shift: shift, into: counts)
          for key in source {
            let digit = Int((key >> shift) & 0xFFFF)
            target[counts[digit]] = key
            counts[digit] += 1
          }
        }
      }
    }
  }

  /// The row indices that sort `keys` ascending, stably with respect to `initialOrder` (default: row order).
  ///
  /// Sorting by a second key then stably by a first one orders rows by (first, second), as a lexsort does.
  /// - Complexity: O(n) for large inputs (four 16-bit passes moving key and index together), O(n log n)
  ///   below 50,000 rows.
  static func stableOrder(of keys: [UInt64], after initialOrder: [Int32]? = nil) -> [Int32] {
    precondition(keys.count < Int(Int32.max), "row indices are 32-bit")
    let order = initialOrder ?? (0..<Int32(keys.count)).map { $0 }
    var orderedKeys = order.map { keys[Int($0)] }
    guard keys.count > 50_000 else {
      // Positions break ties, which makes the (unstable) standard sort stable.
      let positions = (0..<order.count).sorted { (orderedKeys[$0], $0) < (orderedKeys[$1], $1) }
      return positions.map { order[$0] }
    }
    var indices = order
    var scratchKeys = [UInt64](repeating: 0, count: keys.count)
    var scratchIndices = [Int32](repeating: 0, count: keys.count)
    var counts = [Int](repeating: 0, count: 1 << 16)
    for pass in 0..<4 {
      let shift = UInt64(pass * 16)
      radixPass(
        from: orderedKeys, payload: indices, into: &scratchKeys, payload: &scratchIndices, shift: shift,
        counts: &counts)
      swap(&orderedKeys, &scratchKeys)
      swap(&indices, &scratchIndices)
    }
    return indices
  }

  private static func radixPass(
    from source: [UInt64], payload sourcePayload: [Int32], into target: inout [UInt64],
    payload targetPayload: inout [Int32], shift: UInt64, counts: inout [Int]
  ) {
    source.withUnsafeBufferPointer { source in
      sourcePayload.withUnsafeBufferPointer { sourcePayload in
        target.withUnsafeMutableBufferPointer { target in
          targetPayload.withUnsafeMutableBufferPointer { targetPayload in
            counts.withUnsafeMutableBufferPointer { counts in
              startOffsets(of: source, shift: shift, into: counts)
              for index in source.indices {
                let digit = Int((source[index] >> shift) & 0xFFFF)
                target[counts[digit]] = source[index]
                targetPayload[counts[digit]] = sourcePayload[index]
                counts[digit] += 1
              }
            }
          }
        }
      }
    }
  }

  /// Average ranks (1-based, ties share the mean of their positions), as `scipy.stats.rankdata`.
  /// - Complexity: O(n) for large inputs, O(n log n) below 50,000 rows.
  static func averageRanks(_ values: [Double]) -> [Double] {
    let keys = values.map(orderedKey)
    let order = stableOrder(of: keys)
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && keys[Int(order[end])] == keys[Int(order[start])] { end += 1 }
      let rank = Double(start + 1 + end) / 2  // mean of the 1-based positions start+1 ... end
      for position in start..<end { ranks[Int(order[position])] = rank }
      start = end
    }
    return ranks
  }
}
