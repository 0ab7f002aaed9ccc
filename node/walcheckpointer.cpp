#include "walcheckpointer.h"

#include "sqlitedatabase.h"
#include "sqlitestatement.h"
#include "storeerror.h"

#include <sqlite3.h>

namespace berth {

WalCheckpointer::WalCheckpointer(const std::string& path)
{
    m_db = SqliteDatabase::open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, " for checkpoints");
    // The log is synced before its pages are copied and the database after, as the writer's own
    // checkpoints did.
    if (sqlite3_exec(m_db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        const std::string message = SqliteStatement::describe_failure(m_db);
        sqlite3_close(m_db);
        throw StoreError("cannot open " + path + " for checkpoints: " + message);
    }
    m_thread = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
    sqlite3_close(m_db);
}

void WalCheckpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_requested || m_stopping; });
        if (m_stopping) return;
        m_requested = false;
        lock.unlock();
        // A busy or failed checkpoint is only late: the log keeps every commit, and the next
        // request, or the last connection's close, copies it.
        sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
}

} // namespace berth
