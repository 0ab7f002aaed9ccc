#include "testsupport.h"

#include <account.h>
#include <table.h>

#include <testcase.h>

#include <QtTest>

using namespace berth;

namespace {
/** More new rows than any one transaction makes in one table (a transfer to a new account makes one). */
constexpr std::size_t kRoom = 16;

Account account_with(std::uint64_t nonce, std::uint64_t usdc = 0)
{
    Account account;
    account.nonce = nonce;
    account.usdc = usdc;
    return account;
}

/** A distinct address for each n, spread as real ones are (the leading bytes of a hash). */
Address row_address(std::uint64_t n)
{
    const Hash256 hash = test::digest("row " + std::to_string(n));
    std::array<std::uint8_t, Address::size> bytes{};
    std::copy_n(hash.bytes().begin(), bytes.size(), bytes.begin());
    return Address(bytes);
}
} // namespace

/**
 * The journaled table of accounts and providers: rows are written in place inside a
 * transaction, a rejected transaction is undone exactly, and a block takes the rows it changed
 * once each, in key order. A transaction keeps references to the rows it writes while it
 * writes others (a transfer debits its sender, then credits a recipient that may be new), so a
 * row must not move while its transaction adds rows. A hash table that holds its rows in its
 * slots and moves them when it grows would break that, and no other test would notice.
 */
class TestTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRowWrittenStaysInPlaceWhileItsTransactionAddsRows();
    void rollbackRestoresWrittenErasedAndCreatedRows();
    void aBlockTakesEachChangedRowOnceInKeyOrder();
};

void TestTable::aRowWrittenStaysInPlaceWhileItsTransactionAddsRows()
{
    // Every size up to a few growths of the table, so that some start with their last free slots.
    std::uint64_t next = 0;
    for (std::uint64_t size = 1; size <= 300; ++size) {
        Table<Address, Account> table;
        for (std::uint64_t i = 0; i < size; ++i) table.load(row_address(next + i), account_with(i));
        const Address first = row_address(next);
        next += size;

        Account& written = table.write(first);
        for (std::size_t i = 0; i < kRoom; ++i) table.write(row_address(next++)).nonce = 7;
        QVERIFY2(table.find(first) == &written, qPrintable(QStringLiteral("a table of %1 rows moved a row mid-transaction").arg(size)));
        written.nonce = 99;
        table.commit();
        QCOMPARE(table.find(first)->nonce, std::uint64_t(99));
        QCOMPARE(table.size(), size + kRoom);

        // And again in the transaction after it.
        Account& again = table.write(first);
        for (std::size_t i = 0; i < kRoom; ++i) table.write(row_address(next++));
        QVERIFY(table.find(first) == &again);
        table.rollback();
    }
}

void TestTable::rollbackRestoresWrittenErasedAndCreatedRows()
{
    Table<Address, Account> table;
    table.load(row_address(1), account_with(0, 10));
    table.load(row_address(2), account_with(0, 20));

    table.write(row_address(1)).usdc = 11;
    table.write(row_address(1)).usdc = 12;
    table.erase(row_address(2));
    table.write(row_address(3)).usdc = 30;
    QCOMPARE(table.size(), std::size_t(2));
    table.rollback();

    QCOMPARE(table.size(), std::size_t(2));
    QCOMPARE(table.find(row_address(1))->usdc, Amount(10));
    QCOMPARE(table.find(row_address(2))->usdc, Amount(20));
    QVERIFY(!table.contains(row_address(3)));
    QVERIFY(table.take_dirty().empty());
}

void TestTable::aBlockTakesEachChangedRowOnceInKeyOrder()
{
    Table<Address, Account> table;
    std::vector<Address> written;
    for (std::uint64_t i = 0; i < 40; ++i) {
        written.push_back(row_address(i));
        table.write(written.back()).nonce = i;
        table.write(written.front()).nonce += 1;
        table.commit();
    }
    table.write(row_address(1000)).nonce = 1;
    table.rollback();

    std::sort(written.begin(), written.end());
    QCOMPARE(table.take_dirty(), written);
    QVERIFY(table.take_dirty().empty());
    QCOMPARE(table.find(row_address(0))->nonce, std::uint64_t(40));
}

BERTH_QTEST_GUILESS(TestTable)
#include "tst_table.moc"
