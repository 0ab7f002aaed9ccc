#include <sqlitedatabase.h>
#include <sqlitestatement.h>
#include <store.h>
#include <storeerror.h>

#include <decoder.h>
#include <genesis.h>
#include <jobdeadline.h>
#include <price.h>
#include <privatekey.h>
#include <state.h>
#include <statecommitment.h>

#include <testcase.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <sqlite3.h>

using namespace berth;

/** The SQLite store: schema versioning, atomic block commits, state and event round trips. */
class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsSchemaAtCurrentVersion();
    void refusesANewerSchema();
    void refusesStateInAnOlderEncodingAndMigratesAStoreWithout();
    void roundTripsGenesisBlockAndState();
    void failedCommitLeavesNothingHalfWritten();
    void accountEventsAreNewestFirstAndLimited();
    void keepsTheCommitmentAndTheDeadlines();
    void refusesAMalformedCommitment();
    void derivesWhatAStoreDoesNotKeep();
    void storesEventDataAsQtWritesIt();
    void carriesEventsOverToTheirIntegerKey();
    void checkpointsTheLogIntoTheDatabase();

private:
    /** A genesis at time 1000 with one auditor and a quorum it can reach: one whose quorum no auditor set can meet is refused. */
    static Genesis small_genesis();
    Block genesis_block(const Ledger& ledger);
    /** Writes small_genesis() into `store`; its ledger. */
    Ledger write_small_genesis(Store& store);
    /** A store's chain of a genesis and one block: alice's transfer to the producer. */
    struct OneBlock {
        Ledger ledger;
        Transaction transfer;
        BlockOutcome outcome;
    };
    OneBlock write_one_block(Store& store, std::string_view roster);
    /**
     * Writes a chain of a genesis and blocks through two orders' bid windows into `store` (at
     * `path`), checking after each block that the store kept the ledger's commitment buckets
     * and deadlines; `ledger` is the chain's.
     */
    void write_orders_through_their_windows(Store& store, const QString& path, std::optional<Ledger>& ledger);
    PrivateKey m_producer = PrivateKey::from_seed(Hash256::of(as_bytes("store/producer")).bytes());
};

Genesis TestStore::small_genesis()
{
    Genesis genesis;
    genesis.params.auditor_quorum = 1;
    genesis.auditors = {Address::of(PrivateKey::from_seed(Hash256::of(as_bytes("auditor")).bytes()).public_key())};
    genesis.timestamp_ms = 1000;
    return genesis;
}

Ledger TestStore::write_small_genesis(Store& store)
{
    Ledger ledger(small_genesis().build_state());
    store.write_genesis(genesis_block(ledger), ledger, "{}");
    return ledger;
}

Block TestStore::genesis_block(const Ledger& ledger)
{
    Block block;
    block.header.height = 0;
    block.header.timestamp_ms = 1000;
    block.header.state_root = ledger.state_root();
    block.header.sign(m_producer);
    return block;
}

void TestStore::createsSchemaAtCurrentVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    {
        Store store(path);
        QVERIFY(!store.has_genesis());
    }
    SqliteDatabase db(path.toStdString());
    QCOMPARE(db.user_version(), Store::schema_version);
    QCOMPARE(db.integrity_check(), std::string("ok"));
}

void TestStore::refusesANewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    {
        Store store(path);
    }
    {
        SqliteDatabase db(path.toStdString());
        db.set_user_version(Store::schema_version + 1);
    }
    try {
        Store store(path);
        QFAIL("a store from a newer schema was opened");
    } catch (const StoreError& e) {
        QVERIFY(std::string(e.what()).find("newer") != std::string::npos);
    }
}

