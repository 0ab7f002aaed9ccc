#include "testsupport.h"

#include <encodedtable.h>
#include <encoder.h>

#include <testcase.h>

#include <QtTest>

#include <algorithm>
#include <map>

using namespace berth;

namespace {
Job job_with(JobId id, std::uint32_t replicas)
{
    Job job;
    job.id = id;
    job.instance_type = "cpu.small";
    job.replicas = replicas;
    job.escrow = Amount(1000) * id;
    job.access = Access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};
    return job;
}

Bytes encoding_of(const Job& job)
{
    Encoder out;
    job.encode(out);
    return out.take();
}

Bytes bytes_of(std::optional<ByteView> view)
{
    return view ? Bytes(view->begin(), view->end()) : Bytes{};
}

/** Every row as for_each sees it; throws if the walk is not in key order or repeats a row. */
std::map<JobId, std::uint32_t> replicas_of(const EncodedTable<JobId, Job>& table)
{
    std::map<JobId, std::uint32_t> rows;
    std::vector<JobId> walked;
    table.for_each([&](JobId id, const Job& job) {
        rows.emplace(id, job.replicas);
        walked.push_back(id);
    });
    if (!std::is_sorted(walked.begin(), walked.end()) || rows.size() != walked.size())
        throw std::logic_error("for_each did not walk the rows once each in key order");
    return rows;
}
} // namespace

/**
 * The ledger's table of rows held encoded (the jobs): rows are decoded when read, changes are
 * journaled and rolled back as in Table, and the rows a block changed are encoded again when
 * the block takes them.
 */
class TestEncodedTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadedRowsAreReadBackDecoded();
    void committedWritesAreEncodedWhenTheBlockTakesThem();
    void rollbackRestoresWrittenErasedAndCreatedRows();
    void aRowThatGrowsAndShrinksRestsInItsLatestEncoding();
    void walksSeeUncommittedRowsButNotErasedOnes();
    void aCorruptRowFailsWhenRead();
    void rowsFarApartAreFoundAndWalkedInKeyOrder();
};

void TestEncodedTable::loadedRowsAreReadBackDecoded()
{
    EncodedTable<JobId, Job> table("job");
    table.load(1, job_with(1, 2));
    table.load_encoded(2, encoding_of(job_with(2, 3)));
    QCOMPARE(table.size(), std::size_t{2});
    QVERIFY(table.contains(1));
    QVERIFY(!table.contains(3));
    QVERIFY(table.find(3) == nullptr);
    QVERIFY(*table.find(1) == job_with(1, 2));
    QVERIFY(*table.find(2) == job_with(2, 3));
    QCOMPARE(bytes_of(table.encoded(2)), encoding_of(job_with(2, 3)));
    QVERIFY(!table.encoded(3));
}

void TestEncodedTable::committedWritesAreEncodedWhenTheBlockTakesThem()
{
    EncodedTable<JobId, Job> table("job");
    table.load(1, job_with(1, 1));
    table.load(2, job_with(2, 1));
    table.write(1).replicas = 5;
    table.write(7) = job_with(7, 4);
    QCOMPARE(table.touched(), (std::vector<JobId>{1, 7}));
    table.commit();
    table.erase(2);
    table.commit();
    QCOMPARE(table.size(), std::size_t{2});
    QCOMPARE(table.find(1)->replicas, 5u);
    QCOMPARE(table.take_dirty(), (std::vector<JobId>{1, 2, 7}));
    QCOMPARE(bytes_of(table.encoded(1)), encoding_of(job_with(1, 5)));
    QCOMPARE(bytes_of(table.encoded(7)), encoding_of(job_with(7, 4)));
    QVERIFY(!table.encoded(2));
    QVERIFY(table.find(2) == nullptr);
    QCOMPARE(table.find(1)->replicas, 5u);
    QVERIFY(table.take_dirty().empty());
}

void TestEncodedTable::aRowThatGrowsAndShrinksRestsInItsLatestEncoding()
{
    // Each block rewrites the row's block in place when the encoding fits and moves it when not:
    // a longer host than the growth room, a shorter one, and the long one again. The row starts
    // in a block lent by the table, between its neighbours', which must never be written over.
    EncodedTable<JobId, Job> table("job");
    for (JobId id : {0u, 1u, 2u}) table.load(id, job_with(id, 1));
    for (const std::size_t host_length : {1u, 200u, 3u, 40u, 201u, 0u}) {
        Job changed = job_with(1, static_cast<std::uint32_t>(host_length));
        changed.access.host = std::string(host_length, 'h');
        table.write(1) = changed;
        table.commit();
        std::vector<std::pair<JobId, Bytes>> handed;
        table.take_dirty([&](JobId id, const std::optional<ByteView>& encoding) { handed.emplace_back(id, bytes_of(encoding)); });
        QCOMPARE(handed, (std::vector<std::pair<JobId, Bytes>>{{1, encoding_of(changed)}}));
        QCOMPARE(bytes_of(table.encoded(1)), encoding_of(changed));
        QVERIFY(*table.find(1) == changed);
        QCOMPARE(bytes_of(table.encoded(0)), encoding_of(job_with(0, 1)));
        QCOMPARE(bytes_of(table.encoded(2)), encoding_of(job_with(2, 1)));
    }
}

