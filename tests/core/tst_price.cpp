#include <price.h>

#include <testcase.h>

#include <QRandomGenerator>
#include <QtTest>

#include "testsupport.h"

#include <limits>
#include <stdexcept>

using namespace berth;

namespace {

Amount rate(const char* digits)
{
    return Amount(digits);
}

/** A reproducible source of test values. */
QRandomGenerator generator()
{
    return QRandomGenerator(20261204);
}

} // namespace

/**
 * Prices as rates of 10^-12 USDC base units per second: formatting and strict parsing of
 * base units per second with up to 12 decimals, the conversion from and to USDC per hour
 * with its written rounding rule (per-hour input rounds down to the next rate, per-hour
 * display rounds half up to 12 decimals of USDC, so a per-hour input with at most 12 decimals
 * shows back as typed), and the billing arithmetic: charges round down once, minimum escrows
 * round up, and the seconds a budget covers are exactly the last whole second it pays for.
 */
class TestPrice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scaleIsTwelveDecimals();
    void formatsPerSecond_data();
    void formatsPerSecond();
    void parsesPerSecond_data();
    void parsesPerSecond();
    void rejectsMalformedPerSecond_data();
    void rejectsMalformedPerSecond();
    void perSecondRoundTrips();
    void parsesPerHourRoundingDown_data();
    void parsesPerHourRoundingDown();
    void rejectsMalformedPerHour_data();
    void rejectsMalformedPerHour();
    void formatsPerHourRoundingHalfUp_data();
    void formatsPerHourRoundingHalfUp();
    void perHourInputShowsBackAsTyped();
    void fromBaseUnits();
    void usdcPerSecondIsExact();
    void chargeRoundsDownCoverRoundsUp();
    void secondsCoveredIsTheLastPaidSecond();
    void secondsCoveredSaturates();
};

void TestPrice::scaleIsTwelveDecimals()
{
    QCOMPARE(price::rate_decimals, 12u);
    QCOMPARE(price::scale(), Amount("1000000000000"));
}

void TestPrice::formatsPerSecond_data()
{
    QTest::addColumn<QString>("rate");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << "0"
                          << "0";
    QTest::newRow("smallest rate") << "1"
                                   << "0.000000000001";
    QTest::newRow("one base unit") << "1000000000000"
                                   << "1";
    QTest::newRow("whole base units print as before") << "20000000000000"
                                                      << "20";
    QTest::newRow("trailing zeros trimmed") << "1500000000000"
                                            << "1.5";
    QTest::newRow("0.02 USDC/h") << "5555555555555"
                                 << "5.555555555555";
    QTest::newRow("0.0123 USDC/h") << "3416666666666"
                                   << "3.416666666666";
    QTest::newRow("all twelve places") << "123456789012345"
                                       << "123.456789012345";
}

void TestPrice::formatsPerSecond()
{
    QFETCH(QString, rate);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(price::format_per_s(Amount(rate.toStdString()))), text);
}

void TestPrice::parsesPerSecond_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rate");
    QTest::newRow("integer") << "20"
                             << "20000000000000";
    QTest::newRow("zero") << "0"
                          << "0";
    QTest::newRow("smallest") << "0.000000000001"
                              << "1";
    QTest::newRow("twelve places") << "5.555555555555"
                                   << "5555555555555";
    QTest::newRow("fewer places") << "0.5"
                                  << "500000000000";
    QTest::newRow("trailing zeros") << "9.000000000000"
                                    << "9000000000000";
}

void TestPrice::parsesPerSecond()
{
    QFETCH(QString, text);
    QFETCH(QString, rate);
    QCOMPARE(price::parse_per_s(text.toStdString()), Amount(rate.toStdString()));
}

void TestPrice::rejectsMalformedPerSecond_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cause");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("thirteen places") << "0.0000000000001"
                                     << "at most 12";
    QTest::newRow("negative") << "-1"
                              << "sign";
    QTest::newRow("plus") << "+1"
                          << "sign";
    QTest::newRow("exponent") << "1e3"
                              << "unexpected 'e'";
    QTest::newRow("space") << " 1"
                           << "unexpected ' '";
    QTest::newRow("comma") << "0,5"
                           << "unexpected ','";
    QTest::newRow("dangling dot") << "1."
                                  << "decimal point";
    QTest::newRow("lone dot") << "."
                              << "no digits";
    QTest::newRow("over 256 bits") << "115792089237316195423570985008687907853269984665640564039457584007913129639935"
                                   << "256 bits";
}

