/// A real number as `significand × 2^exponent` with an `Int` exponent, so that sums, products and quotients of
/// finite doubles neither overflow nor underflow: the metrics' second pass when a double computation overflowed
/// on huge but finite predictions (a squared error of 1e200, a sum of 1e308s).
///
/// It carries a double's 53 bits of precision, without compensation; it is used only on the rare inputs whose
/// plain double computation overflowed, where the huge terms dominate the result.
struct WideDouble {
  /// 0, or a magnitude in [1, 2).
  private(set) var significand: Double
  private(set) var exponent: Int

  static let zero = WideDouble(0)

  /// `value` must be finite.
  init(_ value: Double) { self.init(significand: value, exponent: 0) }

  /// `significand × 2^exponent`, normalised.
  init(significand: Double, exponent: Int) {
    guard significand != 0 else {
      (self.significand, self.exponent) = (0, 0)
      return
    }
    self.significand = Double(sign: significand.sign, exponent: 0, significand: significand.significand)
    self.exponent = exponent + Int(significand.exponent)
  }

  /// `a - b` for finite doubles, exact up to one rounding even when the double difference would overflow.
  static func difference(_ a: Double, _ b: Double) -> WideDouble {
    WideDouble(significand: a / 2 - b / 2, exponent: 1)
  }

  /// The nearest double: ±infinity beyond the range of a double, 0 or a subnormal below it.
  var double: Double { Double(sign: .plus, exponent: exponent, significand: significand) }

  var magnitude: WideDouble { WideDouble(significand: significand.magnitude, exponent: exponent) }

  var isZero: Bool { significand == 0 }

  static func + (a: WideDouble, b: WideDouble) -> WideDouble {
    if a.isZero { return b }
    if b.isZero { return a }
    let (large, small) = a.exponent >= b.exponent ? (a, b) : (b, a)
    // Beyond 1100 binary places the smaller term is below the larger one's last bit (and below any subnormal).
    let gap = min(large.exponent - small.exponent, 1100)
    let aligned = Double(sign: .plus, exponent: -gap, significand: small.significand)
    return WideDouble(significand: large.significand + aligned, exponent: large.exponent)
  }

  static prefix func - (a: WideDouble) -> WideDouble { WideDouble(significand: -a.significand, exponent: a.exponent) }

  static func - (a: WideDouble, b: WideDouble) -> WideDouble { a + -b }

  static func * (a: WideDouble, b: WideDouble) -> WideDouble {
    WideDouble(significand: a.significand * b.significand, exponent: a.exponent + b.exponent)
  }

  /// `b` must not be zero.
  static func / (a: WideDouble, b: WideDouble) -> WideDouble {
    WideDouble(significand: a.significand / b.significand, exponent: a.exponent - b.exponent)
  }

  static func += (a: inout WideDouble, b: WideDouble) { a = a + b }

  /// The square root of a value >= 0.
  func squareRoot() -> WideDouble {
    let odd = exponent & 1 != 0
    let root = (odd ? significand * 2 : significand).squareRoot()
    return WideDouble(significand: root, exponent: (odd ? exponent - 1 : exponent) / 2)
  }

  /// The mean of `term(i)` for `i` in `0..<count`.
  static func mean(_ count: Int, _ term: (Int) -> WideDouble) -> WideDouble {
    var sum = WideDouble.zero
    for index in 0..<count { sum += term(index) }
    return sum / WideDouble(Double(count))
  }
}
