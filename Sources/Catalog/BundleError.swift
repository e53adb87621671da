import Basics
import Scoring

/// A bundle, the catalog or an extraction target is wrong; always a harness-side failure (exit code 3).
///
/// Every case names the file or entry, what is wrong, and (in `hint`) how to fix it.
public enum BundleError: Error, Sendable, Equatable, Codable {
  /// The bundle path does not exist or cannot be read.
  case cannotOpen(path: String, reason: String)
  /// libarchive refused the archive; `message` is its `archive_error_string`.
  case archive(path: String, message: String)
  /// An entry path is absolute or has a `..` component.
  case unsafePath(entry: String, reason: String)
  /// A symbolic or hard link.
  case link(entry: String, target: String, hard: Bool)
  /// A device file, FIFO or socket.
  case specialFile(entry: String, kind: String)
  /// The same path appears twice.
  case duplicateEntry(String)
  /// One entry decompresses past the per-entry cap.
  case entryTooLarge(entry: String, cap: Int)
  /// The whole bundle decompresses past the per-bundle cap.
  case bundleTooLarge(cap: Int)
  /// More entries than the cap.
  case tooManyEntries(cap: Int)
  /// A required file or folder is missing.
  case missingFile(String)
  /// The manifest is not valid YAML (or not UTF-8).
  case manifestSyntax(line: Int?, detail: String)
  /// A key the schema does not know: usually a typo.
  case unknownKey(path: String, line: Int?, known: [String])
  /// A required key is absent.
  case missingKey(path: String)
  /// A value of the wrong YAML type.
  case wrongType(path: String, line: Int?, expected: String)
  /// A value of the right type that the schema refuses.
  case invalidValue(path: String, line: Int?, value: String, reason: String)
  /// The answers file does not match the manifest.
  case invalidAnswers(file: String, detail: String)
  /// A catalog quality gate failed: the bundle is well formed but not fit to compete on.
  case failedGate(gate: String, detail: String)
  /// No entry with this path in the bundle.
  case entryNotFound(String)
  /// No competition with this id in the catalog.
  case unknownCompetition(id: String, searched: [String])
  /// Two bundles in the catalog share one id.
  case duplicateCompetition(id: String, first: String, second: String)
  /// Refusing to overwrite an existing non-empty directory or file.
  case outputExists(String)
  /// Writing a file failed.
  case writeFailed(path: String, reason: String)

  /// A stable snake_case code for JSON output.
  public var type: String {
    switch self {
    case .cannotOpen: return "cannot_open"
    case .archive: return "archive_error"
    case .unsafePath: return "unsafe_path"
    case .link: return "link_entry"
    case .specialFile: return "special_file"
    case .duplicateEntry: return "duplicate_entry"
    case .entryTooLarge: return "entry_too_large"
    case .bundleTooLarge: return "bundle_too_large"
    case .tooManyEntries: return "too_many_entries"
    case .missingFile: return "missing_file"
    case .manifestSyntax: return "manifest_syntax"
    case .unknownKey: return "unknown_key"
    case .missingKey: return "missing_key"
    case .wrongType: return "wrong_type"
    case .invalidValue: return "invalid_value"
    case .invalidAnswers: return "invalid_answers"
    case .failedGate: return "failed_gate"
    case .entryNotFound: return "entry_not_found"
    case .unknownCompetition: return "unknown_competition"
    case .duplicateCompetition: return "duplicate_competition"
    case .outputExists: return "output_exists"
    case .writeFailed: return "write_failed"
    }
  }

