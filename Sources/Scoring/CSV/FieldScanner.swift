/// Finds, 16 bytes at a time, the bytes at which the CSV reader must stop: commas, line ends, quotes
/// and NULs.
///
/// Every such byte is below `-` (0x2D), and the bytes of numbers and ids (digits, `.`, `-`, letters,
/// UTF-8) are not, so one vector comparison per 16 bytes marks the candidates; the reader then looks at
/// the candidates alone (a space or `+` is a candidate but not special, and is passed over).
enum FieldScanner {
  /// Every special byte is below this.
  static let candidateBound: UInt8 = 0x2D

  /// Bytes that end an unquoted field or need attention inside one.
  static let specialBytes: [Bool] = (0..<256).map { [0, 0x0A, 0x0D, 0x22, 0x2C].contains($0) }

  /// The candidates among the 16 bytes at `bytes`: bit 8k+7 of `low` (bytes 0-7) or `high` (bytes 8-15)
  /// is set when byte k of that half is below `candidateBound`. Walk them with `trailingZeroBitCount >> 3`
  /// and `mask &= mask - 1`.
  ///
  /// Lane arithmetic instead of a comparison, because Swift lowers it to vector instructions reliably (a
  /// comparison's mask may be built lane by lane): with the top bit set, `(b | 0x80) - bound` cannot
  /// borrow and keeps its top bit exactly when `b & 0x7F >= bound`; or-ing `b` also keeps it for UTF-8
  /// bytes, so the top bit left clear marks `b < bound`.
  @inline(__always)
  static func candidates(at bytes: UnsafePointer<UInt8>) -> (low: UInt64, high: UInt64) {
    let block = UnsafeRawPointer(bytes).loadUnaligned(as: SIMD16<UInt8>.self)
    let top = SIMD16<UInt8>(repeating: 0x80)
    let marked = ~(((block | top) &- SIMD16(repeating: candidateBound)) | block) & top
    let halves = unsafeBitCast(marked, to: SIMD2<UInt64>.self)
    return (halves[0], halves[1])
  }
}

extension FieldScanner {
  /// The candidates among the 64 bytes at `bytes` as one bit per byte: bit k is set when byte k is below
  /// `candidateBound`. Walk them with `trailingZeroBitCount` and `mask &= mask - 1`.
  ///
  /// Four 16-byte masks of `candidates(at:)` (SIMD16, which Swift lowers to vector instructions; SIMD64's
  /// operators it lowers lane by lane), then each 8-byte half's eight top bits gathered into one byte by a
  /// multiplication: bit 8k of `half >> 7` times `2^(56 - 7k)` lands on bit 56 + k, and no two of the 64
  /// partial products share a bit, so nothing carries.
  @inline(__always)
  static func candidateBits(at bytes: UnsafePointer<UInt8>) -> UInt64 {
    @inline(__always) func gathered(_ half: UInt64) -> UInt64 { ((half >> 7) &* 0x0102_0408_1020_4080) >> 56 }
    var bits: UInt64 = 0
    for block in 0..<4 {
      let (low, high) = candidates(at: bytes + 16 * block)
      bits |= (gathered(low) | gathered(high) << 8) << UInt64(16 * block)
    }
    return bits
  }
}