void TestPrice::rejectsMalformedPerSecond()
{
    QFETCH(QString, text);
    QFETCH(QString, cause);
    try {
        price::parse_per_s(text.toStdString());
        QFAIL("accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(cause), e.what());
    }
}

void TestPrice::perSecondRoundTrips()
{
    QRandomGenerator random = generator();
    for (int i = 0; i < 2000; ++i) {
        const Amount r = Amount(random.generate64()) * random.bounded(1u << 20) + random.bounded(1000u);
        const std::string text = price::format_per_s(r);
        QCOMPARE(price::parse_per_s(text), r);
    }
}

void TestPrice::parsesPerHourRoundingDown_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rate");
    // rate = floor(H × 10^18 / 3600)
    QTest::newRow("0.0123 USDC/h") << "0.0123"
                                   << "3416666666666"; // 3416666666666.66… rounds down
    QTest::newRow("0.02 USDC/h") << "0.02"
                                 << "5555555555555"; // 5555555555555.55… rounds down
    QTest::newRow("one base unit per second") << "0.0036"
                                              << "1000000000000";
    QTest::newRow("36 USDC/h") << "36"
                               << "10000000000000000";
    QTest::newRow("zero") << "0"
                          << "0";
    QTest::newRow("18 places, below one rate") << "0.000000000000003599"
                                               << "0";
    QTest::newRow("exactly one rate") << "0.0000000000000036"
                                      << "1";
    QTest::newRow("just below two rates") << "0.000000000000007199"
                                          << "1";
}

void TestPrice::parsesPerHourRoundingDown()
{
    QFETCH(QString, text);
    QFETCH(QString, rate);
    QCOMPARE(price::parse_per_hour(text.toStdString()), Amount(rate.toStdString()));
}

void TestPrice::rejectsMalformedPerHour_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cause");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("nineteen places") << "0.0000000000000000001"
                                     << "at most 18";
    QTest::newRow("negative") << "-0.01"
                              << "sign";
    QTest::newRow("unit suffix") << "0.01USDC"
                                 << "unexpected 'U'";
    QTest::newRow("exponent") << "1e-2"
                              << "unexpected 'e'";
}

void TestPrice::rejectsMalformedPerHour()
{
    QFETCH(QString, text);
    QFETCH(QString, cause);
    try {
        price::parse_per_hour(text.toStdString());
        QFAIL("accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(cause), e.what());
    }
}

void TestPrice::formatsPerHourRoundingHalfUp_data()
{
    QTest::addColumn<QString>("rate");
    QTest::addColumn<QString>("text");
    // rate × 3600 in 10^-18 USDC per hour, rounded half up to 10^-12 USDC.
    QTest::newRow("0.0123 USDC/h") << "3416666666666"
                                   << "0.0123"; // 0.0122999999999976
    QTest::newRow("0.02 USDC/h") << "5555555555555"
                                 << "0.02"; // 0.019999999999998
    QTest::newRow("one base unit per second") << "1000000000000"
                                              << "0.0036";
    QTest::newRow("20 base units per second") << "20000000000000"
                                              << "0.072";
    QTest::newRow("zero") << "0"
                          << "0";
    QTest::newRow("smallest rate rounds to zero") << "1"
                                                  << "0"; // 0.0000000000000036
    QTest::newRow("just below half") << "138"
                                     << "0"; // 0.0000000000004968
    QTest::newRow("just above half") << "139"
                                     << "0.000000000001"; // 0.0000000000005004
    QTest::newRow("exact half rounds up") << "1250"
                                          << "0.000000000005"; // 0.0000000000045
}

void TestPrice::formatsPerHourRoundingHalfUp()
{
    QFETCH(QString, rate);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(price::format_per_hour(Amount(rate.toStdString()))), text);
}

void TestPrice::perHourInputShowsBackAsTyped()
{
    // Rounding down loses less than 3600 × 10^-18 USDC per hour, under half of the 12th decimal.
    QRandomGenerator random = generator();
    for (int i = 0; i < 2000; ++i) {
        const Amount typed = Amount(random.generate64()) * random.bounded(1u << 12) + random.bounded(1000u); // in 10^-12 USDC
        const std::string text = format_amount(typed, 12);
        QCOMPARE(price::format_per_hour(price::parse_per_hour(text)), text);
    }
    QCOMPARE(price::format_per_hour(price::parse_per_hour("0.000000000001")), std::string("0.000000000001"));
}

