import Foundation
import Testing

@testable import Catalog

@Suite struct BundleTests {
  @Test("the fixture directory opens with real sizes and CSV row counts")
  func opensDirectory() throws {
    let bundle = try CompetitionBundle.open(fixtureBundle)
    #expect(!bundle.isArchive)
    #expect(bundle.manifest.id == "tiny-regression")
    let train = try #require(bundle.entry("public/train.csv"))
    #expect(train.size == 37 && train.csvRows == 3)
    #expect(bundle.entry("public")?.kind == .directory)
    #expect(try bundle.read("public/test.csv") == Array("id,x\n4,3.5\n5,4.5\n".utf8))
    #expect(CompetitionBundle.check(fixtureBundle).problems.isEmpty)
  }

  @Test("a .tar.gz with one top-level folder opens with the folder stripped; one entry is read alone")
  func opensTarGz() throws {
    let temporary = try TemporaryDirectory()
    try shell("tar czf bundle.tar.gz -C '\(fixtureBundle)/..' tiny-regression", in: temporary.path)
    let bundle = try CompetitionBundle.open(temporary.path + "/bundle.tar.gz")
    #expect(bundle.isArchive)
    #expect(bundle.entries.map(\.path).contains("public/train.csv"))
    #expect(!bundle.entries.contains { $0.path.hasPrefix("tiny-regression") })
    #expect(try bundle.read("private/answers.csv") == Array("id,y,Usage\n4,7.0,Public\n5,9.0,Private\n".utf8))
    #expect(try bundle.readHead("public/train.csv", maxBytes: 6) == Array("id,x,y".utf8))
    #expect(throws: BundleError.entryNotFound("public/nothing.csv")) { try bundle.read("public/nothing.csv") }
    #expect(throws: BundleError.entryTooLarge(entry: "public/train.csv", cap: 10)) {
      try bundle.read("public/train.csv", cap: 10)
    }
  }

  @Test("zip and tar.zst archives open", arguments: ["zip", "zstd"])
  func otherFormats(tool: String) throws {
    try #require(hasTool(tool), "\(tool) is not installed")
    let temporary = try TemporaryDirectory()
    let command =
      tool == "zip"
      ? "cd '\(fixtureBundle)' && zip -qr '\(temporary.path)/b.zip' ."
      : "tar --zstd -cf b.tar.zst -C '\(fixtureBundle)' ."
    try shell(command, in: temporary.path)
    let bundle = try CompetitionBundle.open(temporary.path + (tool == "zip" ? "/b.zip" : "/b.tar.zst"))
    #expect(bundle.entry("public/train.csv")?.csvRows == 3)
    #expect(bundle.manifest.id == "tiny-regression")
  }

  @Test(
    "unsafe and special entries are refused",
    arguments: [
      ("traversal", "tar -czPf b.tar.gz --transform 's,^b/description.md,../x,' b", "unsafe_path"),
      ("absolute", "tar -czPf b.tar.gz --transform 's,^b/description.md,/tmp/x,' b", "unsafe_path"),
      ("symlink", "ln -s /etc/passwd b/public/link.csv && tar czf b.tar.gz b", "link_entry"),
      ("hardlink", "ln b/public/train.csv b/public/copy.csv && tar czf b.tar.gz b", "link_entry"),
      ("fifo", "mkfifo b/public/pipe && tar czf b.tar.gz b", "special_file"),
      ("duplicate", "tar cf b.tar b && tar rf b.tar b/description.md && gzip b.tar", "duplicate_entry"),
    ])
  func refusesEntries(name: String, command: String, type: String) throws {
    let temporary = try TemporaryDirectory()
    _ = try temporary.copyOfFixture(named: "b")
    try shell(command, in: temporary.path)
    let types = problemTypes(temporary.path + "/b.tar.gz")
    #expect(types.contains(type), "\(name): \(types)")
    #expect(throws: BundleError.self) { try CompetitionBundle.open(temporary.path + "/b.tar.gz") }
  }

  @Test("a directory bundle with a symbolic link or a FIFO is refused too")
  func refusesDirectoryLinks() throws {
    let temporary = try TemporaryDirectory()
    let bundle = try temporary.copyOfFixture()
    try shell("ln -s /etc public/escape && mkfifo public/pipe", in: bundle)
    let problems = CompetitionBundle.check(bundle).problems
    #expect(problems.contains(.link(entry: "public/escape", target: "/etc", hard: false)))
    #expect(problems.contains(.specialFile(entry: "public/pipe", kind: "FIFO")))
  }

  @Test("a decompression bomb stops at the entry cap and at the bundle cap")
  func decompressionBomb() throws {
    let temporary = try TemporaryDirectory()
    _ = try temporary.copyOfFixture(named: "b")
    // 64 MiB of zeros gzip to about 64 KiB; the caps below are far smaller than what the header claims.
    try shell(
      "head -c 67108864 /dev/zero > b/public/zeros.csv && tar czf b.tar.gz b && rm b/public/zeros.csv",
      in: temporary.path)
    let archive = temporary.path + "/b.tar.gz"
    let entryCap = BundleLimits(maxEntryBytes: 1 << 20, maxBundleBytes: 1 << 30)
    #expect(throws: BundleError.entryTooLarge(entry: "b/public/zeros.csv", cap: 1 << 20)) {
      try CompetitionBundle.open(archive, limits: entryCap)
    }
    let bundleCap = BundleLimits(maxEntryBytes: 1 << 30, maxBundleBytes: 8 << 20)
    #expect(throws: BundleError.bundleTooLarge(cap: 8 << 20)) { try CompetitionBundle.open(archive, limits: bundleCap) }
    #expect(try CompetitionBundle.open(archive).entry("public/zeros.csv")?.size == 64 << 20)
  }

  @Test("too many entries stop the scan")
  func tooManyEntries() {
    #expect(problemTypes(fixtureBundle, limits: BundleLimits(maxEntries: 5)) == ["too_many_entries"])
  }

  @Test("missing description, public folder and answers are all reported")
  func missingFiles() throws {
    let temporary = try TemporaryDirectory()
    let bundle = try temporary.copyOfFixture()
    try FileManager.default.removeItem(atPath: bundle + "/description.md")
    try FileManager.default.removeItem(atPath: bundle + "/public")
    try FileManager.default.removeItem(atPath: bundle + "/private/answers.csv")
    let problems = CompetitionBundle.check(bundle).problems
    #expect(
      problems == [
        .missingFile("description.md"), .missingFile("public/ folder"),
        .missingFile("answers file private/answers.csv"),
      ])
  }

  @Test("a broken manifest is reported with the structural problems")
  func manifestAndStructure() throws {
    let temporary = try TemporaryDirectory()
    let bundle = try temporary.copyOfFixture()
    try edit(bundle + "/competition.yaml", replacing: "name: rmse", with: "name: nope")
    try FileManager.default.removeItem(atPath: bundle + "/description.md")
    #expect(problemTypes(bundle) == ["invalid_value", "missing_file"])
  }

  @Test(
    "answers the scoring engine cannot read are reported by check",
    arguments: [
      ("ident,y,Usage\n4,7,Public\n", "no id column 'id'"),
      ("id,y\n4,7\n4,8\n", "the id '4' appears twice"),
      ("id,y,Usage\n4,7,Hidden\n", "Usage is 'Hidden'"),
      ("id,y\n4,seven\n", "'seven' is not a finite number"),
      ("id,other\n4,7\n", "no column 'y'"),
    ])
  func invalidAnswers(answers: String, expected: String) throws {
    let temporary = try TemporaryDirectory()
    let bundle = try temporary.copyOfFixture()
    try Data(answers.utf8).write(to: URL(fileURLWithPath: bundle + "/private/answers.csv"))
    let problems = CompetitionBundle.check(bundle).problems
    #expect(problems.map(\.type) == ["invalid_answers"])
    #expect(problems.first?.message.contains(expected) == true, "\(problems)")
  }

  @Test("extract writes public/ and one file inside the target, never through a planted link")
  func extract() throws {
    let temporary = try TemporaryDirectory()
    try shell("tar czf b.tar.gz -C '\(fixtureBundle)/..' tiny-regression", in: temporary.path)
    let bundle = try CompetitionBundle.open(temporary.path + "/b.tar.gz")
    let target = temporary.path + "/out"
    let written = try bundle.extract(prefix: "public/", to: target)
    #expect(written.sorted() == ["sample_submission.csv", "test.csv", "train.csv"])
    #expect(try bundle.extract(prefix: "description.md", to: target) == ["description.md"])
    #expect(
      FileManager.default.contents(atPath: target + "/train.csv")
        == Data("id,x,y\n1,0.5,1.0\n2,1.5,3.0\n3,2.5,5.0\n".utf8))
    #expect(!FileManager.default.fileExists(atPath: target + "/answers.csv"))
    #expect(throws: BundleError.self) { try bundle.extract(prefix: "public/", to: target) }

    let planted = temporary.path + "/planted"
    try shell("mkdir planted && ln -s '\(temporary.path)/outside.csv' planted/train.csv", in: temporary.path)
    #expect(throws: BundleError.self) { try bundle.extract(prefix: "public/", to: planted, overwrite: true) }
    #expect(!FileManager.default.fileExists(atPath: temporary.path + "/outside.csv"))
  }

  @Test("one pass extracts public/, reads whole files and keeps heads: the same bytes as separate reads")
  func onePass() throws {
    let temporary = try TemporaryDirectory()
    try shell("tar czf b.tar.gz -C '\(fixtureBundle)/..' tiny-regression", in: temporary.path)
    let opened = try CompetitionBundle.open(temporary.path + "/b.tar.gz")
    let counting = CountingStorage(ArchiveStorage(location: opened.location))
    let bundle = CompetitionBundle(
      location: opened.location, isArchive: true, manifest: opened.manifest, entries: opened.entries,
      limits: opened.limits, storage: counting, folderPrefix: opened.folderPrefix)
    let answers = opened.manifest.answers
    let pass = try bundle.extract(
      prefix: "public/", to: temporary.path + "/out",
      reading: [answers: .max, "description.md": 5, "public/test.csv": .max, "missing.csv": .max], headBytes: 6,
      keepHead: { $0.hasSuffix(".csv") })
    #expect(counting.passes == 1)
    #expect(pass.written.sorted() == ["sample_submission.csv", "test.csv", "train.csv"])
    #expect(try pass.files[answers]?.get() == opened.read(answers))
    #expect(try pass.files["public/test.csv"]?.get() == opened.read("public/test.csv"))
    #expect(pass.files["description.md"] == .failure(.entryTooLarge(entry: "description.md", cap: 5)))
    #expect(pass.files["missing.csv"] == .failure(.entryNotFound("missing.csv")))
    #expect(pass.heads["public/train.csv"] == Array("id,x,y".utf8))
    #expect(pass.heads.keys.sorted() == ["public/sample_submission.csv", "public/test.csv", "public/train.csv"])
    #expect(
      FileManager.default.contents(atPath: temporary.path + "/out/train.csv")
        == Data("id,x,y\n1,0.5,1.0\n2,1.5,3.0\n3,2.5,5.0\n".utf8))
    #expect(!FileManager.default.fileExists(atPath: temporary.path + "/out/answers.csv"))
    // The separate reads take a pass each.
    _ = try bundle.read(answers)
    _ = try bundle.readHead("public/train.csv", maxBytes: 6)
    #expect(counting.passes == 3)
  }

  @Test("destinations of extracted entries")
  func destinations() {
    #expect(CompetitionBundle.destination(of: "public/a/b.csv", selecting: "public/") == "a/b.csv")
    #expect(CompetitionBundle.destination(of: "public", selecting: "public/") == "")
    #expect(CompetitionBundle.destination(of: "publicity.csv", selecting: "public/") == nil)
    #expect(CompetitionBundle.destination(of: "description.md", selecting: "description.md") == "description.md")
  }

  @Test("entry paths are normalized; absolute and .. paths are refused")
  func entryPaths() {
    #expect(EntryPath.normalize("./public//train.csv") == "public/train.csv")
    #expect(EntryPath.normalize("./") == "")
    #expect(EntryPath.normalize("public/../../x") == nil)
    #expect(EntryPath.normalize("/etc/passwd") == nil)
    #expect(EntryPath.normalize("a..b/c") == "a..b/c")
  }

  @Test("packing twice, and after touching mtimes and modes, gives the same bytes")
  func deterministicPack() throws {
    let temporary = try TemporaryDirectory()
    let directory = try temporary.copyOfFixture(named: "source")
    try CompetitionBundle.open(directory).pack(to: temporary.path + "/first.tar.gz")
    try CompetitionBundle.open(directory).pack(to: temporary.path + "/second.tar.gz")
    try shell(
      "find source -exec touch -d '2001-02-03 04:05:06' {} + && chmod 600 source/description.md", in: temporary.path)
    try CompetitionBundle.open(directory).pack(to: temporary.path + "/third.tar.gz")
    let first = try #require(FileManager.default.contents(atPath: temporary.path + "/first.tar.gz"))
    #expect(FileManager.default.contents(atPath: temporary.path + "/second.tar.gz") == first)
    #expect(FileManager.default.contents(atPath: temporary.path + "/third.tar.gz") == first)
    #expect(Array(first[4..<8]) == [0, 0, 0, 0], "the gzip header has a timestamp")

    let packed = try CompetitionBundle.open(temporary.path + "/first.tar.gz")
    #expect(packed.folderPrefix == "tiny-regression/")
    #expect(packed.entries.map(\.path) == packed.entries.map(\.path).sorted())
    #expect(try packed.read("public/train.csv") == CompetitionBundle.open(directory).read("public/train.csv"))
  }

  @Test("an archive cannot be packed again")
  func packRefusesArchives() throws {
    let temporary = try TemporaryDirectory()
    try CompetitionBundle.open(fixtureBundle).pack(to: temporary.path + "/a.tar.gz")
    #expect(throws: BundleError.self) {
      try CompetitionBundle.open(temporary.path + "/a.tar.gz").pack(to: temporary.path + "/b.tar.gz")
    }
  }

  @Test("a file that is not an archive carries libarchive's message")
  func notAnArchive() throws {
    let temporary = try TemporaryDirectory()
    try temporary.write("just text\n", to: "x.tar.gz")
    let problem = try #require(CompetitionBundle.check(temporary.path + "/x.tar.gz").problems.first)
    guard case .archive(_, let message) = problem else {
      Issue.record("unexpected \(problem)")
      return
    }
    #expect(!message.isEmpty)
  }
}

/// A storage that counts its passes over the bundle.
final class CountingStorage: BundleStorage {
  let inner: any BundleStorage
  private(set) var passes = 0
  var location: String { inner.location }

  init(_ inner: any BundleStorage) { self.inner = inner }

  func forEachEntry(_ body: (ArchiveHeader, any BlockSource) throws(BundleError) -> Bool) throws(BundleError) {
    passes += 1
    try inner.forEachEntry(body)
  }
}
