import Glibc
import Testing

@testable import Scoring

private func parse(_ text: String) -> NumberParser.Result {
  Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0) }
}

/// A small deterministic generator (SplitMix64), so every run checks the same numbers.
private struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// A random decimal spelling: up to 25 digits around an optional point, an optional exponent.
private func randomDecimal(_ random: inout SplitMix) -> String {
  var text = random.below(2) == 0 ? "" : "-"
  let digits = (0..<(1 + random.below(25))).map { _ in String(random.below(10)) }.joined()
  let point = random.below(digits.count + 1)
  text += digits.prefix(point) + (random.below(3) == 0 ? "" : ".") + digits.dropFirst(point)
  if random.below(3) == 0 { text += "e\(random.below(2) == 0 ? "-" : "+")\(random.below(330))" }
  return text
}

struct NumberParserTests {
  @Test("random decimals parse to exactly the double strtod gives")
  func matchesStrtod() {
    var random = SplitMix(state: 42)
    for _ in 0..<200_000 {
      let text = randomDecimal(&random)
      let expected = strtod(text, nil)
      switch parse(text) {
      case .value(let value):
        #expect(value.bitPattern == expected.bitPattern, "\(text)")
      case .overflow:
        #expect(expected.isInfinite, "\(text)")
      case let other:
        Issue.record("\(text) parsed as \(other)")
      }
    }
  }

  @Test("shortest round-trip spellings of random doubles come back identical")
  func roundTrip() {
    var random = SplitMix(state: 7)
    for _ in 0..<100_000 {
      let value = Double(bitPattern: random.next() & ~(0x7FF << 52) | (UInt64(random.below(2046) + 1) << 52))
      #expect(parse("\(value)") == .value(value), "\(value)")
    }
  }

  @Test(
    "cells that are not plain decimals",
    arguments: [
      ("", NumberParser.Result.empty), ("  ", .empty), (" 1.5\t", .value(1.5)), ("abc", .notANumber),
      ("0x10", .notANumber), ("1e", .notANumber), ("1.2.3", .notANumber), (".", .notANumber), ("-", .notANumber),
      ("1,5", .notANumber), ("nan", .nonFinite), ("-Infinity", .nonFinite), ("inf", .nonFinite),
      ("1e400", .overflow), ("-1e309", .overflow), (".5", .value(0.5)), ("5.", .value(5)), ("+2", .value(2)),
      ("1e-400", .value(0)), ("00012", .value(12)),
    ])
  func specialCells(text: String, expected: NumberParser.Result) {
    #expect(parse(text) == expected)
  }
}

private func powerOfFive(_ n: Int) -> UInt64 { (0..<n).reduce(1) { product, _ in product * 5 } }

/// The exact decimal spelling of `significand × 2^power`, as integer digits and a power of ten: for
/// a negative power, the digits of `significand × 5^-power` and `power`. Base-10^9 limbs.
private func exactDecimal(_ significand: UInt64, timesTwoToThe power: Int) -> (digits: String, exponent: Int) {
  let billion: UInt64 = 1_000_000_000
  var limbs = [significand % billion, significand / billion % billion, significand / billion / billion]
  func multiply(by factor: UInt64) {
    var carry: UInt64 = 0
    for i in limbs.indices {
      let product = limbs[i] * factor + carry
      limbs[i] = product % 1_000_000_000
      carry = product / 1_000_000_000
    }
    while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
  }
  var remaining = abs(power)
  while remaining > 0 {
    let step = min(remaining, 13)  // 2^13 and 5^13 both keep the products inside UInt64
    multiply(by: power > 0 ? 1 << step : powerOfFive(step))
    remaining -= step
  }
  while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
  let digits = String(limbs.last!) + limbs.dropLast().reversed().map {
    let text = String($0)
    return String(repeating: "0", count: 9 - text.count) + text
  }.joined()
  return (digits, min(power, 0))
}

/// `strtod`'s answer in this parser's terms.
private func strtodResult(_ text: String) -> NumberParser.Result {
  let value = strtod(text, nil)
  return value.isFinite ? .value(value) : .overflow
}

