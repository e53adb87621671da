import ArgumentParser
import Catalog
import Foundation

/// `tatami data ID`: what a participant gets, written to a directory.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "Extract a competition's public files and description into a directory.",
    discussion: """
      Writes the files of the bundle's public/ folder (train and test data, sample_submission.csv, ...) and \
      description.md into DIR. The answers are never extracted.

      Example: tatami data catsup-brand-choice --to work/penguins
      """)

  @Argument(help: ArgumentHelp("The competition's id, as `tatami list` prints it.", valueName: "ID"))
  var id: String

  @Option(help: ArgumentHelp("Where to write the files (default: ./ID).", valueName: "DIR"))
  var to: String?

  @Flag(help: "Write into DIR even if it exists and is not empty, overwriting files of the same name.")
  var force = false

  @OptionGroup var catalog: CatalogOptions

  func run() throws {
    let target = to ?? id
    try Failure.reporting(json: false) { () throws(BundleError) in
      if !force && !Self.isMissingOrEmpty(target) { throw .outputExists(target) }
      let bundle = try catalog.makeCatalog().open(id)
      var written = try bundle.extract(prefix: "public/", to: target, overwrite: force)
      written += try bundle.extract(prefix: "description.md", to: target, overwrite: force)
      Output.write("wrote \(written.count) files to \(target)")
    }
  }

  private static func isMissingOrEmpty(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
    return isDirectory.boolValue && ((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false)
  }
}