void TestEncodedTable::rollbackRestoresWrittenErasedAndCreatedRows()
{
    EncodedTable<JobId, Job> table("job");
    table.load(1, job_with(1, 1));
    table.load(2, job_with(2, 1));
    // A committed write earlier in the block survives the rollback of a later transaction.
    table.write(1).replicas = 2;
    table.commit();
    table.write(1).replicas = 9;
    table.erase(2);
    table.write(3) = job_with(3, 3);
    QCOMPARE(table.size(), std::size_t{2});
    table.rollback();
    QCOMPARE(table.size(), std::size_t{2});
    QCOMPARE(table.find(1)->replicas, 2u);
    QVERIFY(*table.find(2) == job_with(2, 1));
    QVERIFY(table.find(3) == nullptr);
    QVERIFY(!table.contains(3));
    QCOMPARE(replicas_of(table), (std::map<JobId, std::uint32_t>{{1, 2}, {2, 1}}));
    QCOMPARE(table.take_dirty(), (std::vector<JobId>{1}));
    QCOMPARE(bytes_of(table.encoded(1)), encoding_of(job_with(1, 2)));
    QCOMPARE(bytes_of(table.encoded(2)), encoding_of(job_with(2, 1)));
    QVERIFY(!table.encoded(3));
}

void TestEncodedTable::walksSeeUncommittedRowsButNotErasedOnes()
{
    EncodedTable<JobId, Job> table("job");
    for (JobId id = 1; id <= 5; ++id) table.load(id, job_with(id, 1));
    table.write(4).replicas = 8;
    table.erase(2);
    table.write(9) = job_with(9, 6);
    table.find(5); // a row only read is cached too, and walked once
    QCOMPARE(replicas_of(table), (std::map<JobId, std::uint32_t>{{1, 1}, {3, 1}, {4, 8}, {5, 1}, {9, 6}}));
    table.commit();
    table.take_dirty();
    QCOMPARE(replicas_of(table), (std::map<JobId, std::uint32_t>{{1, 1}, {3, 1}, {4, 8}, {5, 1}, {9, 6}}));
}

void TestEncodedTable::aCorruptRowFailsWhenRead()
{
    EncodedTable<JobId, Job> table("job");
    Bytes truncated = encoding_of(job_with(1, 1));
    truncated.resize(truncated.size() / 2);
    table.load_encoded(1, truncated);
    Bytes trailing = encoding_of(job_with(2, 1));
    trailing.push_back(0);
    table.load_encoded(2, trailing);
    QVERIFY_THROWS_EXCEPTION(DecodeError, table.find(1));
    try {
        table.find(2);
        QFAIL("a job with a trailing byte was decoded");
    } catch (const DecodeError& e) {
        QVERIFY2(std::string(e.what()).find("job") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(DecodeError, table.for_each([](JobId, const Job&) {}));
}

void TestEncodedTable::rowsFarApartAreFoundAndWalkedInKeyOrder()
{
    // Rows on one page, on neighbouring pages and on one far away, loaded out of order; then a
    // block creates rows between them and erases one.
    EncodedTable<JobId, Job> table("job");
    const JobId far = JobId{1} << 40;
    for (JobId id : {far, JobId{1025}, JobId{3}, JobId{1023}, JobId{1024}}) table.load(id, job_with(id, 1));
    QCOMPARE(table.size(), std::size_t{5});
    QVERIFY(*table.find(far) == job_with(far, 1));
    QVERIFY(table.find(far + 1) == nullptr);
    QVERIFY(table.find(2048) == nullptr);
    table.write(2000) = job_with(2000, 2);
    table.write(0) = job_with(0, 2);
    table.erase(1024);
    table.commit();
    const std::map<JobId, std::uint32_t> expected{{0, 2}, {3, 1}, {1023, 1}, {1025, 1}, {2000, 2}, {far, 1}};
    QCOMPARE(replicas_of(table), expected);
    table.take_dirty();
    QCOMPARE(replicas_of(table), expected);
    QCOMPARE(table.size(), std::size_t{6});
    QVERIFY(!table.contains(1024));
    QVERIFY(!table.encoded(1024));
}

BERTH_QTEST_GUILESS(TestEncodedTable)
#include "tst_encodedtable.moc"