private func expectMatchesStrtod(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let result = parse(text)
  let expected = strtodResult(text)
  if case .value(let value) = result, case .value(let reference) = expected {
    #expect(value.bitPattern == reference.bitPattern, "\(text)", sourceLocation: sourceLocation)
  } else {
    #expect(result == expected, "\(text)", sourceLocation: sourceLocation)
  }
}

private func randomDigits(_ random: inout SplitMix, count: Int) -> String {
  String((0..<count).map { index in Character(String(index == 0 ? 1 + random.below(9) : random.below(10))) })
}

struct NumberParserFastPathTests {
  @Test("17-digit shortest spellings in [0, 1), as pandas writes probabilities")
  func pandasProbabilities() {
    var random = SplitMix(state: 11)
    var seventeenDigits = 0
    for _ in 0..<200_000 {
      let value = Double(random.next() >> 11) * 0x1p-53
      let text = "\(value)"
      if text.count == 19 { seventeenDigits += 1 }
      #expect(parse(text) == .value(value), "\(text)")
      #expect(parse(text) == strtodResult(text), "\(text)")
    }
    #expect(seventeenDigits > 50_000)  // the case this fast path is for is really exercised
  }

  @Test(
    "boundaries of the double range",
    arguments: [
      ("4.9406564584124654e-324", NumberParser.Result.value(.leastNonzeroMagnitude)),
      ("5e-324", .value(.leastNonzeroMagnitude)),
      ("2.4703282292062328e-324", .value(.leastNonzeroMagnitude)),  // just above half the smallest
      ("2.4703282292062327e-324", .value(0)),  // just below
      ("-2.4703282292062327e-324", .value(-0.0)),
      ("2.2250738585072009e-308", .value(Double.leastNormalMagnitude.nextDown)),
      ("2.2250738585072011e-308", .value(Double.leastNormalMagnitude.nextDown)),
      ("2.2250738585072012e-308", .value(.leastNormalMagnitude)),  // rounds up into the normals
      ("2.2250738585072014e-308", .value(.leastNormalMagnitude)),
      ("1.7976931348623157e308", .value(.greatestFiniteMagnitude)),
      ("1.7976931348623158e308", .value(.greatestFiniteMagnitude)),
      ("-1.7976931348623158e308", .value(-.greatestFiniteMagnitude)),
      ("1.7976931348623159e308", .overflow),
      ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", .value(.greatestFiniteMagnitude)),
      ("1e-342", .value(0)), ("1e-343", .value(0)), ("9999999999999999999e-343", .value(0)),
      ("1e308", .value(1e308)), ("1e309", .overflow), ("0.0001e312", .value(1e308)),
      ("0e999", .value(0)), ("-0e-999", .value(-0.0)), ("-0.0", .value(-0.0)),
    ])
  func boundaries(text: String, expected: NumberParser.Result) {
    let result = parse(text)
    #expect(result == expected)
    if case .value(let value) = result, case .value(let reference) = expected {
      #expect(value.bitPattern == reference.bitPattern, "\(text)")  // also tells -0 from 0
    }
    expectMatchesStrtod(text)
  }

  @Test("subnormals: shortest spellings round-trip, random digits match strtod")
  func subnormals() {
    var random = SplitMix(state: 13)
    for _ in 0..<50_000 {
      let value = Double(bitPattern: random.next() & (1 << 52 - 1))
      #expect(parse("\(value)") == .value(value), "\(value)")
      expectMatchesStrtod("\(randomDigits(&random, count: 1 + random.below(19)))e-\(305 + random.below(45))")
    }
  }

