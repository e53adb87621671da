/// A running sum with Neumaier's compensation, so long sums of mixed magnitudes stay exact to a few ulps.
///
/// Reference implementations use numpy's pairwise summation; a plain loop over 10M terms can drift
/// by more than the 1e-9 relative tolerance the metrics are checked at, a compensated one does not.
struct CompensatedSum {
  private var sum = 0.0
  private var compensation = 0.0

  init() {}

  @inline(__always)
  mutating func add(_ term: Double) {
    let total = sum + term
    // Recover the low-order bits lost by the addition from whichever operand was smaller.
    compensation += abs(sum) >= abs(term) ? (sum - total) + term : (term - total) + sum
    sum = total
  }

  var value: Double { sum + compensation }

  /// The compensated sum of `term(i)` for `i` in `0..<count`.
  @inline(__always)
  static func of(_ count: Int, _ term: (Int) -> Double) -> Double {
    var sum = CompensatedSum()
    for index in 0..<count { sum.add(term(index)) }
    return sum.value
  }

  /// The mean of `term(i)` for `i` in `0..<count`.
  @inline(__always)
  static func mean(_ count: Int, _ term: (Int) -> Double) -> Double {
    of(count, term) / Double(count)
  }
}
