import Basics

/// Parses decimal numbers from CSV bytes exactly: the result is the double `strtod` gives, bit for bit.
///
/// The parser checks the syntax itself (so hex floats, `inf`, `nan` and other `strtod` extensions are
/// never accepted as values), reading the digits into a mantissa `w` and a decimal exponent `q`,
/// then converts `w × 10^q` along the first path that applies:
///
/// 1. Clinger's fast path: at most 19 significant digits, `w ≤ 2^53` and `|q| ≤ 22`, where `w` and
///    `10^|q|` are exact doubles and one correctly rounded multiplication or division is exact.
/// 2. The Eisel–Lemire algorithm (as in Lemire's fast_float, Go's `strconv`, Rust's `dec2flt`): for
///    `w` of at most 19 digits and `q` in [-342, 308], multiply the normalized `w` by a 128-bit
///    approximation of `5^q` (`powersOfFive`) and round; this decides the correctly rounded double
///    except in rare ambiguous cases, which it reports. Shortest round-trip spellings as pandas and
///    numpy write them (16–17 digits, `w > 2^53`) all go this way.
///    With more than 19 significant digits, `w` keeps the first 19 and the true value lies in
///    `[w, w + 1) × 10^q`: if both ends round to the same double, so does the value.
/// 3. `strtod`, for what is left.
package enum NumberParser {
  package enum Result: Equatable {
    case value(Double)
    case empty
    case notANumber
    case nonFinite
    case overflow
  }

  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
  ]
  private static let zero = UInt8(ascii: "0")
  private static let point = UInt8(ascii: ".")
  /// Written exponents saturate here, so their arithmetic cannot overflow; such cells go to `strtod`.
  private static let exponentLimit = 100_000

  /// Parses one cell; surrounding spaces and tabs are ignored.
  package static func parse(_ cell: UnsafeBufferPointer<UInt8>) -> Result { parse(cell, padded: false) }

  /// `parse(_:)` for a cell followed by at least eight readable bytes (a `CSVReader` field): the common
  /// spelling is read eight digits at a time, inline (`parseCommonShape`), and the last fraction digits of
  /// any other with one load instead of one at a time.
  @inline(__always)
  package static func parse(padded cell: UnsafeBufferPointer<UInt8>) -> Result {
    if let base = cell.baseAddress, let value = parseCommonShape(base, count: cell.count) { return .value(value) }
    return parseAnyShape(padded: cell)
  }

  @inline(never)
  private static func parseAnyShape(padded cell: UnsafeBufferPointer<UInt8>) -> Result { parse(cell, padded: true) }

  @inline(__always)
  private static func parse(_ cell: UnsafeBufferPointer<UInt8>, padded: Bool) -> Result {
    guard let base = cell.baseAddress else { return .empty }
    var start = 0
    var end = cell.count
    while start < end && (base[start] == 0x20 || base[start] == 0x09) { start += 1 }
    while end > start && (base[end - 1] == 0x20 || base[end - 1] == 0x09) { end -= 1 }
    guard start < end else { return .empty }

    var index = start
    let negative = base[index] == UInt8(ascii: "-")
    if negative || base[index] == UInt8(ascii: "+") { index += 1 }
    let digitsStart = index

    // All digits go into the mantissa, wrapping past 19 digits: that case is redone below, and
    // keeping the loop this simple is what makes the common case fast.
    var mantissa: UInt64 = 0
    while index < end, case let digit = base[index] &- zero, digit < 10 {
      mantissa = mantissa &* 10 &+ UInt64(digit)
      index += 1
    }
    var digitCount = index - digitsStart
    var fractionDigits = 0
    if index < end && base[index] == point {
      index += 1
      let fractionStart = index
      // Eight digits at a time while they last: pandas writes 16–17 digit fractions.
      while end - index >= 8, case let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self),
        isEightDigits(chunk)
      {
        mantissa = mantissa &* 100_000_000 &+ valueOfEightDigits(chunk)
        index += 8
      }
      if padded {
        index += readShortDigitRun(base + index, upTo: end - index, into: &mantissa)
      } else {
        while index < end, case let digit = base[index] &- zero, digit < 10 {
          mantissa = mantissa &* 10 &+ UInt64(digit)
          index += 1
        }
      }
      fractionDigits = index - fractionStart
      digitCount += fractionDigits
    }
    guard digitCount > 0 else { return isNonFiniteWord(base, from: index, to: end) ? .nonFinite : .notANumber }
    let digitsEnd = index

    var writtenExponent = 0
    if index < end && (base[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      var exponentNegative = false
      if index < end && (base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+")) {
        exponentNegative = base[index] == UInt8(ascii: "-")
        index += 1
      }
      let exponentStart = index
      while index < end, case let digit = base[index] &- zero, digit < 10 {
        writtenExponent = min(writtenExponent * 10 + Int(digit), exponentLimit)
        index += 1
      }
      guard index > exponentStart else { return .notANumber }
      if exponentNegative { writtenExponent = -writtenExponent }
    }
    guard index == end else { return .notANumber }
    guard abs(writtenExponent) < exponentLimit else { return parseWithStrtod(base + start, count: end - start) }
    // The value is (all digits as one integer) × 10^exponent.
    var exponent = writtenExponent - fractionDigits

    var truncated = false
    if digitCount > 19 {
      // Leading zeros do not count; if more than 19 significant digits remain, keep the first 19
      // and move the rest into the exponent.
      var position = digitsStart
      var significantDigits = digitCount
      while position < digitsEnd && (base[position] == zero || base[position] == point) {
        if base[position] == zero { significantDigits -= 1 }
        position += 1
      }
      if significantDigits > 19 {
        mantissa = 0
        var kept = 0
        while kept < 19 {
          if base[position] != point {
            mantissa = mantissa * 10 + UInt64(base[position] - zero)
            kept += 1
          }
          position += 1
        }
        exponent += significantDigits - 19
        truncated = true
      }
    }

    if !truncated && mantissa <= 1 << 53 && abs(exponent) <= 22 {
      let magnitude = Double(mantissa)
      let value = exponent >= 0 ? magnitude * powersOfTen[exponent] : magnitude / powersOfTen[-exponent]
      return .value(negative ? -value : value)
    }
    if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
    var magnitude = eiselLemire(mantissa, exponent)
    if truncated && magnitude != nil && magnitude != eiselLemire(mantissa + 1, exponent) { magnitude = nil }
    guard let magnitude else { return parseWithStrtod(base + start, count: end - start) }
    guard magnitude.isFinite else { return .overflow }
    return .value(negative ? -magnitude : magnitude)
  }

  /// The common spelling, `[-]digits[.digits]` with 1 to 7 integer digits and at most 19 digits in all,
  /// read eight digits a load (up to eight bytes past the cell: padded cells only) and converted as `parse`
  /// converts it; nil for any other spelling, or an undecided rounding, which `parse` then reads the
  /// general way. Without spaces, exponent or a truncated mantissa, `parse` would take the same mantissa
  /// (every digit) and exponent (minus the fraction digits), so the result is the same.
  @inline(__always)
  private static func parseCommonShape(_ base: UnsafePointer<UInt8>, count: Int) -> Double? {
    @inline(__always) func load(_ index: Int) -> UInt64 { UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) }
    let negative = count > 0 && base[0] == UInt8(ascii: "-")
    var index = negative ? 1 : 0
    let integer = load(index)
    let integerDigits = min(digitRun(integer), count - index)
    guard integerDigits > 0 && integerDigits < 8 else { return nil }
    var mantissa = valueOfDigits(integer, count: integerDigits)
    index += integerDigits
    // The fraction is the rest of the cell after the point: its length is known, so each load is only checked.
    var fractionDigits = 0
    if index < count {
      fractionDigits = count - index - 1
      guard base[index] == point, integerDigits + fractionDigits <= 19 else { return nil }
      index += 1
      var left = fractionDigits
      while left >= 8 {
        let chunk = load(index)
        guard isEightDigits(chunk) else { return nil }
        mantissa = mantissa &* 100_000_000 &+ valueOfEightDigits(chunk)
        index += 8
        left -= 8
      }
      if left > 0 {
        let digits = lowDigitsAligned(load(index), count: left)
        guard isEightDigits(digits) else { return nil }
        mantissa = mantissa &* powersOfTenIntegers[left] &+ valueOfEightDigits(digits)
      }
    }
    let magnitude: Double
    if mantissa <= 1 << 53 {
      magnitude = Double(mantissa) / powersOfTen[fractionDigits]
    } else {
      guard let value = eiselLemire(mantissa, -fractionDigits) else { return nil }
      magnitude = value
    }
    return negative ? -magnitude : magnitude
  }

  /// The double nearest to `w × 10^q` (ties to even; infinity past the largest double) for
  /// `w` in 1..<2^64, or nil in the rare cases where 128 bits of `5^q` cannot decide the rounding.
  ///
  /// `w × 10^q = w × 5^q × 2^q`: the power of two only moves the binary exponent, so the work is the
  /// product of `w`, shifted to set its top bit, by the table's normalized `5^q`. Its top 54 bits are
  /// the significand plus a rounding bit; the binary exponent comes from `log2(10^q)`, computed
  /// as `floor(q × log2(10)) = q × 217706 >> 16` (exact for |q| ≤ 642), and the shifts.
  static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
    // Even w = 10^19 - 1 under 10^-342, or w = 1 over 10^308, is past the reach of a double.
    guard q >= minPowerOfFive else { return 0 }
    guard q <= maxPowerOfFive else { return .infinity }
    let leadingZeros = w.leadingZeroBitCount
    let w = w << leadingZeros
    let index = 2 * (q - minPowerOfFive)
    var (high, low) = w.multipliedFullWidth(by: powersOfFive[index])
    // The table's next 64 bits would add less than w to the product: they can only change the bits
    // we keep if adding w carries out of `low` and the 9 bits of `high` always shifted out (below
    // the significand and rounding bit) are all ones. Rare, so only then multiply them in.
    if high & 0x1FF == 0x1FF && low &+ w < low {
      let (refinement, refinementLow) = w.multipliedFullWidth(by: powersOfFive[index + 1])
      let (sum, carry) = low.addingReportingOverflow(refinement)
      low = sum
      if carry { high += 1 }
      // Still all ones, and the bits beyond the table could carry too: undecided. (Mushtak and
      // Lemire, "Fast number parsing without fallback", prove this never happens; a cheap safety net.)
      if high & 0x1FF == 0x1FF && low == .max && refinementLow &+ w < refinementLow { return nil }
    }

    let upperBit = Int(high >> 63)
    let shift = upperBit + 9
    var significand = high >> UInt64(shift)  // 54 bits: 53 of the double and a rounding bit
    var biasedExponent = ((217706 * q) >> 16) + 63 + upperBit - leadingZeros + 1023

    if biasedExponent <= 0 {
      // Subnormal: shift down to the fixed exponent of 2^-1074 (too far means zero), then round
      // half up. An exact tie is impossible here: ties are dyadic, so 5^-q must divide w < 2^64,
      // so q ≥ -27, far above the subnormals.
      guard 1 - biasedExponent < 64 else { return 0 }
      significand >>= UInt64(1 - biasedExponent)
      significand = (significand + (significand & 1)) >> 1
      // A subnormal's bit pattern is its significand; rounding up to 2^52 gives the smallest normal.
      return Double(bitPattern: significand)
    }

    // Rounding half up is right unless the value is exactly halfway, which needs the product to be
    // exact: only for -4 ≤ q ≤ 23, where 5^|q| is small. Then round to even instead.
    if low <= 1 && q >= -4 && q <= 23 && significand & 3 == 1 && significand << UInt64(shift) == high {
      significand &= ~1
    }
    significand = (significand + (significand & 1)) >> 1
    if significand >= 1 << 53 {  // Rounded up to the next power of two.
      significand >>= 1
      biasedExponent += 1
    }
    guard biasedExponent < 0x7FF else { return .infinity }
    return Double(bitPattern: UInt64(biasedExponent) << 52 | significand & (1 << 52 - 1))
  }

  /// Reads the run of fewer than eight digits at `bytes` (at most `limit` of them) into `mantissa` with one
  /// load, which may reach up to eight bytes past the run; returns the run's length.
  @inline(__always)
  private static func readShortDigitRun(_ bytes: UnsafePointer<UInt8>, upTo limit: Int, into mantissa: inout UInt64)
    -> Int
  {
    let chunk = UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)
    let run = min(digitRun(chunk), limit, 7)
    guard run > 0 else { return 0 }
    mantissa = mantissa &* powersOfTenIntegers[run] &+ valueOfDigits(chunk, count: run)
    return run
  }

  /// How many of the eight bytes of `chunk` (loaded little-endian), from the lowest, are ASCII digits before
  /// the first that is not: the lowest nonzero byte of the test of `isEightDigits` (a carry out of a byte
  /// from 0xFA up only reaches the bytes after it, which do not count).
  @inline(__always)
  static func digitRun(_ chunk: UInt64) -> Int {
    let nonDigits =
      ((chunk & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
      | (((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
    return nonDigits.trailingZeroBitCount >> 3
  }

  /// The value of the first `count` (1...8) bytes of `chunk`, all digits (`valueOfEightDigits` of
  /// `lowDigitsAligned`).
  @inline(__always)
  static func valueOfDigits(_ chunk: UInt64, count: Int) -> UInt64 { valueOfEightDigits(lowDigitsAligned(chunk, count: count)) }

  /// The first `count` (1...8) bytes of `chunk` moved to the top of the word with '0's below: eight bytes
  /// that are all digits exactly when those were, and have their value.
  @inline(__always)
  static func lowDigitsAligned(_ chunk: UInt64, count: Int) -> UInt64 {
    chunk << UInt64(8 * (8 - count)) | 0x3030_3030_3030_3030 >> UInt64(8 * count)
  }

  private static let powersOfTenIntegers: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

  /// Whether eight bytes, loaded little-endian, are all ASCII digits: each byte must have high nibble 3,
  /// and still have it after adding 6 (which carries out of the nibble for ':' to '?').
  @inline(__always)
  static func isEightDigits(_ chunk: UInt64) -> Bool {
    (chunk & 0xF0F0_F0F0_F0F0_F0F0) | ((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4
      == 0x3333_3333_3333_3333
  }

  /// The value of eight ASCII digits loaded little-endian (first digit in the lowest byte), combining
  /// neighbouring digits, then pairs, then quadruples, with a few multiplications (SWAR).
  @inline(__always)
  static func valueOfEightDigits(_ chunk: UInt64) -> UInt64 {
    let digits = chunk &- 0x3030_3030_3030_3030
    let pairs = digits &* 10 &+ digits >> 8  // each even byte: 10 × digit + next digit
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    return ((pairs & mask) &* (100 + 1_000_000 << 32) &+ (pairs >> 16 & mask) &* (1 + 10_000 << 32)) >> 32
  }

  /// `nan`, `inf`, `infinity` in any case, as pandas and numpy write them.
  private static func isNonFiniteWord(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
    let word = UnsafeBufferPointer(start: base + start, count: end - start)
    return word.equalsIgnoringASCIICase("nan") || word.equalsIgnoringASCIICase("inf")
      || word.equalsIgnoringASCIICase("infinity")
  }

  /// `strtod` needs a NUL-terminated copy; cells are short, so it lives on the stack.
  private static func parseWithStrtod(_ text: UnsafePointer<UInt8>, count: Int) -> Result {
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { terminated in
      UnsafeMutableRawPointer(terminated.baseAddress!).copyMemory(from: text, byteCount: count)
      terminated[count] = 0
      return strtod(terminated.baseAddress!, nil)
    }
    return value.isFinite ? .value(value) : .overflow
  }
}
