// Reads a CSV file with Tatami's reader and parses every cell of the numeric columns, reporting MB/s.
// Usage: csv-throughput FILE [REPEAT]   (build with -c release)
import Glibc
import Scoring

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  print("usage: csv-throughput FILE [REPEAT]")
  exit(64)
}
let path = arguments[1]
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let clock = ContinuousClock()
var timings: [Double] = []
var bytes = 0
var checksum = 0.0
for _ in 0..<repeats {
  let start = clock.now
  var reader = try CSVReader(.file(path))
  var rows = 0
  _ = try reader.nextRecord()  // the header
  while try reader.nextRecord() {
    for column in 0..<reader.fieldCount {
      if case .value(let value) = NumberParser.parse(reader.field(column)) { checksum += value }
    }
    rows += 1
  }
  timings.append((clock.now - start) / .seconds(1))
  bytes = reader.bytesRead
}
let median = timings.sorted()[timings.count / 2]
print("\(path): \(bytes) bytes, median \(median) s, \(Int(Double(bytes) / median / 1e6)) MB/s (checksum \(checksum))")
