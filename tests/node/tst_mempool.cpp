#include <genesis.h>
#include <mempool.h>
#include <privatekey.h>

#include <QtTest>

using namespace berth;

/** The mempool's admission rules: validation on arrival, consecutive nonces, no duplicates, a bounded size, arrival order. */
class TestMempool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void keepsArrivalOrder();
    void refusesDuplicatesAndGaps();
    void refusesInvalidTransactions();
    void fullPoolAnswersClearly();
    void resyncDropsWhatTheChainInvalidated();

private:
    Transaction transfer(const PrivateKey& from, std::uint64_t nonce, std::uint64_t amount = 1);

    PrivateKey m_alice = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/alice")).bytes());
    PrivateKey m_bob = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/bob")).bytes());
    std::unique_ptr<Ledger> m_ledger;
};

void TestMempool::init()
{
    Genesis genesis;
    genesis.params.chain_id = "mempool-test";
    genesis.timestamp_ms = 1000;
    genesis.accounts.push_back({Address::of(m_alice.public_key()), 1000, 0, 0});
    genesis.accounts.push_back({Address::of(m_bob.public_key()), 1000, 0, 0});
    m_ledger = std::make_unique<Ledger>(genesis.build_state());
}

Transaction TestMempool::transfer(const PrivateKey& from, std::uint64_t nonce, std::uint64_t amount)
{
    return Transaction::make("mempool-test", from, nonce, tx::Transfer{Address::of(m_bob.public_key()), Denom::USDC, Amount(amount)});
}

void TestMempool::keepsArrivalOrder()
{
    Mempool pool(10);
    const Transaction a0 = transfer(m_alice, 0);
    const Transaction b0 = transfer(m_bob, 0);
    const Transaction a1 = transfer(m_alice, 1);
    QVERIFY(!pool.add(a0, *m_ledger));
    QVERIFY(!pool.add(b0, *m_ledger));
    QVERIFY(!pool.add(a1, *m_ledger));
    QCOMPARE(pool.next_nonce(Address::of(m_alice.public_key()), *m_ledger), std::uint64_t{2});
    const auto taken = pool.take(2);
    QCOMPARE(taken.size(), std::size_t{2});
    QCOMPARE(taken[0].id(), a0.id());
    QCOMPARE(taken[1].id(), b0.id());
    QCOMPARE(pool.size(), std::size_t{1});
    QVERIFY(pool.contains(a1.id()));
    QVERIFY(!pool.contains(a0.id()));
}

void TestMempool::refusesDuplicatesAndGaps()
{
    Mempool pool(10);
    const Transaction a0 = transfer(m_alice, 0);
    QVERIFY(!pool.add(a0, *m_ledger));
    QCOMPARE(pool.add(a0, *m_ledger)->code, std::string("duplicate"));
    const auto gap = pool.add(transfer(m_alice, 5), *m_ledger);
    QVERIFY(gap.has_value());
    QCOMPARE(gap->code, std::string("bad_nonce"));
    QVERIFY(gap->message.find("next nonce 1") != std::string::npos);
    QCOMPARE(pool.size(), std::size_t{1});
}

void TestMempool::refusesInvalidTransactions()
{
    Mempool pool(10);
    Transaction forged = transfer(m_alice, 0);
    forged.nonce = 0;
    forged.signature[10] ^= 0x40;
    QCOMPARE(pool.add(forged, *m_ledger)->code, std::string("bad_signature"));
    const Transaction other_chain = Transaction::make("other", m_alice, 0, tx::WithdrawEarnings{});
    QCOMPARE(pool.add(other_chain, *m_ledger)->code, std::string("wrong_chain_id"));
    QCOMPARE(pool.size(), std::size_t{0});
}

void TestMempool::fullPoolAnswersClearly()
{
    Mempool pool(2);
    QVERIFY(!pool.add(transfer(m_alice, 0), *m_ledger));
    QVERIFY(!pool.add(transfer(m_alice, 1), *m_ledger));
    const auto full = pool.add(transfer(m_bob, 0), *m_ledger);
    QVERIFY(full.has_value());
    QCOMPARE(full->code, std::string("mempool_full"));
    QVERIFY(full->message.find("limit of 2") != std::string::npos);
    pool.take(1);
    QVERIFY(!pool.add(transfer(m_bob, 0), *m_ledger));
}

void TestMempool::resyncDropsWhatTheChainInvalidated()
{
    Mempool pool(10);
    const Transaction too_much = transfer(m_alice, 0, 5000); // more than alice has: the block rejects it
    const Transaction after = transfer(m_alice, 1);
    const Transaction bobs = transfer(m_bob, 0);
    QVERIFY(!pool.add(too_much, *m_ledger));
    QVERIFY(!pool.add(after, *m_ledger));
    QVERIFY(!pool.add(bobs, *m_ledger));
    const auto block = pool.take(1);
    const BlockOutcome outcome = m_ledger->apply_block(1, 2000, block);
    QCOMPARE(outcome.receipts.front().error, std::optional(ErrorCode::InsufficientFunds));
    pool.resync(*m_ledger);
    // Alice's nonce 0 was never used, so her nonce-1 transaction can no longer be included.
    QVERIFY(!pool.contains(after.id()));
    QVERIFY(pool.contains(bobs.id()));
    QCOMPARE(pool.next_nonce(Address::of(m_alice.public_key()), *m_ledger), std::uint64_t{0});
}

QTEST_APPLESS_MAIN(TestMempool)
#include "tst_mempool.moc"
