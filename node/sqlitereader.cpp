#include "sqlitereader.h"

#include "sqlitedatabase.h"

#include <sqlite3.h>

namespace berth {

SqliteReader::SqliteReader(const std::string& path)
{
    m_db = SqliteDatabase::open_connection(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, " to read");
    sqlite3_busy_timeout(m_db, 5000);
}

SqliteReader::~SqliteReader()
{
    sqlite3_close(m_db);
}

} // namespace berth