void TestPrice::fromBaseUnits()
{
    QCOMPARE(price::from_base_units(20), Amount("20000000000000"));
    QCOMPARE(price::from_base_units(0), Amount(0));
    QCOMPARE(price::format_per_s(price::from_base_units(9)), std::string("9"));
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, price::from_base_units(std::numeric_limits<Amount>::max()));
}

void TestPrice::usdcPerSecondIsExact()
{
    QCOMPARE(price::format_usdc_per_s(price::from_base_units(20)), std::string("0.00002"));
    QCOMPARE(price::format_usdc_per_s(rate("3416666666666")), std::string("0.000003416666666666"));
    QCOMPARE(price::format_usdc_per_s(1), std::string("0.000000000000000001"));
    QCOMPARE(price::parse_usdc_per_s("0.000003416666666666"), rate("3416666666666"));
    QCOMPARE(price::parse_usdc_per_s("0.00002"), price::from_base_units(20));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, price::parse_usdc_per_s("0.0000000000000000001"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, price::parse_usdc_per_s("1e-6"));
}

void TestPrice::chargeRoundsDownCoverRoundsUp()
{
    const Amount r = rate("3416666666666"); // 0.0123 USDC/h
    QCOMPARE(price::charge(r, 0), Amount(0));
    QCOMPARE(price::charge(r, 1), Amount(3));        // 3.416666666666
    QCOMPARE(price::charge(r, 3), Amount(10));       // 10.249999999998
    QCOMPARE(price::charge(r, 3600), Amount(12299)); // 12299.9999999976: one base unit short of 0.0123 USDC
    QCOMPARE(price::cover(r, 1), Amount(4));
    QCOMPARE(price::cover(r, 3600), Amount(12300));
    QCOMPARE(price::cover(price::from_base_units(50), 60), Amount(3000)); // exact: no rounding
    QCOMPARE(price::charge(price::from_base_units(20), 14), Amount(280));
    // A product beyond 256 bits is computed exactly before it is divided down.
    const Amount big = std::numeric_limits<Amount>::max() / 2;
    QCOMPARE(price::charge(big, 1'000'000'000'000), big);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, price::cover(std::numeric_limits<Amount>::max(), 2'000'000'000'000));

    QRandomGenerator random = generator();
    for (int i = 0; i < 2000; ++i) {
        const Amount rr = Amount(random.generate64()) + 1;
        const std::uint64_t s = random.bounded(1u << 30);
        const Amount c = price::charge(rr, s);
        const Amount exact_times_scale = rr * s;
        QVERIFY(c * price::scale() <= exact_times_scale);
        QVERIFY(exact_times_scale < (c + 1) * price::scale());
        const Amount m = price::cover(rr, s);
        QVERIFY(m * price::scale() >= exact_times_scale);
        QVERIFY(m == 0 || (m - 1) * price::scale() < exact_times_scale);
    }
}

void TestPrice::secondsCoveredIsTheLastPaidSecond()
{
    const Amount r = rate("3416666666666");
    QCOMPARE(price::seconds_covered(r, 0), std::uint64_t{0}); // the first second costs 3
    QCOMPARE(price::seconds_covered(r, 3), std::uint64_t{1});
    QCOMPARE(price::seconds_covered(r, 9), std::uint64_t{2}); // 3 s cost 10
    QCOMPARE(price::seconds_covered(r, 10), std::uint64_t{3});
    QCOMPARE(price::seconds_covered(price::from_base_units(20), 3007), std::uint64_t{150});
    QCOMPARE(price::seconds_covered(rate("1"), 0), std::uint64_t{999'999'999'999}); // a rate that rounds to nothing for a while
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, price::seconds_covered(0, 10));

    QRandomGenerator random = generator();
    for (int i = 0; i < 2000; ++i) {
        const Amount rr = Amount(random.generate64()) * (1 + random.bounded(1u << 16)) + 1;
        const Amount budget = Amount(random.generate64()) * random.bounded(1u << 8);
        const std::uint64_t s = price::seconds_covered(rr, budget);
        QVERIFY(price::charge(rr, s) <= budget);
        if (s < UINT64_MAX) QVERIFY(price::charge(rr, s + 1) > budget);
    }
}

void TestPrice::secondsCoveredSaturates()
{
    QCOMPARE(price::seconds_covered(rate("1"), std::numeric_limits<Amount>::max()), std::numeric_limits<std::uint64_t>::max());
    QCOMPARE(price::seconds_covered(std::numeric_limits<Amount>::max(), std::numeric_limits<Amount>::max()), std::uint64_t{1'000'000'000'000});
}

BERTH_QTEST_GUILESS(TestPrice)
#include "tst_price.moc"
