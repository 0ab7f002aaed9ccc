#include "sqlitedatabase.h"

#include "storeerror.h"
#include "walcheckpointer.h"

#include <sqlite3.h>

namespace berth {

sqlite3* SqliteDatabase::open_connection(const std::string& path, int flags, std::string_view purpose)
{
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db ? SqliteStatement::describe_failure(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw StoreError("cannot open " + path + std::string(purpose) + ": " + message);
    }
    return db;
}

SqliteDatabase::SqliteDatabase(const std::string& path)
{
    m_db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
    // SQLite quietly opens a write-protected file read-only; the node would then fail at its first block.
    if (sqlite3_db_readonly(m_db, "main") == 1) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError("cannot open " + path + " for writing: the data directory or its store is read-only");
    }
    sqlite3_busy_timeout(m_db, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    try {
        m_checkpointer = std::make_unique<WalCheckpointer>(path);
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
    // Replaces SQLite's automatic checkpoint, which is itself a hook of this kind.
    sqlite3_wal_hook(m_db, &SqliteDatabase::on_wal_commit, this);
}

SqliteDatabase::~SqliteDatabase()
{
    // The checkpointer's connection closes first, so that this one, the last, checkpoints the
    // log into the database and removes it, as a single connection always did.
    m_checkpointer.reset();
    sqlite3_close(m_db);
}

int SqliteDatabase::on_wal_commit(void* self, sqlite3*, const char*, int pages)
{
    // SQLite's default threshold for its automatic checkpoint.
    constexpr int checkpoint_pages = 1000;
    if (pages >= checkpoint_pages) static_cast<SqliteDatabase*>(self)->m_checkpointer->request();
    return SQLITE_OK;
}

void SqliteDatabase::exec(const std::string& sql)
{
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = SqliteStatement::describe_failure(m_db);
        sqlite3_free(error);
        throw StoreError("SQLite: " + message + " (in: " + sql.substr(0, 80) + ")");
    }
}

int SqliteDatabase::user_version()
{
    SqliteStatement st(m_db, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.integer(0));
}

void SqliteDatabase::set_user_version(int version)
{
    exec("PRAGMA user_version=" + std::to_string(version));
}

std::string SqliteDatabase::integrity_check()
{
    SqliteStatement st(m_db, "PRAGMA integrity_check");
    std::string result;
    while (st.step()) result += (result.empty() ? "" : "\n") + st.text(0);
    return result;
}

SqliteDatabase::Transaction::Transaction(SqliteDatabase& db) : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

SqliteDatabase::Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // The connection is unusable; the owner will see the original error.
        }
    }
}

void SqliteDatabase::Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace berth
