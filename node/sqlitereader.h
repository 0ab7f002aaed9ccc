#pragma once

#include "sqlitestatement.h"

#include <string>
#include <string_view>

struct sqlite3;

namespace berth {

/**
 * A read-only connection of its own to a database file that a SqliteDatabase keeps, so that
 * another thread can read while the owner's connection reads too (in WAL mode readers never
 * wait for each other). It changes nothing, so it needs none of the owner's settings or
 * checkpoints.
 */
class SqliteReader
{
public:
    /** Opens the existing file read-only; throws StoreError with SQLite's reason. */
    explicit SqliteReader(const std::string& path);
    ~SqliteReader();
    SqliteReader(const SqliteReader&) = delete;
    SqliteReader& operator=(const SqliteReader&) = delete;

    SqliteStatement prepare(std::string_view sql) { return SqliteStatement(m_db, sql); }

private:
    sqlite3* m_db = nullptr;
};

} // namespace berth
