#include <admissionqueue.h>
#include <genesis.h>
#include <mempool.h>
#include <privatekey.h>
#include <signatureverifier.h>

#include <testcase.h>

#include <QtTest>

using namespace berth;

/**
 * The mempool's admission rules: validation on arrival, consecutive nonces, no duplicates, a
 * bounded size, arrival order, a bound per sender, and who gives up a place when it is full;
 * and batches admitted through the AdmissionQueue, checked on other threads, with the answers
 * and in the order the mempool alone would give.
 */
class TestMempool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void keepsArrivalOrder();
    void takesWithinAByteBudget();
    void refusesDuplicatesAndGaps();
    void refusesInvalidTransactions();
    void fullPoolAnswersClearly();
    void aFailureInTheMiddleStrandsNothing();
    void oneSenderIsBounded();
    void busySenderYieldsToQuietOneWhenFull();
    void freshKeysCannotCrowdOutProvidersOrFundedAccounts();
    void freshKeysCannotEvictEachOther();
    void batchAnswersAsSingleAddsWould_data();
    void batchAnswersAsSingleAddsWould();
    void batchesAreAdmittedInSubmissionOrder();

private:
    /** A queue that admits into `pool` over this test's ledger, its signatures checked by `verifier`. */
    AdmissionQueue admission_into(Mempool& pool, SignatureVerifier& verifier);
    Transaction transfer(const PrivateKey& from, std::uint64_t nonce, std::uint64_t amount = 1);
    static PrivateKey fresh_key(int i) { return PrivateKey::from_seed(Hash256::of(as_bytes("mempool/fresh/" + std::to_string(i))).bytes()); }

    PrivateKey m_alice = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/alice")).bytes());
    PrivateKey m_bob = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/bob")).bytes());
    PrivateKey m_carol = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/carol")).bytes());
    /** Staked, as a provider is. */
    PrivateKey m_dora = PrivateKey::from_seed(Hash256::of(as_bytes("mempool/dora")).bytes());
    std::unique_ptr<Ledger> m_ledger;
};

