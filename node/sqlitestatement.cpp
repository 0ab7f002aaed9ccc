#include "sqlitestatement.h"

#include "storeerror.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace berth {

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : m_db(db)
{
    check(sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr), "prepare");
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::check(int rc, const char* what) const
{
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        throw StoreError(std::string("SQLite ") + what + " failed: " + describe_failure(m_db));
}

std::string SqliteStatement::describe_failure(sqlite3* db)
{
    const std::string message = sqlite3_errmsg(db);
    const int code = sqlite3_errcode(db);
    const int extended = sqlite3_extended_errcode(db);
    // The system error is only kept up to date by failures of the file layer, and not by all of them.
    const bool file_failure = code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_FULL || code == SQLITE_READONLY;
    const int error_number = file_failure ? sqlite3_system_errno(db) : 0;
    const std::string system = error_number ? std::string(" (") + std::strerror(error_number) + ")" : std::string();
    if (code == SQLITE_FULL || error_number == ENOSPC || error_number == EFBIG || error_number == EDQUOT)
        return message + system + ": the disk is full, or the store reached the largest file this process may write";
    if (code == SQLITE_READONLY || error_number == EROFS || error_number == EACCES || error_number == EPERM)
        return message + system + ": the data directory or its store is read-only";
    if (extended == SQLITE_IOERR_WRITE || extended == SQLITE_IOERR_FSYNC || extended == SQLITE_IOERR_TRUNCATE ||
        extended == SQLITE_IOERR_SHMSIZE)
        return message + system +
               ": writing the store failed; the disk is full, the store reached the largest file this process may write, "
               "or the disk is failing";
    return message + system;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text)
{
    check(sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, ByteView blob)
{
    // A zero-length blob must still bind as a blob, not NULL.
    static const std::uint8_t empty = 0;
    check(sqlite3_bind_blob(m_stmt, index, blob.empty() ? &empty : blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index)
{
    check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    check(rc, "step");
    return rc == SQLITE_ROW;
}

void SqliteStatement::run()
{
    while (step()) {}
    reset();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string SqliteStatement::text(int column) const
{
    const auto* data = sqlite3_column_text(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                : std::string();
}

Bytes SqliteStatement::blob(int column) const
{
    const ByteView view = blob_view(column);
    return Bytes(view.begin(), view.end());
}

ByteView SqliteStatement::blob_view(int column) const
{
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    // sqlite3_column_bytes after sqlite3_column_blob, as SQLite asks, so the pointer stays valid.
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? ByteView(data, static_cast<std::size_t>(size)) : ByteView();
}

bool SqliteStatement::is_null(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

} // namespace berth
