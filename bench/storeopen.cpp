#include "storeopen.h"

#include "benchreport.h"
#include "syntheticmarket.h"

#include <ledger.h>
#include <store.h>

#include <QFile>

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace berth::bench {

namespace {

/** The resident set size of this process now (VmRSS), in bytes. */
double resident_bytes()
{
    if (const auto bytes = process_memory_bytes("VmRSS")) return *bytes;
    throw std::runtime_error("cannot read VmRSS from /proc/self/status");
}

/**
 * SQLite's own full scan of every row the open reads: each object's key and value, each
 * commitment bucket and each deadline, touched where SQLite keeps it, nothing copied.
 */
double raw_scan_seconds(const QString& path, std::uint64_t* rows)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path.toStdString());
    }
    std::uint64_t count = 0, checksum = 0;
    double elapsed = 0;
    for (const char* sql :
         {"SELECT key, value FROM state", "SELECT bucket, entries FROM commitment", "SELECT by_height, at, job FROM deadlines"}) {
        sqlite3_stmt* st = nullptr;
        const double start = seconds_now();
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            throw std::runtime_error("cannot scan " + path.toStdString() + ": " + sql);
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            // Touch both ends of each value, as a decoder would, so the scan cannot skip reading them.
            const auto* value = static_cast<const unsigned char*>(sqlite3_column_blob(st, 1));
            const int value_size = sqlite3_column_bytes(st, 1);
            const bool key_is_blob = sqlite3_column_type(st, 0) == SQLITE_BLOB;
            const auto* key = key_is_blob ? static_cast<const unsigned char*>(sqlite3_column_blob(st, 0)) : nullptr;
            checksum += (key ? key[0] : static_cast<std::uint64_t>(sqlite3_column_int64(st, 0))) +
                        (value && value_size > 0 ? value[0] + value[value_size - 1] : 0u);
            ++count;
        }
        elapsed += seconds_now() - start;
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    if (count == 0 || checksum == 0) throw std::runtime_error("the scan read no state");
    *rows = count;
    return elapsed;
}

} // namespace

void StoreOpen::write(const QString& path, std::uint64_t leases)
{
    const std::vector<Address> users{SyntheticMarket::address("user", 0)};
    const std::vector<Address> providers{SyntheticMarket::address("bidder", 0)};
    State state = SyntheticMarket::genesis(users, providers, 10, price::from_base_units(10)).build_state();
    SyntheticMarket::add_running_leases(state, leases, std::max<std::uint64_t>(10, leases / 100), std::max<std::uint64_t>(10, leases / 10));
    const Ledger ledger(std::move(state));
    Block genesis;
    genesis.header.height = 0;
    genesis.header.timestamp_ms = ledger.time_ms();
    genesis.header.state_root = ledger.state_root();
    genesis.header.sign(SyntheticMarket::key("producer", 0));
    Store store(path);
    store.write_genesis(genesis, ledger, "{}");
}

QJsonObject StoreOpen::measure(const QString& path)
{
    std::uint64_t rows = 0;
    const double scan_before = raw_scan_seconds(path, &rows);
    const double rss_before = resident_bytes();
    const double start = seconds_now();
    Store store(path);
    const Ledger ledger = store.load_ledger();
    const double open_s = seconds_now() - start;
    const double rss_after = resident_bytes();
    if (!store.tip() || store.tip()->state_root != ledger.state_root())
        throw std::runtime_error("the opened ledger's root is not the stored block's");
    const double scan_after = raw_scan_seconds(path, &rows);
    return {{"scan_s", std::min(scan_before, scan_after)},
            {"open_s", open_s},
            {"rss_bytes", rss_after - rss_before},
            {"rows", static_cast<double>(rows)},
            {"jobs", static_cast<double>(ledger.state().jobs.size())}};
}

} // namespace berth::bench