void TestMempool::init()
{
    Genesis genesis;
    // One auditor and a quorum it can reach: a genesis with a quorum no auditor set can meet is refused.
    genesis.params.auditor_quorum = 1;
    genesis.auditors = {Address::of(PrivateKey::from_seed(Hash256::of(as_bytes("auditor")).bytes()).public_key())};
    genesis.params.chain_id = "mempool-test";
    genesis.timestamp_ms = 1000;
    genesis.accounts.push_back({Address::of(m_alice.public_key()), 1000, 0, 0});
    genesis.accounts.push_back({Address::of(m_bob.public_key()), 1000, 0, 0});
    genesis.accounts.push_back({Address::of(m_carol.public_key()), 1000, 0, 0});
    genesis.accounts.push_back({Address::of(m_dora.public_key()), 1000, 1000, 1000});
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

void TestMempool::takesWithinAByteBudget()
{
    Mempool pool(10);
    for (std::uint64_t n = 0; n < 4; ++n) QVERIFY(!pool.add(transfer(m_alice, n), *m_ledger));
    const std::size_t one = transfer(m_alice, 0).encode().size();
    // Two and a half transactions' worth of bytes: two fit, the third waits.
    const auto taken = pool.take(10, one * 5 / 2);
    QCOMPARE(taken.size(), std::size_t{2});
    QCOMPARE(taken[1].tx().nonce, std::uint64_t{1});
    // A budget below one transaction still takes one, so that no transaction is stuck for good.
    QCOMPARE(pool.take(10, one / 2).size(), std::size_t{1});
    QCOMPARE(pool.size(), std::size_t{1});
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
    QVERIFY(!pool.add(transfer(m_bob, 0), *m_ledger));
    // Carol stands as alice and bob do, and would hold as many: nobody gives up a place.
    const auto full = pool.add(transfer(m_carol, 0), *m_ledger);
    QVERIFY(full.has_value());
    QCOMPARE(full->code, std::string("mempool_full"));
    QVERIFY(full->message.find("limit of 2") != std::string::npos);
    QVERIFY(pool.take_evicted().empty());
    pool.take(1);
    QVERIFY(!pool.add(transfer(m_carol, 0), *m_ledger));
}

void TestMempool::oneSenderIsBounded()
{
    Mempool pool(100, 3);
    for (std::uint64_t n = 0; n < 3; ++n) QVERIFY(!pool.add(transfer(m_alice, n), *m_ledger));
    const auto limit = pool.add(transfer(m_alice, 3), *m_ledger);
    QVERIFY(limit.has_value());
    QCOMPARE(limit->code, std::string("sender_limit"));
    QVERIFY(limit->message.find("mempool_max_per_sender 3") != std::string::npos);
    QVERIFY(!pool.add(transfer(m_bob, 0), *m_ledger));
    QCOMPARE(pool.pending_of(Address::of(m_alice.public_key())), std::size_t{3});
    // Once a block takes one, the sender may add the next.
    pool.take(1);
    QVERIFY(!pool.add(transfer(m_alice, 3), *m_ledger));
}

void TestMempool::busySenderYieldsToQuietOneWhenFull()
{
    Mempool pool(4);
    std::vector<Transaction> alices;
    for (std::uint64_t n = 0; n < 4; ++n) {
        alices.push_back(transfer(m_alice, n));
        QVERIFY(!pool.add(alices.back(), *m_ledger));
    }
    const Transaction bobs = transfer(m_bob, 0);
    QVERIFY(!pool.add(bobs, *m_ledger));
    // Alice's newest gave way, so her remaining nonces stay consecutive and her next nonce is 3 again.
    QCOMPARE(pool.take_evicted(), std::vector<Hash256>{alices[3].id()});
    QVERIFY(!pool.contains(alices[3].id()));
    QVERIFY(pool.contains(bobs.id()));
    QCOMPARE(pool.next_nonce(Address::of(m_alice.public_key()), *m_ledger), std::uint64_t{3});
    // Alice (3) against bob, who would hold 2: still one more than bob, so she gives way again.
    QVERIFY(!pool.add(transfer(m_bob, 1), *m_ledger));
    QCOMPARE(pool.take_evicted(), std::vector<Hash256>{alices[2].id()});
    // Now alice 2, bob 2: bob's third would leave him with more than her; he is refused.
    QCOMPARE(pool.add(transfer(m_bob, 2), *m_ledger)->code, std::string("mempool_full"));
    QCOMPARE(pool.size(), std::size_t{4});
}

void TestMempool::freshKeysCannotCrowdOutProvidersOrFundedAccounts()
{
    Mempool pool(50);
    std::vector<Hash256> flood;
    for (int i = 0; i < 50; ++i) {
        const Transaction t = transfer(fresh_key(i), 0);
        QVERIFY(!pool.add(t, *m_ledger));
        flood.push_back(t.id());
    }
    QCOMPARE(pool.size(), std::size_t{50});
    // A staked sender and a funded one each still get in, in place of a fresh key's transaction.
    const Transaction bid = transfer(m_dora, 0);
    QVERIFY(!pool.add(bid, *m_ledger));
    const Transaction order = transfer(m_alice, 0);
    QVERIFY(!pool.add(order, *m_ledger));
    QVERIFY(pool.contains(bid.id()) && pool.contains(order.id()));
    const std::vector<Hash256> evicted = pool.take_evicted();
    QCOMPARE(evicted.size(), std::size_t{2});
    for (const Hash256& id : evicted) QVERIFY(std::find(flood.begin(), flood.end(), id) != flood.end());
    QCOMPARE(pool.size(), std::size_t{50});
    // A block too small for all takes them before the flood that came first (the flood's oldest
    // next), and keeps the order they arrived in.
    const std::vector<PreparedTransaction> block = pool.take(3);
    QCOMPARE(block.size(), std::size_t{3});
    QCOMPARE(block[0].id(), flood[0]);
    QCOMPARE(block[1].id(), bid.id());
    QCOMPARE(block[2].id(), order.id());
    QCOMPARE(pool.size(), std::size_t{47});
    // A funded sender never gives way to a fresh key.
    Mempool funded(2);
    QVERIFY(!funded.add(transfer(m_alice, 0), *m_ledger));
    QVERIFY(!funded.add(transfer(m_alice, 1), *m_ledger));
    QCOMPARE(funded.add(transfer(fresh_key(99), 0), *m_ledger)->code, std::string("mempool_full"));
    QCOMPARE(Mempool::standing(Address::of(m_dora.public_key()), *m_ledger), Mempool::Standing::Provider);
    QCOMPARE(Mempool::standing(Address::of(m_alice.public_key()), *m_ledger), Mempool::Standing::Funded);
    QCOMPARE(Mempool::standing(Address::of(fresh_key(1).public_key()), *m_ledger), Mempool::Standing::Unknown);
}

void TestMempool::freshKeysCannotEvictEachOther()
{
    Mempool pool(10);
    for (int i = 0; i < 10; ++i) QVERIFY(!pool.add(transfer(fresh_key(i), 0), *m_ledger));
    for (int i = 10; i < 30; ++i) QCOMPARE(pool.add(transfer(fresh_key(i), 0), *m_ledger)->code, std::string("mempool_full"));
    QVERIFY(pool.take_evicted().empty());
    QCOMPARE(pool.size(), std::size_t{10});
}

void TestMempool::aFailureInTheMiddleStrandsNothing()
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
    // Included as a failure, it used alice's nonce 0: her nonce-1 transaction is next, not stranded.
    QVERIFY(outcome.receipts.front().included);
    pool.resync(*m_ledger);
    QVERIFY(!pool.contains(too_much.id()));
    QVERIFY(pool.contains(after.id()));
    QVERIFY(pool.contains(bobs.id()));
    QCOMPARE(pool.next_nonce(Address::of(m_alice.public_key()), *m_ledger), std::uint64_t{2});
    const auto next = pool.take(2);
    QCOMPARE(next.front().id(), after.id());
    QVERIFY(m_ledger->apply_block(2, 3000, next).receipts.front().ok());
}

