import Foundation

/// One competition of an `--all` import: what was written, or why not.
public struct BatchOutcome: Sendable {
  public var competition: String
  public var result: ImportResult?
  public var failure: ImportError?
}

/// Imports every competition found one level below a folder (MLE-bench's `mlebench/competitions`,
/// MLE-Dojo's `mledojo/competitions`, or a folder of Kaggle folders) into one catalog folder.
public enum BatchImport {
  /// The competition folders below `root` that look like the layout, sorted by name.
  public static func competitions(_ source: AnchorSource, under root: String) -> [String] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    let marker: String
    switch source {
    case .mleBench: marker = "config.yaml"
    case .mleDojo: marker = "info/description.txt"
    case .kaggle: marker = "sample_submission.csv"
    }
    return names.filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(root)/\($0)/\(marker)") }
  }

  /// Imports each competition with `template`'s options; data for competition `c` is looked up under
  /// `template.data` + `/c`, and its bundle goes to `catalog/<id>`. `progress` is called before each one.
  public static func run(
    _ template: ImportRequest, root: String, catalog: String,
    progress: (_ index: Int, _ total: Int, _ competition: String) -> Void
  ) -> [BatchOutcome] {
    let names = competitions(template.source, under: root)
    var outcomes: [BatchOutcome] = []
    for (index, name) in names.enumerated() {
      progress(index, names.count, name)
      var request = template
      request.competition = "\(root)/\(name)"
      request.data = "\(template.data)/\(name)"
      request.output = "\(catalog)/\(Importer.bundleID(name))"
      do {
        outcomes.append(BatchOutcome(competition: name, result: try Importer.run(request)))
      } catch {
        outcomes.append(BatchOutcome(competition: name, failure: error))
      }
    }
    return outcomes
  }
}
