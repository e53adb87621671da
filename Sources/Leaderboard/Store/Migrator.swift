/// One step of the schema: SQL that takes version `n − 1` to `n`, where `n` is its position (1-based).
package struct Migration: Sendable {
  /// What the step does, for the docs and errors.
  package var summary: String
  package var sql: String

  package init(_ summary: String, sql: String) {
    self.summary = summary
    self.sql = sql
  }
}

/// Applies the migrations a database has not seen yet, recording progress in `PRAGMA user_version`.
///
/// Everything happens in one `BEGIN IMMEDIATE` transaction that re-reads the version after taking the
/// write lock: when several processes open a new file at once, one migrates and the others find the
/// work done. A crash part-way rolls the whole upgrade back. A version newer than the list is refused.
struct Migrator {
  let migrations: [Migration]

  func migrate(_ database: Database) throws(StoreError) {
    if try version(of: database) == migrations.count { return }
    try database.transaction { () throws(StoreError) in
      let current = try version(of: database)
      guard current <= migrations.count else {
        throw .newerSchema(path: database.path, version: current, supported: migrations.count)
      }
      for step in migrations[current...] { try database.execute(step.sql) }
      // Set inside the same transaction as the tables, so a file never has one without the other.
      try database.execute("PRAGMA application_id = \(Database.applicationID)")
      try database.execute("PRAGMA user_version = \(migrations.count)")
    }
  }

  private func version(of database: Database) throws(StoreError) -> Int {
    let version = Int(try database.value("PRAGMA user_version")?.integer ?? 0)
    guard version <= migrations.count else {
      throw .newerSchema(path: database.path, version: version, supported: migrations.count)
    }
    return version
  }
}