void TestMempool::batchAnswersAsSingleAddsWould_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("one thread") << 1;
    QTest::newRow("two threads") << 2;
    QTest::newRow("four threads") << 4;
    QTest::newRow("one per core") << 0;
}

void TestMempool::batchAnswersAsSingleAddsWould()
{
    QFETCH(int, threads);
    // Enough transactions that the verifier splits them over its threads, with every kind of
    // refusal among them: a forged signature, another chain, a nonce gap, a duplicate.
    std::vector<Transaction> batch;
    // (More than a few of SignatureVerifier's chunks, so that admitting overlaps checking.)
    for (std::uint64_t n = 0; n < 60; ++n) batch.push_back(transfer(m_alice, n));
    Transaction forged = transfer(m_bob, 0);
    forged.signature[3] ^= 0x01;
    batch.push_back(forged);
    batch.push_back(Transaction::make("other", m_bob, 0, tx::WithdrawEarnings{}));
    batch.push_back(transfer(m_bob, 0));
    batch.push_back(transfer(m_bob, 5));
    batch.push_back(batch.front());
    for (std::uint64_t n = 1; n < 40; ++n) batch.push_back(transfer(m_bob, n));
    Transaction forged_late = transfer(m_alice, 60);
    forged_late.signature[40] ^= 0x80;
    batch.push_back(forged_late);
    for (std::uint64_t n = 60; n < 200; ++n) batch.push_back(transfer(m_alice, n));
    Transaction forged_last = transfer(m_bob, 40);
    forged_last.signature[0] ^= 0x04;
    batch.push_back(forged_last);

    Mempool one_by_one(1000);
    std::vector<std::optional<Rejection>> expected;
    for (const Transaction& t : batch) expected.push_back(one_by_one.add(t, *m_ledger));

    Mempool pool(1000);
    SignatureVerifier verifier(threads);
    AdmissionQueue admission = admission_into(pool, verifier);
    std::vector<AdmissionQueue::Outcome> outcomes;
    admission.enqueue(batch, [&](std::vector<AdmissionQueue::Outcome> answered) { outcomes = std::move(answered); });
    admission.admit_all();
    QCOMPARE(admission.size(), std::size_t{0});
    QCOMPARE(outcomes.size(), batch.size());
    std::vector<std::optional<Rejection>> answers;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        // Each answer carries its transaction's id, and says what add() said at its turn.
        QCOMPARE(outcomes[i].id, batch[i].id());
        answers.push_back(outcomes[i].rejection);
        QCOMPARE(answers[i].has_value(), expected[i].has_value());
        if (answers[i]) {
            QCOMPARE(answers[i]->code, expected[i]->code);
            QCOMPARE(answers[i]->message, expected[i]->message);
        }
    }
    QCOMPARE(answers[60]->code, std::string("bad_signature"));
    QCOMPARE(answers[61]->code, std::string("wrong_chain_id"));
    QCOMPARE(answers[63]->code, std::string("bad_nonce"));
    QCOMPARE(answers[64]->code, std::string("duplicate"));
    QCOMPARE(answers[104]->code, std::string("bad_signature"));
    QCOMPARE(answers.back()->code, std::string("bad_signature"));
    QCOMPARE(pool.size(), one_by_one.size());
    QCOMPARE(pool.size(), std::size_t{240});
    const auto taken = pool.take(1000);
    const auto taken_single = one_by_one.take(1000);
    for (std::size_t i = 0; i < taken.size(); ++i) QCOMPARE(taken[i].id(), taken_single[i].id());

    // Applied with what they carry, they make the same block as the plain transactions: the
    // same receipts, a bad signature checked by the ledger included, and the same state root.
    std::vector<PreparedTransaction> carried(taken.begin(), taken.end());
    carried.emplace_back(forged_last);
    std::vector<Transaction> plain;
    for (const PreparedTransaction& t : carried) plain.push_back(t.tx());
    const auto objects = m_ledger->state().all_objects();
    const BlockOutcome from_carried = Ledger::from_objects(objects).apply_block(1, 2000, carried);
    const BlockOutcome from_plain = Ledger::from_objects(objects).apply_block(1, 2000, plain);
    QCOMPARE(from_carried.receipts.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        QCOMPARE(from_carried.receipts[i].tx_id, plain[i].id());
        QCOMPARE(from_carried.receipts[i].tx_id, from_plain.receipts[i].tx_id);
        QCOMPARE(from_carried.receipts[i].included, from_plain.receipts[i].included);
        QCOMPARE(from_carried.receipts[i].message, from_plain.receipts[i].message);
    }
    QCOMPARE(from_carried.receipts.back().error, std::optional<ErrorCode>(ErrorCode::BadSignature));
    QCOMPARE(from_carried.state_root, from_plain.state_root);
}

