import Basics
import Foundation
import Testing

@testable import Catalog

@Suite struct CatalogTests {
  /// A catalog directory with the fixture as a folder and as an archive under another id.
  private func makeCatalogDirectory(_ temporary: TemporaryDirectory) throws -> String {
    let directory = temporary.path + "/competitions"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    _ = try temporary.copyOfFixture(named: "competitions/tiny-regression")
    let other = try temporary.copyOfFixture(named: "other")
    try edit(other + "/competition.yaml", replacing: "id: tiny-regression", with: "id: other-one")
    try CompetitionBundle.open(other).pack(to: directory + "/other-one.tar.gz")
    try temporary.write("not a bundle", to: "competitions/notes.txt")
    return directory
  }

  @Test("bundles are found as folders and archives; listing sorts by id")
  func findsBundles() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let catalog = Catalog(directories: [directory], indexPath: nil)
    let listing = catalog.list()
    #expect(listing.entries.map(\.id) == ["other-one", "tiny-regression"])
    #expect(listing.broken.isEmpty && listing.warnings.isEmpty)
    #expect(listing.entries.first?.archiveFolder == "other-one/")
    #expect(try catalog.find("tiny-regression").publicBytes == 67)
    #expect(throws: BundleError.unknownCompetition(id: "nope", searched: [directory])) { try catalog.find("nope") }
  }

  @Test("a second listing reads the index and decompresses nothing")
  func indexReuse() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let indexPath = temporary.path + "/home/cache/catalog-index.json"
    let first = Catalog(directories: [directory], indexPath: indexPath)
    #expect(first.list().entries.count == 2)
    #expect(first.bundlesOpened == 2)
    #expect(FileManager.default.fileExists(atPath: indexPath))

    let second = Catalog(directories: [directory], indexPath: indexPath)
    #expect(second.list().entries.count == 2)
    #expect(second.bundlesOpened == 0)
    // Reading a file through the index does not re-check the bundle either.
    let bundle = try second.open("other-one")
    #expect(try bundle.read("public/test.csv") == Array("id,x\n4,3.5\n5,4.5\n".utf8))
    #expect(second.bundlesOpened == 0)
  }

  @Test("a changed bundle is summarized again; a removed one leaves the index")
  func indexInvalidation() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let indexPath = temporary.path + "/index.json"
    _ = Catalog(directories: [directory], indexPath: indexPath).list()

    try edit(directory + "/tiny-regression/competition.yaml", replacing: "Tiny regression", with: "Small regression")
    let afterEdit = Catalog(directories: [directory], indexPath: indexPath)
    #expect(afterEdit.list().entries.last?.manifest.title == "Small regression: y from x")
    #expect(afterEdit.bundlesOpened == 1)

    try FileManager.default.removeItem(atPath: directory + "/other-one.tar.gz")
    let afterRemoval = Catalog(directories: [directory], indexPath: indexPath)
    #expect(afterRemoval.list().entries.map(\.id) == ["tiny-regression"])
    #expect(afterRemoval.bundlesOpened == 0)
    #expect(CatalogIndex.load(indexPath).records.count == 1)
  }

  @Test("a corrupt index is rebuilt, not fatal")
  func corruptIndex() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    try temporary.write("{ not json", to: "index.json")
    let catalog = Catalog(directories: [directory], indexPath: temporary.path + "/index.json")
    #expect(catalog.list().entries.count == 2)
    #expect(catalog.bundlesOpened == 2)
    #expect(CatalogIndex.load(temporary.path + "/index.json").records.count == 2)
  }

  @Test("a broken bundle is listed apart, remembered, and explains a lookup of its name")
  func brokenBundle() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let broken = try temporary.copyOfFixture(named: "competitions/broken")
    try edit(broken + "/competition.yaml", replacing: "task: regression", with: "task: regression\nextra: 1")
    let indexPath = temporary.path + "/index.json"
    let listing = Catalog(directories: [directory], indexPath: indexPath).list()
    #expect(listing.entries.count == 2)
    #expect(listing.broken.map(\.problem.type) == ["unknown_key"])
    let again = Catalog(directories: [directory], indexPath: indexPath)
    let error = #expect(throws: BundleError.self) { try again.find("broken") }
    #expect(error?.message == "competition.yaml, line 6: unknown key 'extra'")
    #expect(again.bundlesOpened == 0)
  }

  @Test("a duplicate id: the first directory wins and the listing names both paths")
  func duplicateIDs() throws {
    let temporary = try TemporaryDirectory()
    let first = try makeCatalogDirectory(temporary)
    let second = temporary.path + "/more"
    try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
    _ = try temporary.copyOfFixture(named: "more/copy")
    let listing = Catalog(directories: [first, second], indexPath: nil).list()
    #expect(listing.entries.filter { $0.id == "tiny-regression" }.map(\.location) == [first + "/tiny-regression"])
    let warning = try #require(listing.warnings.first)
    #expect(warning.contains(first + "/tiny-regression") && warning.contains(second + "/copy"))
  }

  @Test("find reads the index's summaries and one record; the first directory still wins a duplicate id")
  func quickFind() throws {
    let temporary = try TemporaryDirectory()
    let first = try makeCatalogDirectory(temporary)
    let second = temporary.path + "/more"
    try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
    _ = try temporary.copyOfFixture(named: "more/copy")
    let indexPath = temporary.path + "/cache/catalog-index.jsonl"
    let listing = Catalog(directories: [first, second], indexPath: indexPath).list()
    let catalog = Catalog(directories: [first, second], indexPath: indexPath)
    #expect(try catalog.find("other-one") == listing.entries.first { $0.id == "other-one" })
    #expect(try catalog.find("tiny-regression").location == first + "/tiny-regression")
    #expect(catalog.listings == 0 && catalog.bundlesOpened == 0)
    #expect(throws: BundleError.unknownCompetition(id: "nope", searched: [first, second])) { try catalog.find("nope") }
    #expect(catalog.listings == 1)
  }

  @Test("find after a bundle changed, or with a bundle the index lacks, makes the full listing and saves it")
  func quickFindFallsBack() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let indexPath = temporary.path + "/catalog-index.jsonl"
    _ = Catalog(directories: [directory], indexPath: indexPath).list()
    try edit(directory + "/tiny-regression/competition.yaml", replacing: "Tiny regression", with: "Small regression")
    // other-one.tar.gz comes before the changed folder: it is found without looking further.
    let before = Catalog(directories: [directory], indexPath: indexPath)
    #expect(try before.find("other-one").id == "other-one")
    #expect(before.listings == 0 && before.bundlesOpened == 0)
    let afterEdit = Catalog(directories: [directory], indexPath: indexPath)
    #expect(try afterEdit.find("tiny-regression").manifest.title == "Small regression: y from x")
    #expect(afterEdit.listings == 1 && afterEdit.bundlesOpened == 1)
    let again = Catalog(directories: [directory], indexPath: indexPath)
    #expect(try again.find("tiny-regression").manifest.title == "Small regression: y from x")
    #expect(again.listings == 0 && again.bundlesOpened == 0)
    _ = try temporary.copyOfFixture(named: "competitions/zz-copy")
    try edit(directory + "/zz-copy/competition.yaml", replacing: "id: tiny-regression", with: "id: zz-copy")
    let added = Catalog(directories: [directory], indexPath: indexPath)
    #expect(try added.find("zz-copy").id == "zz-copy")
    #expect(added.listings == 1 && added.bundlesOpened == 1)
  }

  @Test("the older single-object index is migrated once, without decompressing anything")
  func legacyIndex() throws {
    let temporary = try TemporaryDirectory()
    let directory = try makeCatalogDirectory(temporary)
    let legacyPath = temporary.path + "/catalog-index.json"
    let building = Catalog(directories: [directory], indexPath: nil)
    _ = building.list()
    var legacy = CatalogIndex()
    for path in Catalog.bundlePaths(in: directory) {
      let bundle = try CompetitionBundle.open(path)
      legacy.records[path] = IndexRecord(
        fingerprint: try #require(Fingerprint.of(path)),
        entry: CatalogEntry(
          location: path, manifest: bundle.manifest, entries: bundle.entries, archiveFolder: bundle.folderPrefix))
    }
    try JSONEncoder().encode(legacy).write(to: URL(fileURLWithPath: legacyPath))
    let catalog = Catalog(directories: [directory], indexPath: legacyPath + "l")
    #expect(catalog.list().entries.count == 2)
    #expect(catalog.bundlesOpened == 0)
    #expect(CatalogIndex.load(legacyPath + "l") == legacy)
  }
}
