#include <decoder.h>
#include <encoder.h>
#include <job.h>
#include <privatekey.h>

#include <testcase.h>

#include <QtTest>

#include <bit>
#include <functional>
#include <limits>

using namespace berth;

/**
 * The compact forms a job is encoded in: each value round-trips at the edges of its byte
 * lengths, every other spelling of a value (an overlong varint, an amount with a leading zero
 * byte) is refused so that one value has one encoding, and a job with every field set
 * round-trips and is refused when truncated or followed by a byte.
 */
class TestEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void varintsRoundTripAtEveryLengthEdge();
    void varintsHaveOneSpelling();
    void compactAmountsRoundTripAndHaveOneSpelling();
    void compactStringsAndCountsAreChecked();
    void jobRoundTripsAndRefusesEveryTruncation();
    void decodingIntoAUsedJobLeavesNothingOfIt();
};

namespace {

Bytes encoded(const std::function<void(Encoder&)>& write)
{
    Encoder out;
    write(out);
    return out.take();
}

template <typename Read>
void expect_refused(const Bytes& bytes, Read read, const char* message_part)
{
    Decoder in(bytes);
    try {
        read(in);
        in.expect_end("value");
        QFAIL(qPrintable(QStringLiteral("accepted %1")
                             .arg(QString::fromLatin1(
                                 QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())).toHex()))));
    } catch (const DecodeError& e) {
        QVERIFY2(std::string(e.what()).find(message_part) != std::string::npos, e.what());
    }
}

Job job_with_every_field()
{
    Job job;
    job.id = 1'000'003;
    job.owner = Address::of(PrivateKey::from_seed(Hash256::of(as_bytes("owner")).bytes()).public_key());
    job.instance_type = "gpu.a100";
    job.replicas = 3;
    job.max_price_per_s = Amount("123456789012345678901234567890");
    job.manifest_hash = Hash256::of(as_bytes("manifest"));
    job.image_url = "https://registry.example/app:1";
    job.created_at_ms = 1'764'000'000'000;
    job.state = JobState::UpdateLease;
    job.close_reason = CloseReason::None;
    job.window_end_height = 4'000'000'000ULL;
    job.lookup_windows = 2;
    job.bids = {Bid{Address::of(PrivateKey::from_seed(Hash256::of(as_bytes("bidder")).bytes()).public_key()), 7, 1, 90}};
    job.excluded = {job.bids[0].provider};
    job.lookup_cause = CloseReason::ProviderExit;
    job.reassignments = 1;
    job.provider = job.bids[0].provider;
    job.price_per_s = std::numeric_limits<Amount>::max();
    job.matched_at_ms = job.created_at_ms + 1;
    job.confirmed_at_ms = job.created_at_ms + 2;
    job.access = Access{"10.0.0.2", {80, 65535}, {"http://10.0.0.2/", ""}};
    job.pending_update = PendingUpdate{"cpu.large", 64, Hash256::of(as_bytes("manifest v2")), Amount(1) << 200};
    job.exit_at_ms = std::numeric_limits<std::uint64_t>::max();
    job.closing_at_ms = 0;
    job.faults = {FaultReport{job.owner, 127}, FaultReport{job.owner, 128}};
    job.escrow = Amount(5) * Amount("1000000000000000000");
    job.spent = 1;
    job.billing = true;
    job.settled_until_ms = job.created_at_ms + 3;
    job.update_requested_at_ms = job.created_at_ms + 4;
    job.access_posted_at_ms = job.created_at_ms + 5;
    job.last_restore_at_ms = job.created_at_ms + 6;
    job.manifest_delivered_at_ms = job.created_at_ms + 7;
    job.segment_start_ms = job.created_at_ms + 8;
    job.segment_charged = Amount(255);
    job.update_refusal = "not enough memory";
    return job;
}

Job decoded_job(const Bytes& bytes)
{
    Decoder in(bytes);
    Job job = Job::decode(in);
    in.expect_end("job");
    return job;
}

} // namespace

void TestEncoding::varintsRoundTripAtEveryLengthEdge()
{
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    for (int bits = 0; bits <= 64; ++bits) {
        // The largest value of `bits` bits, and the smallest of bits + 1.
        const std::uint64_t top = bits == 64 ? max : (std::uint64_t{1} << bits) - 1;
        for (const std::uint64_t value : {top, top == max ? max : top + 1}) {
            const Bytes bytes = encoded([value](Encoder& out) { out.varint(value); });
            const int significant = value == 0 ? 1 : 64 - std::countl_zero(value);
            QCOMPARE(bytes.size(), static_cast<std::size_t>((significant + 6) / 7));
            Decoder in(bytes);
            QCOMPARE(in.varint("value"), value);
            QVERIFY(in.at_end());
        }
    }
    const Bytes large = encoded([](Encoder& out) { out.varint(std::uint64_t{1} << 32); });
    expect_refused(
        large, [](Decoder& in) { in.varint32("replicas"); }, "overflows 32 bits");
}

