import Basics

/// The libm functions the metrics need, behind one name so metric files import no C module.
///
/// The Swift standard library has `squareRoot()` but no logarithms or trigonometry.
enum Elementary {
  @inline(__always) static func log(_ x: Double) -> Double { libmLog(x) }
  @inline(__always) static func log1p(_ x: Double) -> Double { libmLog1p(x) }
  @inline(__always) static func log2(_ x: Double) -> Double { libmLog2(x) }
  @inline(__always) static func sin(_ x: Double) -> Double { libmSin(x) }
  @inline(__always) static func cos(_ x: Double) -> Double { libmCos(x) }
  @inline(__always) static func asin(_ x: Double) -> Double { libmAsin(x) }
  @inline(__always) static func acos(_ x: Double) -> Double { libmAcos(x) }
  @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
}

// Top-level wrappers, so the names inside `Elementary` do not shadow the C functions they call.
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func libmLog2(_ x: Double) -> Double { log2(x) }
@inline(__always) private func libmSin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func libmCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func libmAsin(_ x: Double) -> Double { asin(x) }
@inline(__always) private func libmAcos(_ x: Double) -> Double { acos(x) }
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
