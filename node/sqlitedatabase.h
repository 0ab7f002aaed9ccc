#pragma once

#include "sqlitestatement.h"

#include <memory>
#include <string>
#include <string_view>

namespace berth {

class WalCheckpointer;

/**
 * An open SQLite database file in WAL mode with full synchronous commits, so a committed
 * transaction survives a crash or power loss. Owns the connection; statements borrow it. The
 * log is copied back into the database by a WalCheckpointer, off the committing thread, once
 * it holds about as much as SQLite's own automatic checkpoint would let it.
 */
class SqliteDatabase
{
public:
    /** Opens (creating if needed) the file; throws StoreError with SQLite's reason. */
    explicit SqliteDatabase(const std::string& path);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /**
     * A new connection to the file at `path`, opened with SQLite's `flags`; throws StoreError
     * ("cannot open <path><purpose>: <SQLite's reason>"). The caller closes it.
     */
    static sqlite3* open_connection(const std::string& path, int flags, std::string_view purpose = {});

    void exec(const std::string& sql);
    SqliteStatement prepare(std::string_view sql) { return SqliteStatement(m_db, sql); }
    int user_version();
    void set_user_version(int version);
    /** PRAGMA integrity_check's answer: "ok" for a sound file. */
    std::string integrity_check();

    /** Commits on commit(); rolls back if destroyed before that, e.g. by an exception. */
    class Transaction
    {
    public:
        explicit Transaction(SqliteDatabase& db);
        ~Transaction();
        void commit();

    private:
        SqliteDatabase& m_db;
        bool m_done = false;
    };

private:
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

    sqlite3* m_db = nullptr;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace berth