  @Test("exact ties between two doubles round to even")
  func halfway() {
    #expect(parse("9007199254740993") == .value(9_007_199_254_740_992))  // 2^53 + 1
    #expect(parse("9007199254740995") == .value(9_007_199_254_740_996))
    #expect(parse("9007199254740993.000000000000000000000") == .value(9_007_199_254_740_992))
    #expect(parse("9.007199254740993e15") == .value(9_007_199_254_740_992))
    #expect(parse("9007199254740993000e-3") == .value(9_007_199_254_740_992))
    #expect(parse("9007199254740993.0000000000000000001") == .value(9_007_199_254_740_994))
    #expect(parse("9007199254740992.9999999999999999999") == .value(9_007_199_254_740_992))
    #expect(parse("4503599627370496.5") == .value(4_503_599_627_370_496))  // ties with q < 0
    #expect(parse("4503599627370497.5") == .value(4_503_599_627_370_498))
    #expect(parse("7.3177701707893310e15") == strtodResult("7.3177701707893310e15"))

    var random = SplitMix(state: 17)
    // Ties w × 10^q the 128-bit product decides exactly: an odd 54-bit M between two doubles,
    // M × 2^q = (M / 5^q) × 10^q for 0 < q ≤ 23 when 5^q divides M, M × 5^-q × 10^q for -4 ≤ q < 0.
    for _ in 0..<20_000 {
      let q = random.below(28) - 4
      var m = (1 << 53 | random.next() >> 11) | 1
      if q > 0 {
        let power = powerOfFive(q)
        m = m / power * power
        if m & 1 == 0 { m += power }
        guard m >= 1 << 53 && m < 1 << 54 else { continue }
      }
      let w = q > 0 ? m / powerOfFive(q) : m * powerOfFive(-q)
      let shift = random.below(w.leadingZeroBitCount + 1)
      let text = "\(w << shift)e\(q)"
      let lower = Double(m - 1) * pow(2, Double(q + shift))
      let upper = Double(m + 1) * pow(2, Double(q + shift))
      #expect(parse(text) == .value((m - 1) & 2 == 0 ? lower : upper), "\(text)")
      expectMatchesStrtod(text)
    }
    // Ties of random doubles, spelled exactly (hundreds of digits for small ones), and just above.
    for _ in 0..<2_000 {
      let value = Double(bitPattern: random.next() >> 1 % (0x7FF0_0000_0000_0000 - 1))
      let (m, power) = value.isSubnormal
        ? (value.significandBitPattern, -1074) : (1 << 52 | value.significandBitPattern, Int(value.exponent) - 52)
      let (digits, exponent) = exactDecimal(2 * m + 1, timesTwoToThe: power - 1)
      let tie = "\(digits)e\(exponent)"
      let even = m & 1 == 0 ? value : value.nextUp
      #expect(parse(tie) == (even.isFinite ? .value(even) : .overflow), "\(tie)")
      expectMatchesStrtod(tie)
      let above = "\(digits)1e\(exponent - 1)"
      #expect(parse(above) == (value.nextUp.isFinite ? .value(value.nextUp) : .overflow), "\(above)")
    }
  }

  @Test("written exponents past the saturation limit")
  func hugeExponents() {
    let zeros = String(repeating: "0", count: 100_005)
    #expect(parse("0.\(zeros)1e100010") == .value(1e4))
    #expect(parse("1\(zeros)e-100009") == .value(1e-4))
    #expect(parse("1e99999999999999999999") == .overflow)
    #expect(parse("-1e-99999999999999999999") == .value(-0.0))
  }

  @Test("19 and more significant digits")
  func manyDigits() {
    var random = SplitMix(state: 19)
    for _ in 0..<100_000 {
      let digits = randomDigits(&random, count: 19 + random.below(2) * random.below(40))
      let point = random.below(digits.count + 1)
      let zeros = String(repeating: "0", count: random.below(3) == 0 ? random.below(30) : 0)
      let exponent = random.below(2) == 0 ? "" : "e\(random.below(700) - 350)"
      expectMatchesStrtod("0.\(zeros)\(digits)\(exponent)")
      expectMatchesStrtod("\(digits.prefix(point)).\(digits.dropFirst(point))\(exponent)")
    }
    expectMatchesStrtod("9999999999999999999")  // the largest 19-digit mantissa
    expectMatchesStrtod("99999999999999999999")  // w + 1 = 10^19 still fits
    expectMatchesStrtod("18446744073709551615")  // 2^64 - 1
    expectMatchesStrtod("18446744073709551616e-20")
    expectMatchesStrtod("0.1000000000000000055511151231257827021181583404541015625")  // exactly 0.1's double
    expectMatchesStrtod("0.1000000000000000055511151231257827021181583404541015624")
  }
}
