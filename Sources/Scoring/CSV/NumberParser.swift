import Glibc

/// Parses decimal numbers from CSV bytes exactly: the result is the double `strtod` gives, bit for bit.
///
/// Most cells take Clinger's fast path (at most 19 significant digits, a mantissa up to 2^53 and a
/// decimal exponent within ±22, where one correctly rounded multiplication or division is exact);
/// the rest go to `strtod` after this parser has checked the syntax, so hex floats and other
/// `strtod` extensions are never accepted.
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

  /// Parses one cell; surrounding spaces and tabs are ignored.
  package static func parse(_ cell: UnsafeBufferPointer<UInt8>) -> Result {
    guard let base = cell.baseAddress else { return .empty }
    var start = 0
    var end = cell.count
    while start < end && (base[start] == 0x20 || base[start] == 0x09) { start += 1 }
    while end > start && (base[end - 1] == 0x20 || base[end - 1] == 0x09) { end -= 1 }
    guard start < end else { return .empty }

    var index = start
    let negative = base[index] == UInt8(ascii: "-")
    if negative || base[index] == UInt8(ascii: "+") { index += 1 }

    var mantissa: UInt64 = 0
    var significantDigits = 0
    var decimalExponent = 0
    var sawDigit = false
    // Integer part.
    while index < end, case let digit = base[index] &- zero, digit < 10 {
      sawDigit = true
      accumulate(digit, into: &mantissa, significantDigits: &significantDigits, exponent: &decimalExponent, fraction: false)
      index += 1
    }
    // Fraction part.
    if index < end && base[index] == UInt8(ascii: ".") {
      index += 1
      while index < end, case let digit = base[index] &- zero, digit < 10 {
        sawDigit = true
        accumulate(digit, into: &mantissa, significantDigits: &significantDigits, exponent: &decimalExponent, fraction: true)
        index += 1
      }
    }
    guard sawDigit else { return isNonFiniteWord(base, from: index, to: end) ? .nonFinite : .notANumber }
    // Exponent part.
    if index < end && (base[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      var exponentNegative = false
      if index < end && (base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+")) {
        exponentNegative = base[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponent = 0
      var exponentDigits = 0
      while index < end, case let digit = base[index] &- zero, digit < 10 {
        exponent = min(exponent * 10 + Int(digit), 100_000)
        exponentDigits += 1
        index += 1
      }
      guard exponentDigits > 0 else { return .notANumber }
      decimalExponent += exponentNegative ? -exponent : exponent
    }
    guard index == end else { return .notANumber }

    if significantDigits <= 19 && mantissa <= 1 << 53 && abs(decimalExponent) <= 22 {
      let magnitude = Double(mantissa)
      let value = decimalExponent >= 0
        ? magnitude * powersOfTen[decimalExponent] : magnitude / powersOfTen[-decimalExponent]
      return .value(negative ? -value : value)
    }
    return parseWithStrtod(base + start, count: end - start)
  }

  /// Adds one digit to the mantissa while it holds at most 19 significant digits; later digits only
  /// count, since such numbers go to `strtod` anyway.
  @inline(__always)
  private static func accumulate(
    _ digit: UInt8, into mantissa: inout UInt64, significantDigits: inout Int, exponent: inout Int, fraction: Bool
  ) {
    if mantissa == 0 && digit == 0 {
      if fraction { exponent -= 1 }
      return
    }
    significantDigits += 1
    if significantDigits <= 19 {
      mantissa = mantissa &* 10 &+ UInt64(digit)
      if fraction { exponent -= 1 }
    } else if !fraction {
      exponent += 1
    }
  }

  /// `nan`, `inf`, `infinity` in any case, as pandas and numpy write them.
  private static func isNonFiniteWord(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
    let word = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self).lowercased()
    return word == "nan" || word == "inf" || word == "infinity"
  }

  private static func parseWithStrtod(_ text: UnsafePointer<UInt8>, count: Int) -> Result {
    let terminated = UnsafeMutablePointer<CChar>.allocate(capacity: count + 1)
    defer { terminated.deallocate() }
    text.withMemoryRebound(to: CChar.self, capacity: count) { terminated.update(from: $0, count: count) }
    terminated[count] = 0
    let value = strtod(terminated, nil)
    return value.isFinite ? .value(value) : .overflow
  }
}
