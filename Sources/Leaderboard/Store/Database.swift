import CSQLite
import Basics

/// A value bound to or read from a SQL statement.
package enum SQLValue: Equatable, Sendable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  package var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
  package var text: String? { if case .text(let value) = self { value } else { nil } }
  /// A real, or an integer read as one (a REAL column holding 2.0 may come back either way).
  package var real: Double? {
    switch self {
    case .real(let value): return value
    case .integer(let value): return Double(value)
    default: return nil
    }
  }
}

/// One connection to a SQLite database file, owned by exactly one Swift object.
///
/// Opening checks, before SQLite writes anything, that an existing file starts with SQLite's header and,
/// once open, that its `application_id` is Tatami's (or that it is empty): a foreign or damaged file is
/// reported and never modified. Then it switches to WAL (readers never block the writer, and a killed
/// writer leaves only an uncommitted tail that the next open discards) and applies migrations.
package final class Database {
  /// Identifies Tatami's files in the SQLite header (offset 68): ASCII "Ttmi".
  package static let applicationID: Int32 = 0x5474_6D69

  package let path: String
  private let handle: OpaquePointer

  /// Opens (creating if needed) the database at `path` and brings its schema up to `migrations`.
  package init(path: String, migrations: [Migration], busyTimeout: Duration = .seconds(30)) throws(StoreError) {
    try Self.checkHeader(path)
    var opened: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let status = sqlite3_open_v2(path, &opened, flags, nil)
    guard status == SQLITE_OK, let opened else {
      let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
      sqlite3_close_v2(opened)
      throw .cannotOpen(path: path, reason: reason)
    }
    self.path = path
    handle = opened
    sqlite3_extended_result_codes(handle, 1)
    let milliseconds =
      busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
    sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
    try checkOwnership()
    try enableWriteAheadLog(within: busyTimeout)
    try execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
    try Migrator(migrations: migrations).migrate(self)
  }

  deinit {
    // close_v2 defers the close until every statement is finalized; statements hold this object alive anyway.
    sqlite3_close_v2(handle)
  }

  // MARK: - Running SQL

  /// Runs one or more statements that return no rows.
  package func execute(_ sql: String) throws(StoreError) {
    let status = sqlite3_exec(handle, sql, nil, nil, nil)
    guard status == SQLITE_OK else { throw error(status, sql) }
  }

  /// Prepares one statement; it is finalized when the returned object goes away.
  package func prepare(_ sql: String) throws(StoreError) -> Statement {
    try Statement(database: self, sql: sql)
  }

  /// Every row of a query, each as its column values.
  package func rows(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> [[SQLValue]] {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    var rows: [[SQLValue]] = []
    while try statement.step() { rows.append(statement.row()) }
    return rows
  }

  /// The first column of the first row of a query, or nil when it returns no row.
  package func value(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> SQLValue? {
    try rows(sql, arguments).first?.first
  }

  /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken first (waiting up to the busy
  /// timeout), so two writers never both read and then fail to upgrade. Rolled back if `body` throws.
  package func transaction<Result>(_ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The row id of the last insert on this connection.
  package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  // MARK: - Errors

  /// A `StoreError` for a failed call, with SQLite's message for this connection.
  func error(_ status: Int32, _ sql: String) -> StoreError {
    let message = String(cString: sqlite3_errmsg(handle))
    switch status & 0xFF {
    case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt(path: path, detail: message)
    case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path, detail: message)
    default: return .sqlite(code: status, message: message, statement: sql)
    }
  }

  var connection: OpaquePointer { handle }

  // MARK: - Opening checks

  /// SQLite's 16-byte magic string, "SQLite format 3" and a NUL.
  private static let header = Array("SQLite format 3".utf8) + [0]

  /// Refuses an existing, non-empty file that does not start with SQLite's header.
  ///
  /// SQLite itself would report such a file only on first use, and treats a file shorter than a page
  /// as new; checking first means nothing is ever written into someone else's file.
  private static func checkHeader(_ path: String) throws(StoreError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 {
      if errno == ENOENT { return }
      throw .cannotOpen(path: path, reason: errorText())
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw .cannotOpen(path: path, reason: "it is not a regular file")
    }
    if status.st_size == 0 { return }
    var bytes = [UInt8](repeating: 0, count: header.count)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count == header.count, bytes == header else { throw .notADatabase(path: path) }
  }

  /// Accepts Tatami's own database, or a new one with no tables yet; refuses anything else.
  ///
  /// The tables are counted before the application_id is read: another process may be creating the
  /// schema right now, and it sets both in one transaction, so once its tables are visible its
  /// application_id is too. (Read the other way round, a commit between the two reads looks foreign.)
  private func checkOwnership() throws(StoreError) {
    let tables = try value("SELECT count(*) FROM sqlite_master")?.integer ?? 0
    let owner = try value("PRAGMA application_id")?.integer ?? 0
    if owner == Int64(Self.applicationID) || (owner == 0 && tables == 0) { return }
    if owner != 0 {
      throw .foreignDatabase(path: path, detail: "application_id \(owner), not Tatami's \(Self.applicationID)")
    }
    throw .foreignDatabase(path: path, detail: "it has \(tables) schema objects and no Tatami application_id")
  }

  /// Switches to WAL, retrying while another process holds the lock the switch needs.
  ///
  /// The busy handler does not cover `journal_mode` changes, so a fresh file opened by several processes
  /// at once needs this loop. The mode is stored in the file, so later opens find it already set.
  private func enableWriteAheadLog(within timeout: Duration) throws(StoreError) {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
      do throws(StoreError) {
        if try value("PRAGMA journal_mode = WAL")?.text?.lowercased() == "wal" { return }
        throw .sqlite(code: SQLITE_ERROR, message: "WAL mode was refused", statement: "PRAGMA journal_mode = WAL")
      } catch {
        guard case .busy = error, clock.now < deadline else { throw error }
        usleep(2_000)
      }
    }
  }
}

/// A prepared statement, finalized when released; keeps its database open while it exists.
package final class Statement {
  private let database: Database
  private let handle: OpaquePointer
  private let sql: String

  fileprivate init(database: Database, sql: String) throws(StoreError) {
    var prepared: OpaquePointer?
    let status = sqlite3_prepare_v2(database.connection, sql, -1, &prepared, nil)
    guard status == SQLITE_OK, let prepared else { throw database.error(status, sql) }
    self.database = database
    self.handle = prepared
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  /// Binds `values` to the parameters `?1`, `?2`, … after clearing the previous run.
  package func bind(_ values: [SQLValue]) throws(StoreError) {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let status: Int32
      switch value {
      case .null: status = sqlite3_bind_null(handle, index)
      case .integer(let number): status = sqlite3_bind_int64(handle, index, number)
      case .real(let number): status = sqlite3_bind_double(handle, index, number)
      case .text(let text): status = sqlite3_bind_text(handle, index, text, -1, csqlite_transient())
      }
      guard status == SQLITE_OK else { throw database.error(status, sql) }
    }
  }

  /// Advances to the next row: true while there is one, false once the statement is done.
  package func step() throws(StoreError) -> Bool {
    let status = sqlite3_step(handle)
    switch status {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      let error = database.error(status, sql)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// The values of the current row.
  package func row() -> [SQLValue] {
    (0..<sqlite3_column_count(handle)).map(column)
  }

  private func column(_ index: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
    case SQLITE_NULL: return .null
    default: return sqlite3_column_text(handle, index).map { .text(String(cString: $0)) } ?? .null
    }
  }
}
