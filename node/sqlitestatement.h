#pragma once

#include <bytes.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace berth {

/** One prepared SQLite statement: binds by 1-based index, steps, reads columns, and finalizes itself. */
class SqliteStatement
{
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, ByteView blob);
    SqliteStatement& bind_null(int index);

    /** Advances to the next row; false when done. Throws StoreError on failure. */
    bool step();
    /** Runs a statement that returns no rows. */
    void run();
    void reset();

    std::int64_t integer(int column) const;
    std::uint64_t unsigned_integer(int column) const { return static_cast<std::uint64_t>(integer(column)); }
    std::string text(int column) const;
    Bytes blob(int column) const;
    /** The blob where SQLite keeps it: valid until the next step, reset or read of the same column. */
    ByteView blob_view(int column) const;
    bool is_null(int column) const;

    /**
     * SQLite's message for the last failure on `db`, with the cause spelled out when the disk
     * is full or the file cannot be written, so that the node's error names the problem.
     */
    static std::string describe_failure(sqlite3* db);

private:
    void check(int rc, const char* what) const;

    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace berth
