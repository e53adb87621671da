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
