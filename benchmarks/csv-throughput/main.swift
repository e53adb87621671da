// Reads a CSV file with Tatami's reader and parses every cell of the numeric columns, reporting MB/s.
// Usage: csv-throughput FILE [REPEAT]   (build with -c release)
//        csv-throughput --score ANSWERS METRIC SUBMISSION   (what `tatami score` does, for profilers:
//        valgrind cannot run the tatami binary itself, whose C libraries it fails on)
import Glibc
import Scoring

let arguments = CommandLine.arguments
if arguments.count == 5 && arguments[1] == "--score", let metric = Metrics.named(arguments[3]) {
  let key = try AnswerKey.read(.file(arguments[2]), metric: metric)
  let report = Scorer(key: key, parameters: try metric.resolve([:])).score(.file(arguments[4]))
  print("public \(report.publicScore ?? .nan) private \(report.privateScore ?? .nan) \(report.failure?.message ?? "")")
  exit(0)
}
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
      // The padded entry, as scoring reads a field (a reader field is followed by readable padding).
      if case .value(let value) = NumberParser.parse(padded: reader.field(column)) { checksum += value }
    }
    rows += 1
  }
  timings.append((clock.now - start) / .seconds(1))
  bytes = reader.bytesRead
}
let median = timings.sorted()[timings.count / 2]
print("\(path): \(bytes) bytes, median \(median) s, \(Int(Double(bytes) / median / 1e6)) MB/s (checksum \(checksum))")
