import Testing

@testable import Scoring

/// Every record (fields and line) or the error, read with or without the 16-byte vector scan.
private func readAll(_ bytes: [UInt8], chunkSize: Int, vector: Bool, limits: CSVLimits = CSVLimits()) -> (
  records: [[[UInt8]]], lines: [Int], error: CSVError?
) {
  var records: [[[UInt8]]] = []
  var lines: [Int] = []
  do {
    var reader = try CSVReader(.bytes(bytes), chunkSize: chunkSize, limits: limits, usesVectorScan: vector)
    while try reader.nextRecord() {
      records.append((0..<reader.fieldCount).map { Array(reader.field($0)) })
      lines.append(reader.line)
    }
    return (records, lines, nil)
  } catch {
    return (records, lines, error)
  }
}

/// The vector scan (`FieldScanner`, `CSVReader.parseUnquotedRecord`) must read every input exactly as the
/// byte-at-a-time path does: same fields, same lines, same first error.
struct VectorScanTests {
  /// Bytes that matter to the scanner: every special byte, the candidates that are not special (below
  /// 0x2D), the bound itself and its neighbours, digits, and UTF-8 bytes with the top bit set.
  static let alphabet: [UInt8] = [0, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x41, 0x7F, 0x80, 0xAC, 0xFF]

  @Test("the candidate mask marks exactly the bytes below the bound, for every byte value in every lane")
  func candidateMask() {
    for value in 0...255 {
      for lane in 0..<16 {
        var block = [UInt8](repeating: UInt8(ascii: "7"), count: 16)
        block[lane] = UInt8(value)
        let (low, high) = block.withUnsafeBufferPointer { FieldScanner.candidates(at: $0.baseAddress!) }
        var expected: (UInt64, UInt64) = (0, 0)
        if value < Int(FieldScanner.candidateBound) {
          if lane < 8 { expected.0 = 0x80 << UInt64(8 * lane) } else { expected.1 = 0x80 << UInt64(8 * (lane - 8)) }
        }
        #expect(low == expected.0 && high == expected.1, "byte \(value) in lane \(lane)")
      }
    }
  }

  @Test("random CSV-like inputs read the same with and without the vector scan, at every chunk size", arguments: 0..<8)
  func randomInputs(seed: UInt64) {
    var generator = SplitMix(seed: seed)
    for _ in 0..<150 {
      let length = Int(generator.next() % 200)
      // Mostly field bytes, with special bytes at a rate that gives short fields and records.
      let bytes: [UInt8] = (0..<length).map { _ in
        generator.next() % 4 == 0
          ? Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] : UInt8(ascii: "0") + UInt8(generator.next() % 10)
      }
      for chunkSize in [1, 5, 15, 16, 17, 31, 64, 1 << 12] {
        let scalar = readAll(bytes, chunkSize: chunkSize, vector: false)
        let vector = readAll(bytes, chunkSize: chunkSize, vector: true)
        #expect(vector.records == scalar.records && vector.lines == scalar.lines && vector.error == scalar.error,
          "input \(bytes), chunk \(chunkSize)")
      }
    }
  }

  @Test("records ending just before, at and after 16-byte block and chunk boundaries")
  func boundaries() {
    var inputs: [[UInt8]] = []
    for length in 0..<40 {
      let field = [UInt8](repeating: UInt8(ascii: "5"), count: length)
      for ending in ["\n", "\r\n", "\r", ",\n", "", ",", " \n", "+,\"q\"\n", "\"\n", "x\"y\n", "\u{0}\n"] {
        inputs.append(field + Array(ending.utf8) + field + Array("\n1,2\n".utf8))
      }
    }
    for bytes in inputs {
      for chunkSize in [1, 7, 16, 17, 32, 33, 48, 1 << 10] {
        let scalar = readAll(bytes, chunkSize: chunkSize, vector: false)
        let vector = readAll(bytes, chunkSize: chunkSize, vector: true)
        #expect(vector.records == scalar.records && vector.lines == scalar.lines && vector.error == scalar.error,
          "input \(bytes), chunk \(chunkSize)")
      }
    }
  }

  @Test("the limits apply alike on the vector path: too many fields, too long a record")
  func limitsOnVectorPath() {
    var limits = CSVLimits()
    limits.fields = 3
    limits.recordBytes = 20
    for text in ["a,b,c\n1,2,3,4\n", "a\n12345678901234567890123\n", "a\n1,2,3,4\n"] {
      let vector = readAll(Array(text.utf8), chunkSize: 64, vector: true, limits: limits)
      let scalar = readAll(Array(text.utf8), chunkSize: 64, vector: false, limits: limits)
      #expect(vector.error != nil && vector.error == scalar.error, "\(text)")
    }
  }
}

/// A small deterministic generator, so a failing input can be reproduced from its seed.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The AUC's two classes are radix-sorted on two threads when both are large; the result must be the
/// standard sort's.
struct TwoThreadSortTests {
  @Test("two large arrays sorted on two threads equal the standard sort, and small ones too", arguments: [1000, 300_000])
  func sortsLikeTheStandardSort(count: Int) {
    var generator = SplitMix(seed: UInt64(count))
    // Doubles' ordered keys, with ties, negative values and zeros of both signs.
    let values = (0..<count).map { _ -> Double in
      let raw = generator.next()
      return raw % 7 == 0 ? (raw % 2 == 0 ? 0.0 : -0.0) : Double(Int64(bitPattern: raw) % 1000) / 7
    }
    var first = values.map(RadixSort.orderedKey)
    var second = Array(first.reversed().prefix(count - 3))
    let expected = (first.sorted(), second.sorted())
    RadixSort.sortKeysOnTwoThreads(&first, &second)
    #expect(first == expected.0)
    #expect(second == expected.1)
  }
}

/// The id column keeps up its order (increasing, consecutive) as ids arrive, in one piece or in halves;
/// it must agree with a pass over the finished ids.
struct IDColumnOrderTests {
  static func column(_ ids: [String]) -> IDColumn {
    var column = IDColumn()
    for id in ids { Array(id.utf8).withUnsafeBufferPointer { column.append($0) } }
    return column
  }

  @Test("order flags agree with the ids, whole and joined from two halves split anywhere", arguments: [
    ["3", "4", "5", "6"], ["3", "5", "6"], ["3", "4", "4"], ["5", "4"], ["-2", "-1", "0", "1"], ["7"],
    ["1", "2", "x"], ["1", "3", "2"], ["10", "11", "12", "14"],
  ])
  func orderFlags(ids: [String]) {
    let integers = ids.map { Int64($0) }
    let allIntegers = integers.allSatisfy { $0 != nil }
    let values = integers.compactMap { $0 }
    let increasing = allIntegers ? zip(values, values.dropFirst()).allSatisfy { $0 < $1 } : nil
    let consecutive = allIntegers && zip(values, values.dropFirst()).allSatisfy { $1 == $0 + 1 } ? values.first : nil
    for split in 0...ids.count {
      var joined = Self.column(Array(ids[..<split]))
      joined.append(contentsOf: Self.column(Array(ids[split...])))
      for column in [Self.column(ids), joined] {
        #expect(column.consecutiveStart() == consecutive, "\(ids) split at \(split)")
        if let increasing { #expect(column.isStrictlyIncreasing() == increasing, "\(ids) split at \(split)") }
        var compact = column
        compact.storeConsecutiveCompactly()
        #expect((0..<ids.count).map(compact.text) == ids)
        #expect((0..<ids.count).allSatisfy { row in Array(ids[row].utf8).withUnsafeBufferPointer { compact.matches(row, $0) } })
      }
    }
  }
}
