#include "store.h"

#include "sqlitereader.h"
#include "storeerror.h"

#include <decoder.h>
#include <jobdeadline.h>
#include <ledgerloader.h>
#include <state.h>
#include <statecommitment.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <future>

namespace berth {

namespace {

// Each entry migrates the schema from version i to i + 1.
const char* const migrations[] = {
    R"(CREATE TABLE blocks (
           height INTEGER PRIMARY KEY,
           hash BLOB NOT NULL UNIQUE,
           time_ms INTEGER NOT NULL,
           state_root BLOB NOT NULL,
           data BLOB NOT NULL);
       CREATE TABLE transactions (
           id BLOB PRIMARY KEY,
           height INTEGER NOT NULL REFERENCES blocks(height),
           idx INTEGER NOT NULL,
           sender TEXT NOT NULL,
           type TEXT NOT NULL);
       CREATE TABLE state (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
       CREATE TABLE events (
           height INTEGER NOT NULL REFERENCES blocks(height),
           idx INTEGER NOT NULL,
           name TEXT NOT NULL,
           job INTEGER NOT NULL,
           account TEXT NOT NULL,
           data TEXT NOT NULL,
           PRIMARY KEY (height, idx)) WITHOUT ROWID;
       CREATE INDEX events_by_job ON events(job, height) WHERE job != 0;
       CREATE INDEX events_by_account ON events(account, height);
       CREATE INDEX transactions_by_sender ON transactions(sender, height);)",
    // Failed transactions are included with their receipt's code and message.
    R"(ALTER TABLE transactions ADD COLUMN error TEXT NOT NULL DEFAULT '';
       ALTER TABLE transactions ADD COLUMN message TEXT NOT NULL DEFAULT '';)",
    // The genesis roster (GenesisRoster): one row, written with the genesis block.
    R"(CREATE TABLE genesis_roster (id INTEGER PRIMARY KEY CHECK (id = 0), roster BLOB NOT NULL);)",
    // Nothing looks transactions up by sender (RPC finds them by id, and an account's history
    // is its events), and the index cost a write per transaction in every block.
    R"(DROP INDEX transactions_by_sender;)",
    // Each object's entry in the state commitment (its key hash and leaf hash, 64 bytes), so
    // that opening a store hashes nothing; objects stored before have none and are hashed then.
    R"(ALTER TABLE state ADD COLUMN leaf BLOB;)",
    // Jobs in their compact encoding. There is nothing to convert: a store that holds jobs in the
    // older encoding is refused before migrating (Store::migrate).
    "",
    // What the ledger derives from the objects, kept so that opening a store hashes no object and
    // decodes no job: the commitment's buckets (each one's entries back to back, which replaces
    // an entry per object) and every job's next deadline, in the order the ledger files them.
    // Both are empty after this migration; the next open derives them once (Store::load_ledger).
    R"(CREATE TABLE commitment (bucket INTEGER PRIMARY KEY, entries BLOB NOT NULL);
       CREATE TABLE deadlines (
           by_height INTEGER NOT NULL,
           at INTEGER NOT NULL,
           job INTEGER NOT NULL,
           PRIMARY KEY (by_height, at, job)) WITHOUT ROWID;
       ALTER TABLE state DROP COLUMN leaf;)",
    // Accounts without their locked stake, which the provider's live jobs now give. There is
    // nothing to convert: a store that holds state in an older encoding is refused before
    // migrating (Store::migrate).
    "",
    // Events keyed by one integer, their height above their index (event_key), so that a
    // block's events append to the table's own b-tree: keyed by (height, idx) in a table without
    // rowid, their inserts cost a block's commit a third more.
    R"(CREATE TABLE events_keyed (
           key INTEGER PRIMARY KEY,
           height INTEGER NOT NULL REFERENCES blocks(height),
           idx INTEGER NOT NULL,
           name TEXT NOT NULL,
           job INTEGER NOT NULL,
           account TEXT NOT NULL,
           data TEXT NOT NULL);
       INSERT INTO events_keyed SELECT (height << 28) | idx, height, idx, name, job, account, data FROM events ORDER BY height, idx;
       DROP TABLE events;
       ALTER TABLE events_keyed RENAME TO events;
       CREATE INDEX events_by_job ON events(job, height) WHERE job != 0;
       CREATE INDEX events_by_account ON events(account, height);)",
};
/**
 * The first schema whose state objects are all in the current encoding: jobs became compact in
 * schema 6, and accounts lost their locked stake in schema 8.
 */
