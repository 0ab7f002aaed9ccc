#include "sqlitereader.h"

#include "storeerror.h"

#include <sqlite3.h>

namespace berth {

SqliteReader::SqliteReader(const std::string& path)
{
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? SqliteStatement::describe_failure(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError("cannot open " + path + " to read: " + message);
    }
    sqlite3_busy_timeout(m_db, 5000);
}

SqliteReader::~SqliteReader()
{
    sqlite3_close(m_db);
}

} // namespace berth