void TestStore::refusesStateInAnOlderEncodingAndMigratesAStoreWithout()
{
    // Schema 5 kept jobs in a fixed-width encoding, and schemas before 8 kept each account's locked stake.
    const struct {
        int version;
        Bytes key;
        int value_bytes;
    } older[] = {{5, State::job_key(7), 448}, {7, State::account_key(Address{}), 170}};
    for (const auto& [version, key, value_bytes] : older) {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
        {
            Store store(path);
        }
        {
            // The tables as that schema left them, with one object.
            SqliteDatabase db(path.toStdString());
            if (version < 7)
                for (const char* sql : {"DROP TABLE commitment", "DROP TABLE deadlines", "ALTER TABLE state ADD COLUMN leaf BLOB"})
                    db.prepare(sql).run();
            db.prepare("INSERT INTO state(key, value) VALUES (?, ?)")
                .bind(1, key)
                .bind(2, Bytes(static_cast<std::size_t>(value_bytes), 0))
                .run();
            db.set_user_version(version);
        }
        try {
            Store store(path);
            QFAIL(qPrintable(QStringLiteral("a store of schema %1 with state was opened").arg(version)));
        } catch (const StoreError& e) {
            QVERIFY2(std::string(e.what()).find("cannot be carried over") != std::string::npos, e.what());
        }
        {
            // Refused, not touched: the version and the row are as they were.
            SqliteDatabase db(path.toStdString());
            QCOMPARE(db.user_version(), version);
            auto row = db.prepare("SELECT length(value) FROM state WHERE key = ?");
            row.bind(1, key);
            QVERIFY(row.step());
            QCOMPARE(row.integer(0), std::int64_t{value_bytes});
            db.prepare("DELETE FROM state WHERE key = ?").bind(1, key).run();
        }
        {
            // Without state nothing differs between the encodings, and the store migrates.
            Store store(path);
        }
        SqliteDatabase db(path.toStdString());
        QCOMPARE(db.user_version(), Store::schema_version);
    }
}

TestStore::OneBlock TestStore::write_one_block(Store& store, std::string_view roster)
{
    Genesis genesis = small_genesis();
    const PrivateKey alice = PrivateKey::from_seed(Hash256::of(as_bytes("store/alice")).bytes());
    genesis.accounts.push_back({Address::of(alice.public_key()), 500, 7, 0});
    Ledger ledger(genesis.build_state());
    store.write_genesis(genesis_block(ledger), ledger, roster);
    const Transaction t =
        Transaction::make(genesis.params.chain_id, alice, 0, tx::Transfer{Address::of(m_producer.public_key()), Denom::USDC, 20});
    BlockOutcome outcome = ledger.apply_block(1, 2000, std::vector{t});
    Block block;
    block.header.height = 1;
    block.header.timestamp_ms = 2000;
    block.header.prev_hash = store.tip()->hash();
    block.header.state_root = outcome.state_root;
    block.transactions = {t};
    block.header.tx_root = Block::transaction_root(block.transactions);
    block.header.sign(m_producer);
    store.commit_block(block, outcome, ledger);
    return {std::move(ledger), t, std::move(outcome)};
}

void TestStore::roundTripsGenesisBlockAndState()
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("chain.sqlite")));
    const std::string roster = R"({"names":{"alice":"x"},"producers":[]})";
    const auto [ledger, t, outcome] = write_one_block(store, roster);
    QVERIFY(outcome.receipts.front().ok());
    // The roster is kept as given, with the genesis block, and can be set again.
    QCOMPARE(store.genesis_roster(), std::optional<std::string>(roster));
    store.set_genesis_roster("{}");
    QCOMPARE(store.genesis_roster(), std::optional<std::string>("{}"));

    QCOMPARE(store.tip()->height, std::uint64_t{1});
    QCOMPARE(store.block(1)->transactions.front().id(), t.id());
    QCOMPARE(store.find_transaction(t.id())->height, std::uint64_t{1});
    const Ledger reloaded(State::from_objects(store.load_state()));
    // Committing to the stored bytes as they are gives the root of the state they decode to.
    QCOMPARE(Ledger::from_objects(store.load_state()).state_root(), ledger.state_root());
    QCOMPARE(reloaded.state_root(), ledger.state_root());
    // The node's open decodes the rows where SQLite reads them, to the same state and root.
    const Ledger opened = store.load_ledger();
    QCOMPARE(opened.state_root(), ledger.state_root());
    QCOMPARE(opened.state().all_objects().size(), ledger.state().all_objects().size());
    const Address alice_address = t.sender_address();
    QVERIFY(opened.state().accounts.find(alice_address) != nullptr);
    QCOMPARE(*opened.state().accounts.find(alice_address), *ledger.state().accounts.find(alice_address));

    // A row that no longer decodes fails the open by name, instead of giving a partial state.
    sqlite3* raw = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(dir.filePath(QStringLiteral("chain.sqlite"))).constData(), &raw), SQLITE_OK);
    QCOMPARE(sqlite3_exec(raw, "UPDATE state SET value = x'00' WHERE key = x'67'", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_changes(raw), 1);
    sqlite3_close(raw);
    try {
        (void)store.load_ledger();
        QFAIL("a corrupt globals row was loaded");
    } catch (const DecodeError& e) {
        QVERIFY2(std::string(e.what()).find("truncated") != std::string::npos, e.what());
    }
    const auto events = store.events(1, std::nullopt, 100);
    QCOMPARE(events.size(), std::size_t{1});
    QCOMPARE(events.front().event, outcome.events.front());
}