void TestEncoding::varintsHaveOneSpelling()
{
    // Zero and one spelled with a needless continuation byte.
    expect_refused(
        Bytes{0x80, 0x00}, [](Decoder& in) { in.varint("n"); }, "shortest form");
    expect_refused(
        Bytes{0x81, 0x80, 0x00}, [](Decoder& in) { in.varint("n"); }, "shortest form");
    // Past 64 bits: a tenth byte above 1, and an eleventh byte.
    Bytes overflow(9, 0xff);
    overflow.push_back(0x02);
    expect_refused(
        overflow, [](Decoder& in) { in.varint("n"); }, "overflows 64 bits");
    Bytes eleven(10, 0xff);
    eleven.push_back(0x01);
    expect_refused(
        eleven, [](Decoder& in) { in.varint("n"); }, "overflows 64 bits");
    // A continuation bit with nothing after it.
    expect_refused(
        Bytes{0x80}, [](Decoder& in) { in.varint("n"); }, "truncated at 'n'");
}

void TestEncoding::compactAmountsRoundTripAndHaveOneSpelling()
{
    const Amount max = std::numeric_limits<Amount>::max();
    for (const Amount& value : {Amount(0), Amount(1), Amount(255), Amount(256), Amount("1000000000000000000"), Amount(1) << 255, max}) {
        const Bytes bytes = encoded([&value](Encoder& out) { out.compact_amount(value); });
        const std::size_t significant = value == 0 ? 0 : boost::multiprecision::msb(value) / 8 + 1;
        QCOMPARE(bytes.size(), 1 + significant);
        Decoder in(bytes);
        QCOMPARE(in.compact_amount("amount"), value);
        QVERIFY(in.at_end());
    }
    expect_refused(
        Bytes{0x01, 0x00}, [](Decoder& in) { in.compact_amount("escrow"); }, "leading zero");
    expect_refused(
        Bytes{0x02, 0x00, 0x05}, [](Decoder& in) { in.compact_amount("escrow"); }, "leading zero");
    Bytes too_long(34, 0x01);
    too_long[0] = 33;
    expect_refused(
        too_long, [](Decoder& in) { in.compact_amount("escrow"); }, "at most 32");
    expect_refused(
        Bytes{0x03, 0x01, 0x02}, [](Decoder& in) { in.compact_amount("escrow"); }, "truncated at 'escrow'");
}

void TestEncoding::compactStringsAndCountsAreChecked()
{
    const Bytes text = encoded([](Encoder& out) { out.compact_str("cpu.small"); });
    QCOMPARE(text.size(), std::size_t{10});
    Decoder fits_limit(text);
    QCOMPARE(fits_limit.compact_str("instance_type", 64), std::string("cpu.small"));
    expect_refused(
        text, [](Decoder& in) { in.compact_str("instance_type", 8); }, "the limit is 8");
    // A count of more items than the bytes left could hold is refused before anything is allocated.
    const Bytes count = encoded([](Encoder& out) { out.varint(3).raw(Bytes(64, 0)); });
    expect_refused(
        count, [](Decoder& in) { in.compact_count("bids", 22); }, "more than the input holds");
    Decoder fits(count);
    QCOMPARE(fits.compact_count("bids", 21), 3u);
}

void TestEncoding::jobRoundTripsAndRefusesEveryTruncation()
{
    const Job job = job_with_every_field();
    Encoder out;
    job.encode(out);
    const Bytes bytes = out.take();
    QCOMPARE(decoded_job(bytes), job);

    for (std::size_t size = 0; size < bytes.size(); ++size) {
        const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
        QVERIFY_THROWS_EXCEPTION(DecodeError, decoded_job(cut));
    }
    Bytes longer = bytes;
    longer.push_back(0);
    QVERIFY_THROWS_EXCEPTION(DecodeError, decoded_job(longer));
}

void TestEncoding::decodingIntoAUsedJobLeavesNothingOfIt()
{
    // A walk over the job table decodes every row into one scratch job: a row with fewer bids,
    // URLs, faults and no pending update must not inherit them from the row before.
    Job plain;
    plain.id = 9;
    plain.instance_type = "cpu.small";
    plain.access = Access{"h", {}, {"u"}};
    Encoder full_out, plain_out;
    job_with_every_field().encode(full_out);
    plain.encode(plain_out);

    Job scratch;
    Decoder full_in(full_out.data());
    Job::decode_into(full_in, scratch);
    QCOMPARE(scratch, job_with_every_field());
    Decoder plain_in(plain_out.data());
    Job::decode_into(plain_in, scratch);
    QVERIFY(plain_in.at_end());
    QCOMPARE(scratch, plain);
}

BERTH_QTEST_APPLESS(TestEncoding)
#include "tst_encoding.moc"
