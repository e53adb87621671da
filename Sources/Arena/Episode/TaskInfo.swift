import Catalog
import Scoring

/// What the `info` action returns, and what an agent gets before its first step.
public struct TaskInfo: Sendable, Codable, Equatable {
  public var competition: String
  public var title: String
  public var task: String
  /// The competition's `description.md`.
  public var overview: String
  public var metric: MetricInfo
  public var submission: SubmissionFormat
  public var files: [FileSummary]
  /// The first lines of `sample_submission.csv`.
  public var sampleSubmissionHead: String?
  public var budget: Budget
  public var paths: Paths
  public var baselinePublicScore: Double?
  /// Which actions exist, one line each.
  public var actions: [String]

  public struct MetricInfo: Sendable, Codable, Equatable {
    public var name: String
    public var higherIsBetter: Bool
    public var parameters: [String: String]
    public var definition: String

    enum CodingKeys: String, CodingKey {
      case name, higherIsBetter = "higher_is_better", parameters, definition
    }
  }

  public struct SubmissionFormat: Sendable, Codable, Equatable {
    public var idColumn: String
    public var targetColumns: [String]
    /// Where `submit` looks for the file inside the sandbox.
    public var path: String

    enum CodingKeys: String, CodingKey {
      case idColumn = "id_column", targetColumns = "target_columns", path
    }
  }

  public struct Paths: Sendable, Codable, Equatable {
    public var input: String
    public var working: String
    public var submission: String
  }

  enum CodingKeys: String, CodingKey {
    case competition, title, task, overview, metric, submission, files
    case sampleSubmissionHead = "sample_submission_head", budget, paths
    case baselinePublicScore = "baseline_public_score", actions
  }

  static let actionList = [
    #"{"action": "info"}: this overview again"#,
    #"{"action": "run", "code": "<python>"} or {"action": "run", "command": "<shell>"}: execute, no scoring"#,
    #"{"action": "submit", "code": "<python that writes /workspace/working/submission.csv>"}: execute, validate, score on the public rows (without code: score the file as it is)"#,
    #"{"action": "history"}: the steps so far"#,
    #"{"action": "finish", "submission": <step>}: end; the chosen (default: last valid) submission is scored on the private rows"#,
  ]
}

/// One public file: size, and for a CSV its row count and a summary of each column.
public struct FileSummary: Sendable, Codable, Equatable {
  public var name: String
  public var bytes: Int
  public var rows: Int?
  public var columns: [ColumnSummary]?
}

/// A column of a CSV file, summarised from its first rows.
public struct ColumnSummary: Sendable, Codable, Equatable {
  public var name: String
  /// `number` when every non-empty value parses as one, else `text`.
  public var type: String
  public var missing: Int
  /// Distinct values among the rows read (counting stops at 1000).
  public var distinct: Int
  public var min: Double?
  public var max: Double?
  public var mean: Double?
  /// The most frequent text values, at most three.
  public var top: [String]?
  /// Rows the summary read (the first ones of the file).
  public var sampledRows: Int

  enum CodingKeys: String, CodingKey {
    case name, type, missing, distinct, min, max, mean, top, sampledRows = "sampled_rows"
  }
}

enum ColumnSummarizer {
  /// Summarises the columns of CSV bytes from the first `maxRows` records.
  static func summarize(_ bytes: [UInt8], maxRows: Int = 20_000) -> (rows: Int, columns: [ColumnSummary]) {
    var records = CSVRecords(bytes)
    guard let header = records.next() else { return (0, []) }
    let width = header.count
    var missing = [Int](repeating: 0, count: width)
    var numeric = [Bool](repeating: true, count: width)
    var sums = [Double](repeating: 0, count: width)
    var counts = [Int](repeating: 0, count: width)
    var minimum = [Double](repeating: .infinity, count: width)
    var maximum = [Double](repeating: -.infinity, count: width)
    var frequencies = [[String: Int]](repeating: [:], count: width)
    var rows = 0
    while rows < maxRows, let record = records.next() {
      rows += 1
      for column in 0..<width {
        let value = column < record.count ? record[column] : ""
        if value.isEmpty || value == "NA" || value == "NaN" {
          missing[column] += 1
          continue
        }
        if numeric[column], let number = Double(value), number.isFinite {
          sums[column] += number
          counts[column] += 1
          minimum[column] = Swift.min(minimum[column], number)
          maximum[column] = Swift.max(maximum[column], number)
        } else {
          numeric[column] = false
        }
        if frequencies[column].count < 1000 || frequencies[column][value] != nil {
          frequencies[column][value, default: 0] += 1
        }
      }
    }
    let columns = (0..<width).map { column -> ColumnSummary in
      let isNumber = numeric[column] && counts[column] > 0
      let top = isNumber ? nil : frequencies[column].sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        .prefix(3).map { String($0.key.prefix(60)) }
      return ColumnSummary(
        name: header[column], type: isNumber ? "number" : "text", missing: missing[column],
        distinct: frequencies[column].count, min: isNumber ? minimum[column] : nil,
        max: isNumber ? maximum[column] : nil,
        mean: isNumber ? (sums[column] / Double(counts[column]) * 1e6).rounded() / 1e6 : nil, top: top,
        sampledRows: rows)
    }
    return (rows, columns)
  }
}

/// A small RFC 4180 record iterator over bytes (quotes, doubled quotes, CRLF) for summaries.
struct CSVRecords: IteratorProtocol {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  mutating func next() -> [String]? {
    guard index < bytes.count else { return nil }
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            quoted = false
          }
        } else {
          field.append(byte)
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""): quoted = true
      case UInt8(ascii: ","):
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
      case UInt8(ascii: "\n"):
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
      case UInt8(ascii: "\r"): continue
      default: field.append(byte)
      }
    }
    fields.append(String(decoding: field, as: UTF8.self))
    return fields
  }
}