void TestStore::accountEventsAreNewestFirstAndLimited()
{
    QTemporaryDir dir;
    Genesis genesis = small_genesis();
    const PrivateKey alice = PrivateKey::from_seed(Hash256::of(as_bytes("store/alice")).bytes());
    const Address producer = Address::of(m_producer.public_key());
    genesis.accounts.push_back({Address::of(alice.public_key()), 500, 7, 0});
    Ledger ledger(genesis.build_state());
    Store store(dir.filePath(QStringLiteral("chain.sqlite")));
    store.write_genesis(genesis_block(ledger), ledger, "{}");

    std::vector<Transaction> transfers;
    for (std::uint64_t nonce = 0; nonce < 3; ++nonce)
        transfers.push_back(Transaction::make(genesis.params.chain_id, alice, nonce, tx::Transfer{producer, Denom::USDC, 10 + nonce}));
    const BlockOutcome outcome = ledger.apply_block(1, 2000, transfers);
    Block block;
    block.header.height = 1;
    block.header.timestamp_ms = 2000;
    block.header.prev_hash = store.tip()->hash();
    block.header.state_root = outcome.state_root;
    block.transactions = transfers;
    block.header.tx_root = Block::transaction_root(block.transactions);
    block.header.sign(m_producer);
    store.commit_block(block, outcome, ledger);

    const auto newest_two = store.account_events(Address::of(alice.public_key()), 2);
    QCOMPARE(newest_two.size(), std::size_t{2});
    QCOMPARE(newest_two[0].event, outcome.events[2]);
    QCOMPARE(newest_two[1].event, outcome.events[1]);
    QCOMPARE(newest_two[0].height, std::uint64_t{1});
    // The producer only received: the events name alice as their account.
    QVERIFY(store.account_events(producer, 10).empty());
}

void TestStore::carriesEventsOverToTheirIntegerKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    std::vector<StoredEvent> before;
    {
        Store store(path);
        const auto [ledger, t, outcome] = write_one_block(store, "{}");
        before = store.events(0, std::nullopt, 100);
        QVERIFY(!before.empty());
    }
    {
        // The events table as schema 8 left it: keyed by (height, idx), without rowid.
        SqliteDatabase db(path.toStdString());
        db.exec(R"(CREATE TABLE events_by_pair (
                       height INTEGER NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, job INTEGER NOT NULL,
                       account TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (height, idx)) WITHOUT ROWID;
                   INSERT INTO events_by_pair SELECT height, idx, name, job, account, data FROM events;
                   DROP TABLE events;
                   ALTER TABLE events_by_pair RENAME TO events;
                   CREATE INDEX events_by_job ON events(job, height) WHERE job != 0;
                   CREATE INDEX events_by_account ON events(account, height);)");
        db.set_user_version(8);
    }
    Store store(path);
    const std::vector<StoredEvent> after = store.events(0, std::nullopt, 100);
    QCOMPARE(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].height, before[i].height);
        QCOMPARE(after[i].index, before[i].index);
        QCOMPARE(after[i].event, before[i].event);
    }
    // Each row's key is its height above its index, in the order of the events.
    SqliteDatabase db(path.toStdString());
    QCOMPARE(db.user_version(), Store::schema_version);
    auto keys = db.prepare("SELECT key, height, idx FROM events ORDER BY key");
    std::size_t rows = 0;
    for (; keys.step(); ++rows) {
        QCOMPARE(keys.integer(0), (keys.integer(1) << 28) | keys.integer(2));
        QCOMPARE(keys.unsigned_integer(1), before[rows].height);
    }
    QCOMPARE(rows, before.size());
    // Events from a height no chain reaches: none, rather than a key that wraps around.
    QVERIFY(store.events(std::uint64_t{1} << 40, std::nullopt, 100).empty());
    QCOMPARE(store.events(before.back().height, std::nullopt, 100).back().event, before.back().event);
}

void TestStore::storesEventDataAsQtWritesIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    Store store(path);
    const Ledger ledger = write_small_genesis(store);

    // Every character JSON escapes, the ones it does not, UTF-8, and bytes that are not UTF-8.
    std::string every_ascii;
    for (int c = 0; c < 0x80; ++c) every_ascii += static_cast<char>(c);
    const std::vector<std::vector<std::pair<std::string, std::string>>> fields = {
        {{"to", "berth0011"}, {"denom", "USDC"}, {"amount", "1"}},
        {},
        {{"quote\"", "back\\slash/"}, {"controls", "\b\f\n\r\t\x01\x1f\x7f"}},
        {{"every", every_ascii}},
        {{"utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}},
        {{"invalid", "\xff\xc3 \xed\xa0\x80"}},
    };
    BlockOutcome outcome;
    for (const auto& data : fields) outcome.events.push_back(Event{EventName::Transferred, 0, Address{}, data});
    Block block = genesis_block(ledger);
    block.header.height = 1;
    store.commit_block(block, outcome, ledger);

    // The stored text is what QJsonDocument writes, so stores written before and after read alike.
    SqliteDatabase db(path.toStdString());
    auto st = db.prepare("SELECT data FROM events WHERE height = 1 ORDER BY idx");
    for (const auto& data : fields) {
        QVERIFY(st.step());
        QJsonArray expected;
        for (const auto& [key, value] : data) expected.append(QJsonArray{QString::fromStdString(key), QString::fromStdString(value)});
        QCOMPARE(st.text(0), QJsonDocument(expected).toJson(QJsonDocument::Compact).toStdString());
    }
    QVERIFY(!st.step());
    const auto read = store.events(1, std::nullopt, 100);
    QCOMPARE(read.size(), fields.size());
    for (std::size_t i = 0; i + 1 < fields.size(); ++i) QCOMPARE(read[i].event.data, fields[i]);
}

void TestStore::checkpointsTheLogIntoTheDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    Store store(path);
    const Ledger ledger = write_small_genesis(store);
    const qint64 before = QFileInfo(path).size();

    // A block of about 5 MB: its pages sit in the log until a checkpoint copies them, which the
    // checkpointer's thread does after the commit that takes the log past 1,000 pages.
    BlockOutcome outcome;
    for (int i = 0; i < 20'000; ++i) outcome.events.push_back(Event{EventName::Transferred, 0, Address{}, {{"k", std::string(200, 'x')}}});
    Block block = genesis_block(ledger);
    block.header.height = 1;
    store.commit_block(block, outcome, ledger);
    // A bound on waiting for the thread, not on its speed.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > before + 4'000'000, 60'000);
    QCOMPARE(store.events(1, std::nullopt, 30'000).size(), std::size_t{20'000});
    QCOMPARE(store.integrity_check(), std::string("ok"));
}

void TestStore::failedCommitLeavesNothingHalfWritten()
{
    QTemporaryDir dir;
    Genesis genesis = small_genesis();
    Ledger ledger(genesis.build_state());
    Store store(dir.filePath(QStringLiteral("chain.sqlite")));
    const Block zero = genesis_block(ledger);
    store.write_genesis(zero, ledger, "{}");
    const auto state_before = store.load_state();

    // A second block at height 0 violates the primary key half-way through the commit.
    BlockOutcome outcome;
    outcome.changes.push_back({State::globals_key(), Bytes{1, 2, 3}});
    QVERIFY_THROWS_EXCEPTION(StoreError, store.commit_block(zero, outcome, ledger));
    QCOMPARE(store.load_state().size(), state_before.size());
    for (std::size_t i = 0; i < state_before.size(); ++i) QCOMPARE(store.load_state()[i].value, state_before[i].value);
    QCOMPARE(store.integrity_check(), std::string("ok"));
    QVERIFY_THROWS_EXCEPTION(StoreError, store.write_genesis(zero, ledger, "{}"));
}

namespace {

using DeadlineRow = std::tuple<bool, std::uint64_t, JobId>;

std::set<DeadlineRow> deadlines_of(const Ledger& ledger)
{
    std::set<DeadlineRow> rows;
    ledger.for_each_deadline([&rows](JobId job, const JobDeadline& due) { rows.emplace(due.by_height, due.at, job); });
    return rows;
}

std::map<std::uint64_t, Bytes> buckets_of(const Ledger& ledger)
{
    std::map<std::uint64_t, Bytes> buckets;
    for (std::size_t i = 0; i < StateCommitment::bucket_count; ++i)
        if (const ByteView entries = ledger.commitment_bucket(i); !entries.empty()) buckets.emplace(i, Bytes(entries.begin(), entries.end()));
    return buckets;
}

/** The file at `path` opened apart from the Store, to read or damage what it keeps. */
class RawFile
{
public:
    explicit RawFile(const QString& path) { sqlite3_open(QFile::encodeName(path).constData(), &m_db); }
    ~RawFile() { sqlite3_close(m_db); }
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;

    bool exec(const char* sql) { return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    std::set<DeadlineRow> deadlines()
    {
        std::set<DeadlineRow> rows;
        SqliteStatement st(m_db, "SELECT by_height, at, job FROM deadlines");
        while (st.step()) rows.emplace(st.integer(0) != 0, st.unsigned_integer(1), st.unsigned_integer(2));
        return rows;
    }
    std::map<std::uint64_t, Bytes> buckets()
    {
        std::map<std::uint64_t, Bytes> buckets;
        SqliteStatement st(m_db, "SELECT bucket, entries FROM commitment");
        while (st.step()) buckets.emplace(st.unsigned_integer(0), st.blob(1));
        return buckets;
    }

private:
    sqlite3* m_db = nullptr;
};

} // namespace

void TestStore::write_orders_through_their_windows(Store& store, const QString& path, std::optional<Ledger>& ledger)
{
    Genesis genesis = small_genesis();
    // Each unbid order looks for providers in a second window (its deadline moves), then closes (it leaves).
    genesis.params.max_lookup_windows = 2;
    const PrivateKey alice = PrivateKey::from_seed(Hash256::of(as_bytes("store/orders")).bytes());
    genesis.accounts.push_back({Address::of(alice.public_key()), Amount(100) * 1'000'000, 0, 0});
    ledger.emplace(genesis.build_state());
    store.write_genesis(genesis_block(*ledger), *ledger, "{}");
    RawFile file(path);
    QCOMPARE(file.buckets(), buckets_of(*ledger));
    QVERIFY(file.deadlines().empty());
    const auto order = [&](std::uint64_t nonce) {
        return Transaction::make(genesis.params.chain_id, alice, nonce,
                                 tx::CreateOrder{"cpu.small", 1, price::from_base_units(50), Hash256::of(as_bytes("m")),
                                                 "https://images.example/app", Amount(10) * 1'000'000});
    };
    bool moved_on = false, moved_out = false;
    for (std::uint64_t height = 1; height <= 7; ++height) {
        // Two orders at height 1, which close unbid with their windows; a third at height 7, still open.
        std::vector<Transaction> txs;
        if (height == 1) txs = {order(0), order(1)};
        if (height == 7) txs = {order(2)};
        const BlockOutcome outcome = ledger->apply_block(height, 1000 + height * 1000, txs);
        for (const Receipt& receipt : outcome.receipts) QVERIFY2(receipt.ok(), receipt.message.c_str());
        for (const DeadlineMove& move : outcome.deadline_moves) {
            moved_on = moved_on || (move.from && move.to);
            moved_out = moved_out || (move.from && !move.to);
        }
        Block block;
        block.header.height = height;
        block.header.timestamp_ms = 1000 + height * 1000;
        block.header.prev_hash = store.tip()->hash();
        block.header.state_root = outcome.state_root;
        block.transactions = txs;
        block.header.tx_root = Block::transaction_root(block.transactions);
        block.header.sign(m_producer);
        store.commit_block(block, outcome, *ledger);
        if (height == 1) QCOMPARE(deadlines_of(*ledger).size(), std::size_t{2});
        if (height == 6) QVERIFY(deadlines_of(*ledger).empty());
        QCOMPARE(file.deadlines(), deadlines_of(*ledger));
        QCOMPARE(file.buckets(), buckets_of(*ledger));
    }
    QVERIFY(moved_on);
    QVERIFY(moved_out);
    QCOMPARE(file.deadlines().size(), std::size_t{1});
}

void TestStore::keepsTheCommitmentAndTheDeadlines()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    Store store(path);
    std::optional<Ledger> ledger;
    write_orders_through_their_windows(store, path, ledger);
    if (QTest::currentTestFailed()) return;

    // Opened from what the store kept, the ledger is the one that wrote it, and so is one
    // derived from the objects alone.
    const Ledger opened = store.load_ledger();
    QCOMPARE(opened.state_root(), ledger->state_root());
    QCOMPARE(deadlines_of(opened), deadlines_of(*ledger));
    QCOMPARE(buckets_of(opened), buckets_of(*ledger));
    const Ledger derived = Ledger::from_objects(store.load_state());
    QCOMPARE(derived.state_root(), ledger->state_root());
    QCOMPARE(deadlines_of(derived), deadlines_of(*ledger));
}

void TestStore::refusesAMalformedCommitment()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    Store store(path);
    const Ledger ledger = write_one_block(store, "{}").ledger;
    RawFile file(path);
    const auto refused = [&store](const char* expected) {
        try {
            (void)store.load_ledger();
        } catch (const DecodeError& e) {
            return std::string(e.what()).find(expected) != std::string::npos;
        }
        return false;
    };

    // The open trusts the entries: a changed one gives another root, which the node refuses
    // against the last block's header. Entries that are not whole, out of order, in the wrong
    // bucket or missing fail the open by name.
    QVERIFY(file.exec("CREATE TABLE kept AS SELECT * FROM commitment"));
    QVERIFY(file.exec("UPDATE commitment SET entries = zeroblob(length(entries)) WHERE bucket = (SELECT min(bucket) FROM commitment)"));
    QVERIFY(refused("out of order or of another bucket"));
    QVERIFY(file.exec("UPDATE commitment SET entries = x'0102' WHERE bucket = (SELECT min(bucket) FROM commitment)"));
    QVERIFY(refused("has 2 bytes, not whole entries"));
    QVERIFY(file.exec("DELETE FROM commitment; INSERT INTO commitment SELECT bucket + 1, entries FROM kept"));
    QVERIFY(refused("out of order or of another bucket"));
    QVERIFY(file.exec("DELETE FROM commitment; INSERT INTO commitment SELECT * FROM kept WHERE bucket != (SELECT min(bucket) FROM kept)"));
    QVERIFY(refused("entries for"));
    QVERIFY(file.exec("DELETE FROM commitment; INSERT INTO commitment SELECT * FROM kept"));
    QCOMPARE(store.load_ledger().state_root(), ledger.state_root());
    QVERIFY(
        file.exec("UPDATE commitment SET entries = substr(entries, 1, 32) || zeroblob(32) WHERE bucket = (SELECT min(bucket) FROM commitment)"));
    QVERIFY(store.load_ledger().state_root() != ledger.state_root());
}

void TestStore::derivesWhatAStoreDoesNotKeep()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    std::optional<Ledger> ledger;
    {
        Store store(path);
        write_orders_through_their_windows(store, path, ledger);
        if (QTest::currentTestFailed()) return;
    }
    QCOMPARE(deadlines_of(*ledger).size(), std::size_t{1});
    // The derived tables emptied: the objects alone are left.
    {
        RawFile file(path);
        QVERIFY(file.exec("DELETE FROM commitment; DELETE FROM deadlines"));
    }
    Store reopened(path);
    RawFile file(path);
    QVERIFY(file.buckets().empty());
    QVERIFY(file.deadlines().empty());
    const Ledger opened = reopened.load_ledger();
    QCOMPARE(opened.state_root(), ledger->state_root());
    QCOMPARE(deadlines_of(opened), deadlines_of(*ledger));
    // The open derived them once and kept them: the next open reads them.
    QCOMPARE(file.buckets(), buckets_of(*ledger));
    QCOMPARE(file.deadlines(), deadlines_of(*ledger));
    QCOMPARE(deadlines_of(reopened.load_ledger()), deadlines_of(*ledger));
}

BERTH_QTEST_APPLESS(TestStore)
#include "tst_store.moc"