  /// What is wrong, naming the file, entry or manifest key.
  public var message: String {
    switch self {
    case .cannotOpen(let path, let reason): return "cannot open \(path): \(reason)"
    case .archive(let path, let message): return "cannot read the archive \(path): \(message)"
    case .unsafePath(let entry, let reason): return "entry \(Excerpt.quoted(entry)) \(reason)"
    case .link(let entry, let target, let hard):
      return "entry \(Excerpt.quoted(entry)) is a \(hard ? "hard" : "symbolic") link to \(Excerpt.quoted(target))"
    case .specialFile(let entry, let kind): return "entry \(Excerpt.quoted(entry)) is a \(kind), not a regular file"
    case .duplicateEntry(let entry): return "entry \(Excerpt.quoted(entry)) appears more than once"
    case .entryTooLarge(let entry, let cap):
      return "entry \(Excerpt.quoted(entry)) decompresses to more than \(formatBytes(cap))"
    case .bundleTooLarge(let cap): return "the bundle decompresses to more than \(formatBytes(cap))"
    case .tooManyEntries(let cap): return "the bundle has more than \(cap) entries"
    case .missingFile(let path): return "the bundle has no \(path)"
    case .manifestSyntax(let line, let detail): return "competition.yaml\(lineSuffix(line)): \(detail)"
    case .unknownKey(let path, let line, _):
      return "competition.yaml\(lineSuffix(line)): unknown key \(Excerpt.quoted(path))"
    case .missingKey(let path): return "competition.yaml: the required key \(Excerpt.quoted(path)) is missing"
    case .wrongType(let path, let line, let expected):
      return "competition.yaml\(lineSuffix(line)): \(Excerpt.quoted(path)) must be \(expected)"
    case .invalidValue(let path, let line, let value, let reason):
      return "competition.yaml\(lineSuffix(line)): \(Excerpt.quoted(path)) = \(Excerpt.quoted(value)): \(reason)"
    case .invalidAnswers(let file, let detail): return "\(file): \(detail)"
    case .failedGate(let gate, let detail): return "\(gate): \(detail)"
    case .entryNotFound(let path): return "the bundle has no entry \(Excerpt.quoted(path))"
    case .unknownCompetition(let id, _): return "unknown competition \(Excerpt.quoted(id))"
    case .duplicateCompetition(let id, let first, let second):
      return "competition \(Excerpt.quoted(id)) is defined twice: \(first) and \(second)"
    case .outputExists(let path): return "\(path) already exists and is not empty"
    case .writeFailed(let path, let reason): return "cannot write \(path): \(reason)"
    }
  }

  /// How to fix it, in words that name no command or flag: the CLI renders its own hint from the case,
  /// naming the command that helps.
  public var hint: String {
    switch self {
    case .cannotOpen: return "check the path and its permissions"
    case .archive: return "make sure the file is a .tar.gz, .tgz, .tar.zst, .tar or .zip archive and is not truncated"
    case .unsafePath: return "repack the bundle with relative paths inside one folder"
    case .link: return "replace the link with a copy of the file it points to"
    case .specialFile: return "remove the entry; a bundle holds only regular files and folders"
    case .duplicateEntry: return "repack the bundle so every path appears once"
    case .entryTooLarge, .bundleTooLarge: return "shrink or subsample the data; the caps stop decompression bombs"
    case .tooManyEntries: return "merge small files; a bundle should hold a handful of data files"
    case .missingFile(let path): return "add \(path); see docs/bundle-format.md for the layout"
    case .manifestSyntax: return "fix the YAML syntax at that line"
    case .unknownKey(_, _, let known):
      return known.isEmpty
        ? "remove the key" : "remove or rename the key; known keys here: \(known.joined(separator: ", "))"
    case .missingKey: return "add the key; see docs/bundle-format.md for the manifest schema"
    case .wrongType: return "change the value's type; see docs/bundle-format.md for the manifest schema"
    case .invalidValue:
      return "see docs/bundle-format.md for the allowed values and the native metrics with their parameters"
    case .invalidAnswers:
      return "the answers need the id column, the target columns (or one label column), the columns the metric's "
        + "parameters name (weights, groups) and optionally Usage"
    case .failedGate: return "rebuild the bundle with tools/catalog/build.py, or fix the file named, and check again"
    case .entryNotFound: return "check the bundle to list its problems"
    case .unknownCompetition(_, let searched):
      return "use the id of a competition in the catalog (\(Self.searchedText(searched)))"
    case .duplicateCompetition: return "remove one of them or give it another id"
    case .outputExists: return "choose another directory, or allow overwriting it"
    case .writeFailed: return "check free space and permissions of the target directory"
    }
  }
}

extension BundleError {
  /// Where an unknown competition was looked for, for a hint: the directories searched, or that there were none.
  public static func searchedText(_ searched: [String]) -> String {
    searched.isEmpty ? "no catalog directory was found" : "searched " + searched.joined(separator: ", ")
  }
}

private func lineSuffix(_ line: Int?) -> String { line.map { ", line \($0)" } ?? "" }
