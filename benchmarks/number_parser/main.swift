// Throughput check for NumberParser, run by hand through benchmarks/number_parser/run.sh (not a unit test).
// Parses 10M shortest round-trip doubles held in memory, the way pandas writes them, and prints
// ns/number and MB/s for each data set.
import Glibc

/// SplitMix64, so every run parses the same numbers.
struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// All cells back to back, with their start offsets (one extra at the end).
func makeCells(count: Int, seed: UInt64, _ value: (inout SplitMix) -> Double) -> ([UInt8], [Int]) {
  var random = SplitMix(state: seed)
  var bytes: [UInt8] = []
  bytes.reserveCapacity(count * 20)
  var offsets = [0]
  offsets.reserveCapacity(count + 1)
  for _ in 0..<count {
    bytes.append(contentsOf: "\(value(&random))".utf8)
    offsets.append(bytes.count)
  }
  return (bytes, offsets)
}

func nanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func run(_ name: String, _ cells: ([UInt8], [Int])) {
  let (bytes, offsets) = cells
  let count = offsets.count - 1
  var best = UInt64.max
  var checksum: UInt64 = 0
  bytes.withUnsafeBufferPointer { buffer in
    offsets.withUnsafeBufferPointer { offsets in
      for _ in 0..<5 {
        let start = nanoseconds()
        for i in 0..<count {
          let cell = UnsafeBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]])
          if case .value(let value) = NumberParser.parse(cell) { checksum &+= value.bitPattern }
        }
        best = min(best, nanoseconds() - start)
      }
    }
  }
  let perNumber = Double(best) / Double(count)
  let megabytesPerSecond = Double(bytes.count) / Double(best) * 1e3
  print(
    "\(name): \(String(perNumber.rounded(to: 2))) ns/number, \(Int(megabytesPerSecond)) MB/s"
      + "  (\(count) numbers, \(bytes.count) bytes, best of 5, checksum \(String(checksum, radix: 16)))")
}

extension Double {
  func rounded(to places: Int) -> Double {
    let scale = Double([1, 10, 100, 1000][places])
    return (self * scale).rounded() / scale
  }
}

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 10_000_000
run("uniform [0,1) (pandas probabilities)", makeCells(count: count, seed: 1) { $0.unit() })
run("log-uniform 1e-10..1e10, random sign", makeCells(count: count, seed: 2) {
  let magnitude = pow(10, $0.unit() * 20 - 10)
  return $0.next() & 1 == 0 ? magnitude : -magnitude
})
run("integers 0..99999 (Clinger fast path)", makeCells(count: count, seed: 3) { Double($0.next() % 100_000) })
