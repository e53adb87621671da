import Glibc
import Testing

@testable import Scoring

/// Every record (fields and line) or the error, read with or without the vector scan and the plain-record
/// path (`vector: false` reads byte by byte).
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

/// Expects the input to read the same (records, lines, first error) with and without the vector scan and
/// the plain-record path, at every chunk size.
private func expectSameReading(
  _ bytes: [UInt8], chunkSizes: [Int], limits: CSVLimits = CSVLimits(), _ label: @autoclosure () -> String
) {
  for chunkSize in chunkSizes {
    let scalar = readAll(bytes, chunkSize: chunkSize, vector: false, limits: limits)
    let vector = readAll(bytes, chunkSize: chunkSize, vector: true, limits: limits)
    #expect(vector.records == scalar.records && vector.lines == scalar.lines && vector.error == scalar.error,
      "\(label()), chunk \(chunkSize)")
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
      expectSameReading(bytes, chunkSizes: [1, 5, 15, 16, 17, 31, 64, 1 << 12], "input \(bytes)")
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
      expectSameReading(bytes, chunkSizes: [1, 7, 16, 17, 32, 33, 48, 1 << 10], "input \(bytes)")
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
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
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

/// Equal results, values compared bit for bit (so -0.0 and 0.0 differ).
private func same(_ first: NumberParser.Result, _ second: NumberParser.Result) -> Bool {
  if case .value(let a) = first, case .value(let b) = second { return a.bitPattern == b.bitPattern }
  return first == second
}

/// The plain-record path (`CSVReader.nextPlainRecord`, its 64-byte candidate bitmap) and the padded
/// number and id parsing must read every input exactly as the byte-at-a-time path and the unpadded
/// parsers do: same fields, lines, first error and values.
struct PlainRecordTests {
  @Test("the 64-byte candidate bitmap marks exactly the bytes below the bound, for every byte value in every lane")
  func candidateBitmap() {
    for value in 0...255 {
      for lane in 0..<64 {
        var block = [UInt8](repeating: UInt8(ascii: "7"), count: 64)
        block[lane] = UInt8(value)
        let bits = block.withUnsafeBufferPointer { FieldScanner.candidateBits(at: $0.baseAddress!) }
        let expected: UInt64 = value < Int(FieldScanner.candidateBound) ? 1 << UInt64(lane) : 0
        #expect(bits == expected, "byte \(value) in lane \(lane)")
      }
    }
  }

  /// Many short records, mostly plain, some with the bytes that end the plain path (quotes, CR, NUL, blank
  /// lines, spaces and `+` that are candidates but not special), so plain runs start and stop anywhere
  /// in a 64-byte window and across the buffer's end.
  fileprivate static func generatedFile(_ generator: inout SplitMix, records: Int) -> [UInt8] {
    var bytes = Array("id,a,b\n".utf8)
    for _ in 0..<records {
      let fields = 1 + generator.below(4)
      for field in 0..<fields {
        if field > 0 { bytes.append(UInt8(ascii: ",")) }
        let length = generator.below(generator.below(10) == 0 ? 90 : 12)
        for _ in 0..<length { bytes.append(UInt8(ascii: "0") + UInt8(generator.below(10))) }
        switch generator.below(60) {
        case 0: bytes += Array("\"q,\"\"x\"\"\"".utf8)
        case 1: bytes += [0x20]
        case 2: bytes += Array("+é".utf8)
        case 3: bytes += [0]
        default: break
        }
      }
      switch generator.below(40) {
      case 0: bytes += Array("\r\n".utf8)
      case 1: bytes += Array("\n\n".utf8)
      case 2: bytes += Array("\r".utf8)
      default: bytes.append(UInt8(ascii: "\n"))
      }
    }
    return bytes
  }

  @Test("generated files read the same on the plain path as byte by byte, at every chunk size", arguments: 0..<6)
  func generatedFiles(seed: UInt64) {
    var generator = SplitMix(seed: seed)
    for round in 0..<6 {
      var bytes = Self.generatedFile(&generator, records: 400)
      if round % 2 == 1 { bytes.removeLast() }  // no final line end
      expectSameReading(bytes, chunkSizes: [1, 63, 64, 65, 200, 1 << 12, 1 << 16], "seed \(seed) round \(round)")
    }
  }

  @Test("records past the field or byte limit after plain ones are refused alike, on the same line")
  func limitsAfterPlainRecords() {
    var limits = CSVLimits()
    limits.fields = 3
    limits.recordBytes = 24
    let plain = String(repeating: "1,2,3\n", count: 40)
    // The last tail is exactly at the byte limit (23 digits and the line end): read, not refused.
    for tail in ["1,2,3,4\n", "123456789012345678901234\n", "1,2,3,4", "1,2\n1,2,3,4\n", "12345678901234567890123\n"] {
      let bytes = Array(("a,b,c\n" + plain + tail + plain).utf8)
      let refused = readAll(bytes, chunkSize: 64, vector: true, limits: limits).error != nil
      #expect(refused == (tail.count != 24), "\(tail)")
      expectSameReading(bytes, chunkSizes: [16, 64, 1 << 12], limits: limits, tail)
    }
  }

  /// Cells the padded parsers must agree on: random decimals, the common shapes at every length, and
  /// spellings that only look like them.
  fileprivate static func cells(_ generator: inout SplitMix) -> [String] {
    var cells = [
      "", "-", "+", ".", "-.", "0", "-0", "00", "0.", "1.", ".5", "-.5", "1e5", "1.5e-3", " 1.5", "1.5 ", "\t2",
      "1..2", "1.2.3", "nan", "-inf", "Infinity", "0x10", "1_000", "12345678", "1234567.", "-1234567.1234567",
      "0.12345678901234567", "0.1234567890123456789", "9007199254740993", "9007199254740993.0", "-0.0",
      "123456789012345678901234567890", "4.9406564584124654e-324", "1.7976931348623157e308", "1e400",
    ]
    for _ in 0..<20_000 {
      let integerDigits = generator.below(10)
      let fractionDigits = generator.below(22)
      var cell = generator.below(3) == 0 ? "-" : ""
      cell += (0..<integerDigits).map { _ in String(generator.below(10)) }.joined()
      if fractionDigits > 0 || generator.below(4) == 0 { cell += "." }
      cell += (0..<fractionDigits).map { _ in String(generator.below(10)) }.joined()
      cells.append(cell)
      let value = Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64(generator.below(2046) + 1) << 52))
      cells.append("\(value)")
      cells.append("\(Double(generator.below(1_000_000)) / 1024)")
    }
    return cells
  }

  /// The cell followed by bytes that a load past its end may see: digits (which must not be read as the
  /// cell's), a point, an exponent, a separator, a NUL.
  static let followers: [[UInt8]] = [
    Array("12345678901234567".utf8), Array(".5e3,,,,,,,,,,,,".utf8), Array("e99999999".utf8), Array(",\n".utf8),
    [UInt8](repeating: 0, count: 16),
  ]

  @Test("padded number parsing gives the unpadded result, whatever follows the cell")
  func paddedNumbers() {
    var generator = SplitMix(seed: 99)
    for cell in Self.cells(&generator) {
      let bytes = Array(cell.utf8)
      let expected = bytes.withUnsafeBufferPointer { NumberParser.parse($0) }
      if case .value(let value) = expected, !cell.contains(" "), !cell.contains("\t") {
        #expect(value.bitPattern == strtod(cell, nil).bitPattern, "\(cell)")
      }
      for follower in Self.followers {
        let padded = bytes + follower
        let parsed = padded.withUnsafeBufferPointer {
          NumberParser.parse(padded: UnsafeBufferPointer(rebasing: $0[0..<bytes.count]))
        }
        #expect(same(parsed, expected), "\(cell) followed by \(follower)")
      }
    }
  }

  @Test("padded id parsing gives the unpadded result, whatever follows the id")
  func paddedIDs() {
    var generator = SplitMix(seed: 5)
    var ids = ["", "0", "00", "-0", "-1", "01", "7", "12345678", "123456789", "99999999", "1a", "a1", "+1", " 1", "1 "]
    for _ in 0..<20_000 {
      let length = 1 + generator.below(10)
      ids.append((0..<length).map { _ in String(generator.below(10)) }.joined())
    }
    for id in ids {
      let bytes = Array(id.utf8)
      let expected = bytes.withUnsafeBufferPointer { IDColumn.canonicalInteger($0) }
      if let expected { #expect(String(expected) == id) }
      for follower in Self.followers {
        let padded = bytes + follower
        let parsed = padded.withUnsafeBufferPointer {
          IDColumn.canonicalInteger(padded: UnsafeBufferPointer(rebasing: $0[0..<bytes.count]))
        }
        #expect(parsed == expected, "\(id) followed by \(follower)")
      }
    }
  }

  @Test("a reader's numbers, at the buffer's end and anywhere else, are the parser's numbers of its fields")
  func readerNumbers() throws {
    var generator = SplitMix(seed: 11)
    let cells = Self.cells(&generator).filter { !$0.contains(",") && !$0.isEmpty }
    let text = "a,b\n" + stride(from: 0, to: cells.count - 1, by: 2).map { "\(cells[$0]),\(cells[$0 + 1])\n" }.joined()
    for chunkSize in [37, 1 << 12] {
      var reader = try CSVReader(.bytes(Array(text.utf8)), chunkSize: chunkSize)
      _ = try reader.nextRecord()
      var records = 0
      while try reader.nextRecord() {
        for index in 0..<reader.fieldCount {
          #expect(same(NumberParser.parse(padded: reader.field(index)), NumberParser.parse(reader.field(index))), "\(reader.string(index))")
        }
        records += 1
      }
      #expect(records == cells.count / 2)
    }
  }
}