void TestMempool::batchesAreAdmittedInSubmissionOrder()
{
    // A long batch, then a one-transaction batch whose checks finish long before it, then a
    // short one: nonces 0 to 203 of one sender, which the mempool takes only in order.
    std::vector<std::vector<Transaction>> batches(3);
    for (std::uint64_t n = 0; n < 200; ++n) batches[0].push_back(transfer(m_alice, n));
    batches[1].push_back(transfer(m_alice, 200));
    for (std::uint64_t n = 201; n < 204; ++n) batches[2].push_back(transfer(m_alice, n));

    Mempool pool(1000);
    SignatureVerifier verifier(2);
    AdmissionQueue admission = admission_into(pool, verifier);
    std::vector<std::size_t> answered_order;
    for (std::size_t b = 0; b < batches.size(); ++b)
        admission.enqueue(batches[b], [&, b](std::vector<AdmissionQueue::Outcome> outcomes) {
            answered_order.push_back(b);
            for (const AdmissionQueue::Outcome& outcome : outcomes)
                QVERIFY2(!outcome.rejection, outcome.rejection ? outcome.rejection->message.c_str() : "");
        });
    // Nothing is admitted before this thread's event loop runs: the checks run on the pool.
    QCOMPARE(pool.size(), std::size_t{0});
    QCOMPARE(admission.size(), batches.size());
    QTRY_COMPARE(answered_order.size(), batches.size());
    QCOMPARE(answered_order, (std::vector<std::size_t>{0, 1, 2}));
    QCOMPARE(pool.size(), std::size_t{204});
    const auto taken = pool.take(1000);
    for (std::uint64_t n = 0; n < taken.size(); ++n) QCOMPARE(taken[n].tx().nonce, n);
}

AdmissionQueue TestMempool::admission_into(Mempool& pool, SignatureVerifier& verifier)
{
    return AdmissionQueue(verifier, [this, &pool](PreparedTransaction tx, const Transaction&, bool signature_ok) {
        return pool.add(std::move(tx), *m_ledger, signature_ok ? Ledger::SignatureCheck::AlreadyVerified : Ledger::SignatureCheck::Verify);
    });
}

BERTH_QTEST_GUILESS(TestMempool)
#include "tst_mempool.moc"
