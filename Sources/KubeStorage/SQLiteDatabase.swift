// KubeStorage: durable object storage for the embedded API server — SQLite (WAL, full fsync),
// one global resourceVersion counter, and an event log that feeds watches.
import CSQLite

/// An error from SQLite, with the statement or step that failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// SQLite's result code.
    public var code: Int32
    /// SQLite's message and what was being done.
    public var message: String
    public var description: String { "sqlite error \(code): \(message)" }
}

/// A single SQLite connection; confined to its owner (the store actor).
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    private var cache: [String: OpaquePointer] = [:]

    init(path: String) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw SQLiteError(code: rc, message: "open \(path): \(msg)")
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit {
        for (_, stmt) in cache { sqlite3_finalize(stmt) }
        sqlite3_close(handle)
    }

    /// Runs one or more statements that return no rows.
    func exec(_ sql: String) throws(SQLiteError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "exec failed"
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: "\(msg) in: \(sql.prefix(80))")
        }
    }

    /// A bound parameter value.
    enum Value {
        case int(Int64)
        case text(String)
        case blob([UInt8])
        case null
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let s = cache[sql] {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
            return s
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(code: rc, message: "prepare: \(String(cString: sqlite3_errmsg(handle)))")
        }
        cache[sql] = stmt
        return stmt
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ stmt: OpaquePointer, _ args: [Value]) {
        for (i, a) in args.enumerated() {
            let idx = Int32(i + 1)
            switch a {
            case .int(let v): sqlite3_bind_int64(stmt, idx, v)
            case .text(let t): sqlite3_bind_text(stmt, idx, t, -1, Self.transient)
            case .blob(let b):
                b.withUnsafeBytes { p in _ = sqlite3_bind_blob(stmt, idx, p.baseAddress, Int32(b.count), Self.transient) }
            case .null: sqlite3_bind_null(stmt, idx)
            }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ args: [Value] = []) throws(SQLiteError) {
        let stmt = try prepared(sql)
        bind(stmt, args)
        let rc = sqlite3_step(stmt)
        sqlite3_reset(stmt)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            throw SQLiteError(code: rc, message: "step: \(String(cString: sqlite3_errmsg(handle)))")
        }
    }

    /// One result row, read by column index.
    struct Row {
        let stmt: OpaquePointer
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(stmt, i) else { return "" }
            return String(cString: p)
        }
        func blob(_ i: Int32) -> [UInt8] {
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: n))
        }
    }

    /// Runs a query and calls `body` for every row.
    func query(_ sql: String, _ args: [Value] = [], _ body: (Row) throws -> Void) throws {
        let stmt = try prepared(sql)
        bind(stmt, args)
        defer { sqlite3_reset(stmt) }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw SQLiteError(code: rc, message: "step: \(String(cString: sqlite3_errmsg(handle)))")
            }
            try body(Row(stmt: stmt))
        }
    }

    /// Runs `body` inside one transaction; rolls back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let v = try body()
            try exec("COMMIT")
            return v
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }
}
