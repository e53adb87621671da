/// The manifest of a bundle, `competition.yaml`, after strict validation (see docs/bundle-format.md).
public struct Manifest: Sendable, Equatable, Codable {
  /// The bundle format version; only 1 exists.
  public var format: Int
  /// `[a-z0-9][a-z0-9-]{1,63}`; also the archive's file name.
  public var id: String
  public var title: String
  /// The competition's own revision.
  public var version: Int
  public var task: TaskType
  public var tags: [String]
  public var metric: MetricSpec
  public var submission: SubmissionSpec
  /// The answers file, relative to the bundle root; default `private/answers.csv`.
  public var answers: String
  public var baseline: Baseline?
  public var limits: Limits
  public var source: Source

  /// The metric and its parameters, checked against the metric registry; values kept as strings.
  public struct MetricSpec: Sendable, Equatable, Codable {
    public var name: String
    public var params: [String: String]
  }

  /// The columns a submission must have.
  public struct SubmissionSpec: Sendable, Equatable, Codable {
    public var idColumn: String
    public var targetColumns: [String]
  }

  /// A runnable solution and what it scores.
  public struct Baseline: Sendable, Equatable, Codable {
    public var script: String?
    public var publicScore: Double?
    public var privateScore: Double?
  }

  /// Defaults for `tatami run`; every field optional.
  public struct Limits: Sendable, Equatable, Codable {
    public var steps: Int?
    /// The episode's wall-clock budget in seconds.
    public var timeSeconds: Int?
    /// One step's wall-clock budget in seconds.
    public var stepTimeoutSeconds: Int?
    /// The memory cap in bytes.
    public var memoryBytes: Int?
  }

  /// Where the data comes from.
  public struct Source: Sendable, Equatable, Codable {
    public var name: String
    public var dataset: String?
    public var license: String
    public var url: String?
    public var citation: String?
  }

  /// Whether `id` matches `[a-z0-9][a-z0-9-]{1,63}`.
  public static func isValidID(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard (2...64).contains(bytes.count), let first = bytes.first, isLowerAlphanumeric(first) else { return false }
    return bytes.dropFirst().allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
  }

  private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }
}

/// The kind of problem a competition poses.
public enum TaskType: String, Sendable, Equatable, Codable, CaseIterable {
  case binaryClassification = "binary_classification"
  case multiclassClassification = "multiclass_classification"
  case multilabelClassification = "multilabel_classification"
  case regression
  case countRegression = "count_regression"
  case ordinalRegression = "ordinal_regression"
  case ranking
  case timeSeriesForecasting = "time_series_forecasting"
  case text
  case image
  case segmentation

  /// Rows and columns of features: every task type but text, images and masks (the catalog's own split).
  public var isTabular: Bool { ![.text, .image, .segmentation].contains(self) }
}

extension Manifest {
  /// Whether `tag` describes the competition: one of its tags, its task type, or `tabular` for a tabular
  /// task, so that `tatami list --tag tabular` finds every tabular competition, not only those tagged so.
  public func matches(tag: String) -> Bool {
    tags.contains(tag) || task.rawValue == tag || (tag == "tabular" && task.isTabular)
  }
}
