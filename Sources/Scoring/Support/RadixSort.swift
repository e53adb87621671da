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

  private static func radixPass(from source: [UInt64], into target: inout [UInt64], shift: UInt64, counts: inout [Int]) {
    source.withUnsafeBufferPointer { source in
      target.withUnsafeMutableBufferPointer { target in
        counts.withUnsafeMutableBufferPointer { counts in
          for index in counts.indices { counts[index] = 0 }
          for key in source { counts[Int((key >> shift) & 0xFFFF)] += 1 }
          var total = 0
          for digit in counts.indices {
            let count = counts[digit]
            counts[digit] = total
            total += count
          }
          for key in source {
            let digit = Int((key >> shift) & 0xFFFF)
            target[counts[digit]] = key
            counts[digit] += 1
          }
        }
      }
    }
  }
}