constexpr int current_encoding_schema = 8;
static_assert(std::size(migrations) == Store::schema_version);

bool is_ascii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/** Appends `text` as a JSON string, escaped exactly as QJsonDocument's compact form escapes ASCII. */
void append_json_string(std::string& out, std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += hex[static_cast<unsigned char>(c) >> 4];
                out += hex[static_cast<unsigned char>(c) & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

std::string event_data_json(const Event& event)
{
    // Pairs keep the fields' order exactly as the ledger emitted them. Nearly every event holds
    // ASCII only (addresses, amounts, names), which is written directly: going through
    // QJsonDocument cost a seventh of a block's commit. Anything else takes Qt's path, so that
    // its UTF-8 (and any invalid byte in it) is stored as it always was.
    const bool ascii =
        std::all_of(event.data.begin(), event.data.end(), [](const auto& field) { return is_ascii(field.first) && is_ascii(field.second); });
    if (!ascii) {
        QJsonArray data;
        for (const auto& [key, value] : event.data) data.append(QJsonArray{QString::fromStdString(key), QString::fromStdString(value)});
        return QJsonDocument(data).toJson(QJsonDocument::Compact).toStdString();
    }
    std::string out;
    std::size_t size = 2;
    for (const auto& [key, value] : event.data) size += key.size() + value.size() + 8;
    out.reserve(size);
    out += '[';
    for (std::size_t i = 0; i < event.data.size(); ++i) {
        if (i > 0) out += ',';
        out += '[';
        append_json_string(out, event.data[i].first);
        out += ',';
        append_json_string(out, event.data[i].second);
        out += ']';
    }
    out += ']';
    return out;
}

// An event's row key in `events` holds its height above its index in the block: room for 2^28
// events a block and 2^35 blocks (a thousand years of one-second blocks).
constexpr int event_index_bits = 28;
constexpr std::uint64_t events_max_height = (std::uint64_t{1} << (63 - event_index_bits)) - 1;

std::int64_t event_key(std::uint64_t height, std::size_t index)
{
    if (height > events_max_height || index >= (std::size_t{1} << event_index_bits))
        throw StoreError("block " + std::to_string(height) + " has more events, or is higher, than the store can key (event " +
                         std::to_string(index) + ")");
    return static_cast<std::int64_t>((height << event_index_bits) | index);
}

/** Binds a job's deadline as its row in `deadlines` (by_height, at, job), from parameter 1. */
SqliteStatement& bind_deadline(SqliteStatement& st, JobId job, const JobDeadline& due)
{
    return st.bind(1, std::int64_t{due.by_height}).bind(2, due.at).bind(3, job);
}

std::optional<EventName> event_name_from(const std::string& name)
{
    for (int i = 0; i <= static_cast<int>(last_event_name); ++i)
        if (event_name(static_cast<EventName>(i)) == name) return static_cast<EventName>(i);
    return std::nullopt;
}

} // namespace

Store::Store(const QString& path) : m_path(path.toStdString()), m_db(m_path)
{
    migrate();
}

void Store::migrate()
{
    const int version = m_db.user_version();
    if (version > schema_version)
        throw StoreError("the store has schema version " + std::to_string(version) + ", newer than this build's " +
                         std::to_string(schema_version) + "; use a newer Berth");
    if (version > 0 && version < current_encoding_schema && holds_state()) {
        // Re-encoding the objects would change the state root every stored block header commits to.
        throw StoreError("the store has schema version " + std::to_string(version) +
                         ", whose state is encoded as only an older Berth reads it, and its blocks commit to state roots over "
                         "that encoding, so it cannot be carried over; open it with the Berth that wrote it, or start from an "
                         "empty data directory");
    }
    for (int v = version; v < schema_version; ++v) {
        SqliteDatabase::Transaction txn(m_db);
        m_db.exec(migrations[v]);
        m_db.set_user_version(v + 1);
        txn.commit();
    }
}

bool Store::holds_state()
{
    return m_db.prepare("SELECT 1 FROM state LIMIT 1").step();
}

bool Store::has_genesis()
{
    auto st = m_db.prepare("SELECT 1 FROM blocks WHERE height = 0");
    return st.step();
}

void Store::insert_block(const Block& block)
{
    const Bytes data = block.encode();
    m_db.prepare("INSERT INTO blocks(height, hash, time_ms, state_root, data) VALUES (?, ?, ?, ?, ?)")
        .bind(1, block.header.height)
        .bind(2, block.header.hash().bytes())
        .bind(3, block.header.timestamp_ms)
        .bind(4, block.header.state_root.bytes())
        .bind(5, data)
        .run();
}

void Store::write_genesis(const Block& genesis_block, const Ledger& ledger, std::string_view roster)
{
    SqliteDatabase::Transaction txn(m_db);
    if (has_genesis()) throw StoreError("the store already has a genesis block");
    insert_block(genesis_block);
    put_genesis_roster(roster);
    auto put = m_db.prepare("INSERT INTO state(key, value) VALUES (?, ?)");
    for (const StateObject& object : ledger.state().all_objects()) {
        put.bind(1, object.key).bind(2, *object.value);
        put.run();
    }
    write_derived(ledger);
    txn.commit();
}

void Store::write_derived(const Ledger& ledger)
{
    m_db.prepare("DELETE FROM commitment").run();
    m_db.prepare("DELETE FROM deadlines").run();
    auto bucket = m_db.prepare("INSERT INTO commitment(bucket, entries) VALUES (?, ?)");
    for (std::size_t i = 0; i < StateCommitment::bucket_count; ++i) {
        const ByteView entries = ledger.commitment_bucket(i);
        if (entries.empty()) continue;
        bucket.bind(1, std::uint64_t{i}).bind(2, entries);
        bucket.run();
    }
    auto deadline = m_db.prepare("INSERT INTO deadlines(by_height, at, job) VALUES (?, ?, ?)");
    ledger.for_each_deadline([&](JobId job, const JobDeadline& due) { bind_deadline(deadline, job, due).run(); });
}

void Store::put_genesis_roster(std::string_view roster)
{
    m_db.prepare("INSERT OR REPLACE INTO genesis_roster(id, roster) VALUES (0, ?)").bind(1, roster).run();
}

void Store::set_genesis_roster(std::string_view roster)
{
    SqliteDatabase::Transaction txn(m_db);
    put_genesis_roster(roster);
    txn.commit();
}

std::optional<std::string> Store::genesis_roster()
{
    auto st = m_db.prepare("SELECT roster FROM genesis_roster WHERE id = 0");
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void Store::commit_block(const Block& block, const BlockOutcome& outcome, const Ledger& ledger)
{
    SqliteDatabase::Transaction txn(m_db);
    insert_block(block);
    auto tx_insert = m_db.prepare("INSERT INTO transactions(id, height, idx, sender, type, error, message) VALUES (?, ?, ?, ?, ?, ?, ?)");
    // The block holds the included transactions in receipt order; the others left no trace.
    std::vector<const Receipt*> included;
    for (const Receipt& r : outcome.receipts)
        if (r.included) included.push_back(&r);
    // A block's transactions mostly come from a few senders: each one's address (a hash of its
    // key) is derived once.
    std::vector<std::pair<PublicKey, Address>> senders;
    const auto sender_of = [&senders](const Transaction& tx) {
        for (const auto& [key, address] : senders)
            if (key == tx.sender) return address;
        const Address address = tx.sender_address();
        if (senders.size() < 16) senders.emplace_back(tx.sender, address);
        return address;
    };
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        const Receipt* receipt = i < included.size() ? included[i] : nullptr;
        const bool failed = receipt && !receipt->ok();
        // The receipt carries the id the ledger computed already.
        const Hash256 id = receipt ? receipt->tx_id : tx.id();
        const std::array<char, Address::text_size> sender = sender_of(tx).text();
        tx_insert.bind(1, id.bytes())
            .bind(2, block.header.height)
            .bind(3, static_cast<std::int64_t>(i))
            .bind(4, std::string_view(sender.data(), sender.size()))
            .bind(5, payload_name(tx.payload))
            // Never a null string_view: SQLite would bind NULL.
            .bind(6, failed ? error_code_name(*receipt->error) : std::string_view(""))
            .bind(7, failed ? std::string_view(receipt->message) : std::string_view(""));
        tx_insert.run();
    }
    auto put = m_db.prepare("INSERT OR REPLACE INTO state(key, value) VALUES (?, ?)");
    auto remove = m_db.prepare("DELETE FROM state WHERE key = ?");
    for (const StateObject& object : outcome.changes) {
        if (object.value) {
            put.bind(1, object.key).bind(2, *object.value);
            put.run();
        } else {
            remove.bind(1, object.key);
            remove.run();
        }
    }
    auto put_bucket = m_db.prepare("INSERT OR REPLACE INTO commitment(bucket, entries) VALUES (?, ?)");
    auto remove_bucket = m_db.prepare("DELETE FROM commitment WHERE bucket = ?");
    for (const std::uint32_t bucket : outcome.changed_buckets) {
        const ByteView entries = ledger.commitment_bucket(bucket);
        if (entries.empty()) {
            remove_bucket.bind(1, std::int64_t{bucket});
            remove_bucket.run();
        } else {
            put_bucket.bind(1, std::int64_t{bucket}).bind(2, entries);
            put_bucket.run();
        }
    }
    auto file_deadline = m_db.prepare("INSERT OR REPLACE INTO deadlines(by_height, at, job) VALUES (?, ?, ?)");
    auto drop_deadline = m_db.prepare("DELETE FROM deadlines WHERE by_height = ? AND at = ? AND job = ?");
    for (const DeadlineMove& move : outcome.deadline_moves) {
        if (move.from) bind_deadline(drop_deadline, move.job, *move.from).run();
        if (move.to) bind_deadline(file_deadline, move.job, *move.to).run();
    }
    auto event_insert = m_db.prepare("INSERT INTO events(key, height, idx, name, job, account, data) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < outcome.events.size(); ++i) {
        const Event& e = outcome.events[i];
        const std::array<char, Address::text_size> account = e.account.text();
        event_insert.bind(1, event_key(block.header.height, i))
            .bind(2, block.header.height)
            .bind(3, static_cast<std::int64_t>(i))
            .bind(4, event_name(e.name))
            .bind(5, e.job)
            .bind(6, e.account.is_null() ? std::string_view("") : std::string_view(account.data(), account.size()))
            .bind(7, event_data_json(e));
        event_insert.run();
    }
    txn.commit();
}

Ledger Store::load_ledger()
{
    // Every state holds its globals, so a commitment without a bucket was not kept (its rows were
    // deleted by hand, say): it is derived once here from the objects and kept from now on.
    const bool derived_kept = m_db.prepare("SELECT 1 FROM commitment LIMIT 1").step();
    LedgerLoader loader(derived_kept ? LedgerLoader::Derived::Stored : LedgerLoader::Derived::Recompute);
    // The kept buckets and deadlines are read on a second core while this one reads the objects;
    // the future waits for that thread however this one leaves.
    std::future<void> derived;
    if (derived_kept) derived = std::async(std::launch::async, [this, &loader] { read_derived(loader); });
    auto objects = m_db.prepare("SELECT key, value FROM state");
    while (objects.step()) loader.add(objects.blob_view(0), objects.blob_view(1));
    if (derived.valid()) derived.get();
    Ledger ledger = std::move(loader).finish();
    if (!derived_kept) {
        SqliteDatabase::Transaction txn(m_db);
        write_derived(ledger);
        txn.commit();
    }
    return ledger;
}

void Store::read_derived(LedgerLoader& loader) const
{
    SqliteReader reader(m_path);
    auto buckets = reader.prepare("SELECT bucket, entries FROM commitment");
    while (buckets.step()) loader.add_bucket(buckets.unsigned_integer(0), buckets.blob_view(1));
    loader.hash_buckets();
    auto deadlines = reader.prepare("SELECT by_height, at, job FROM deadlines");
    while (deadlines.step())
        loader.add_deadline(deadlines.unsigned_integer(2), JobDeadline{deadlines.integer(0) != 0, deadlines.unsigned_integer(1)});
}

std::vector<StateObject> Store::load_state()
{
    std::vector<StateObject> objects;
    auto st = m_db.prepare("SELECT key, value FROM state ORDER BY key");
    while (st.step()) objects.push_back({st.blob(0), st.blob(1)});
    return objects;
}

std::optional<Block> Store::block(std::uint64_t height)
{
    auto st = m_db.prepare("SELECT data FROM blocks WHERE height = ?");
    st.bind(1, height);
    if (!st.step()) return std::nullopt;
    try {
        return Block::decode(st.blob(0));
    } catch (const DecodeError& e) {
        throw StoreError("stored block " + std::to_string(height) + " is corrupt: " + e.what());
    }
}

std::optional<BlockHeader> Store::tip()
{
    auto st = m_db.prepare("SELECT MAX(height) FROM blocks");
    if (!st.step() || st.is_null(0)) return std::nullopt;
    auto top = block(st.unsigned_integer(0));
    return top ? std::optional(top->header) : std::nullopt;
}

namespace {

/** Reads the rows of a "SELECT height, idx, name, job, account, data FROM events ..." statement. */
std::vector<StoredEvent> read_events(SqliteStatement& st)
{
    std::vector<StoredEvent> out;
    while (st.step()) {
        StoredEvent stored;
        stored.height = st.unsigned_integer(0);
        stored.index = static_cast<std::uint32_t>(st.integer(1));
        const auto name = event_name_from(st.text(2));
        if (!name) throw StoreError("stored event has an unknown name " + st.text(2));
        stored.event.name = *name;
        stored.event.job = st.unsigned_integer(3);
        if (auto account = Address::parse(st.text(4))) stored.event.account = *account;
        const QJsonArray data = QJsonDocument::fromJson(QByteArray::fromStdString(st.text(5))).array();
        for (const QJsonValue& pair : data) stored.event.data.emplace_back(pair[0].toString().toStdString(), pair[1].toString().toStdString());
        out.push_back(std::move(stored));
    }
    return out;
}

} // namespace

std::vector<StoredEvent> Store::events(std::uint64_t since_height, std::optional<JobId> job, std::size_t limit)
{
    if (since_height > events_max_height) return {};
    // The key orders events as (height, idx) do, and events_by_job holds it after the height;
    // "job != 0" lets SQLite see that the partial index covers the job asked for.
    auto st = job ? m_db.prepare("SELECT height, idx, name, job, account, data FROM events WHERE job = ? AND job != 0 AND height >= ? "
                                 "ORDER BY height, key LIMIT ?")
                  : m_db.prepare("SELECT height, idx, name, job, account, data FROM events WHERE key >= ? ORDER BY key LIMIT ?");
    if (job)
        st.bind(1, *job).bind(2, since_height);
    else
        st.bind(1, event_key(since_height, 0));
    st.bind(job ? 3 : 2, static_cast<std::int64_t>(limit));
    return read_events(st);
}

std::vector<StoredEvent> Store::account_events(const Address& account, std::size_t limit)
{
    // events_by_account serves this without a scan, however long the chain.
    auto st = m_db.prepare("SELECT height, idx, name, job, account, data FROM events WHERE account = ? "
                           "ORDER BY height DESC, key DESC LIMIT ?");
    st.bind(1, account.str());
    st.bind(2, static_cast<std::int64_t>(limit));
    return read_events(st);
}

std::optional<TransactionLocation> Store::find_transaction(const Hash256& id)
{
    auto st = m_db.prepare("SELECT height, idx, error, message FROM transactions WHERE id = ?");
    st.bind(1, id.bytes());
    if (!st.step()) return std::nullopt;
    return TransactionLocation{st.unsigned_integer(0), static_cast<std::uint32_t>(st.integer(1)), st.text(2), st.text(3)};
}

} // namespace berth
