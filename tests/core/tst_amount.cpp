#include <amount.h>

#include <testcase.h>

#include <QtTest>

#include "testsupport.h"

#include <limits>
#include <stdexcept>

using namespace berth;

namespace {

/** 2^256 - 1, the largest amount, written out so that the test does not derive it from the code under test. */
constexpr const char* max_digits = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
/** 2^256, one more than fits. */
constexpr const char* max_plus_one_digits = "115792089237316195423570985008687907853269984665640564039457584007913129639936";

Amount max_amount()
{
    return std::numeric_limits<Amount>::max();
}

} // namespace

/**
 * Exact decimal amounts: parsing and formatting USDC (6 decimals) and POND (18 decimals)
 * round-trip without loss, formatting trims trailing fraction zeros, every malformed or
 * out-of-range text is refused with std::invalid_argument naming the problem, and the
 * 256-bit arithmetic throws on overflow and on a negative result instead of wrapping.
 */
class TestAmount : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void denominations();
    void parsesExactly_data();
    void parsesExactly();
    void formatsTrimmed_data();
    void formatsTrimmed();
    void roundTripsText_data();
    void roundTripsText();
    void roundTripsBaseUnits();
    void largestAmountParses();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void baseUnitsRejectDot_data();
    void baseUnitsRejectDot();
    void baseUnitsParse();
    void additionOverflowThrows();
    void multiplicationOverflowThrows();
    void subtractionBelowZeroThrows();
};

void TestAmount::denominations()
{
    QCOMPARE(decimals(Denom::USDC), 6u);
    QCOMPARE(decimals(Denom::POND), 18u);
    QCOMPARE(denom_name(Denom::USDC), std::string_view("USDC"));
    QCOMPARE(denom_name(Denom::POND), std::string_view("POND"));
}

void TestAmount::parsesExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<unsigned>("places");
    QTest::addColumn<QString>("base_units");

    QTest::newRow("usdc whole") << "12" << 6u << "12000000";
    QTest::newRow("usdc fraction") << "12.5" << 6u << "12500000";
    QTest::newRow("usdc smallest unit") << "0.000001" << 6u << "1";
    QTest::newRow("usdc all places") << "3.141592" << 6u << "3141592";
    QTest::newRow("usdc leading dot") << ".5" << 6u << "500000";
    QTest::newRow("usdc leading dot full") << ".000001" << 6u << "1";
    QTest::newRow("usdc zero") << "0" << 6u << "0";
    QTest::newRow("usdc zero fraction") << "0.000000" << 6u << "0";
    QTest::newRow("usdc leading zeros") << "007.25" << 6u << "7250000";
    QTest::newRow("usdc trailing zeros in input") << "1.500000" << 6u << "1500000";
    QTest::newRow("pond whole") << "100" << 18u << "100000000000000000000";
    QTest::newRow("pond smallest unit") << "0.000000000000000001" << 18u << "1";
    QTest::newRow("pond leading dot") << ".25" << 18u << "250000000000000000";
    QTest::newRow("pond all places") << "1.234567890123456789" << 18u << "1234567890123456789";
    QTest::newRow("no decimals") << "42" << 0u << "42";
}

void TestAmount::parsesExactly()
{
    QFETCH(QString, text);
    QFETCH(unsigned, places);
    QFETCH(QString, base_units);
    QCOMPARE(parse_amount(text.toStdString(), places), Amount(base_units.toStdString()));
}

void TestAmount::formatsTrimmed_data()
{
    QTest::addColumn<QString>("base_units");
    QTest::addColumn<unsigned>("places");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero usdc") << "0" << 6u << "0";
    QTest::newRow("one usdc") << "1000000" << 6u << "1";
    QTest::newRow("trailing zeros trimmed") << "1500000" << 6u << "1.5";
    QTest::newRow("inner zeros kept") << "1050000" << 6u << "1.05";
    QTest::newRow("smallest usdc") << "1" << 6u << "0.000001";
    QTest::newRow("below one usdc") << "120000" << 6u << "0.12";
    QTest::newRow("many usdc") << "123456789000000" << 6u << "123456789";
    QTest::newRow("one pond") << "1000000000000000000" << 18u << "1";
    QTest::newRow("smallest pond") << "1" << 18u << "0.000000000000000001";
    QTest::newRow("pond fraction") << "2500000000000000000" << 18u << "2.5";
    QTest::newRow("no decimals") << "1000" << 0u << "1000";
}

void TestAmount::formatsTrimmed()
{
    QFETCH(QString, base_units);
    QFETCH(unsigned, places);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(format_amount(Amount(base_units.toStdString()), places)), text);
}

void TestAmount::roundTripsText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<unsigned>("places");

    // Canonical texts: no trailing fraction zeros, no leading zeros.
    for (const char* text : {"0", "1", "12.5", "0.000001", "999999.999999", "1000000000000"})
        QTest::newRow(qPrintable(QStringLiteral("usdc %1").arg(QLatin1String(text)))) << QString::fromLatin1(text) << 6u;
    for (const char* text : {"0", "100", "0.000000000000000001", "1.23456789012345678", "340282366920938463463.374607431768211455"})
        QTest::newRow(qPrintable(QStringLiteral("pond %1").arg(QLatin1String(text)))) << QString::fromLatin1(text) << 18u;
}

void TestAmount::roundTripsText()
{
    QFETCH(QString, text);
    QFETCH(unsigned, places);
    const Amount parsed = parse_amount(text.toStdString(), places);
    QCOMPARE(QString::fromStdString(format_amount(parsed, places)), text);
}

void TestAmount::roundTripsBaseUnits()
{
    const Amount samples[] = {Amount(0),        Amount(1),       Amount(999999),
                              Amount(1000000),  Amount(1000001), Amount("123456789012345678901234567890"),
                              max_amount() - 1, max_amount()};
    for (unsigned places : {6u, 18u}) {
        for (const Amount& amount : samples) {
            const std::string text = format_amount(amount, places);
            QCOMPARE(parse_amount(text, places), amount);
        }
    }
}

void TestAmount::largestAmountParses()
{
    QCOMPARE(max_amount().str(), std::string(max_digits));
    QCOMPARE(parse_amount(max_digits, 0), max_amount());
    QCOMPARE(parse_base_units(max_digits), max_amount());
    // 2^256 - 1 in POND is 115792…457.584007913129639935: it uses every bit and still fits.
    const std::string pond_max = "115792089237316195423570985008687907853269984665640564039457.584007913129639935";
    QCOMPARE(format_amount(max_amount(), 18), pond_max);
    QCOMPARE(parse_amount(pond_max, 18), max_amount());
    QCOMPARE(format_amount(max_amount(), 6), std::string("115792089237316195423570985008687907853269984665640564039457584007913129.639935"));
}

void TestAmount::rejectsMalformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<unsigned>("places");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty") << "" << 6u << "empty";
    QTest::newRow("minus") << "-1" << 6u << "sign";
    QTest::newRow("plus") << "+1" << 6u << "sign";
    QTest::newRow("minus zero") << "-0" << 18u << "sign";
    QTest::newRow("only a dot") << "." << 6u << "no digits";
    QTest::newRow("trailing dot") << "5." << 6u << "decimal point";
    QTest::newRow("trailing dot pond") << "100." << 18u << "decimal point";
    QTest::newRow("two dots") << "1.2.3" << 6u << "unexpected '.'";
    QTest::newRow("letter") << "12a" << 6u << "unexpected 'a'";
    QTest::newRow("exponent") << "1e6" << 6u << "unexpected 'e'";
    QTest::newRow("inner space") << "1 000" << 6u << "unexpected ' '";
    QTest::newRow("leading space") << " 1" << 6u << "unexpected ' '";
    QTest::newRow("trailing space") << "1 " << 6u << "unexpected ' '";
    QTest::newRow("comma") << "1,5" << 6u << "unexpected ','";
    QTest::newRow("inner minus") << "1-2" << 6u << "unexpected '-'";
    QTest::newRow("letter in fraction") << "1.5x" << 6u << "unexpected 'x'";
    QTest::newRow("too many usdc places") << "0.0000001" << 6u << "7 fraction digits";
    QTest::newRow("too many usdc places, zeros") << "1.0000000" << 6u << "7 fraction digits";
    QTest::newRow("too many pond places") << "0.0000000000000000001" << 18u << "19 fraction digits";
    QTest::newRow("fraction without decimals") << "1.5" << 0u << "1 fraction digits";
    QTest::newRow("2^256 digits") << max_plus_one_digits << 0u << "256 bits";
    QTest::newRow("far over 2^256") << (QString::fromLatin1(max_digits) + "0") << 0u << "256 bits";
    QTest::newRow("2^256-1 scaled by usdc") << max_digits << 6u << "256 bits";
    QTest::newRow("2^256-1 scaled by one place") << max_digits << 1u << "256 bits";
    QTest::newRow("pond max whole plus one") << "115792089237316195423570985008687907853269984665640564039458" << 18u << "256 bits";
    QTest::newRow("pond max plus one unit") << "115792089237316195423570985008687907853269984665640564039457.584007913129639936" << 18u
                                            << "256 bits";
}

void TestAmount::rejectsMalformed()
{
    QFETCH(QString, text);
    QFETCH(unsigned, places);
    QFETCH(QString, reason);
    try {
        const Amount parsed = parse_amount(text.toStdString(), places);
        QFAIL(qPrintable(QStringLiteral("accepted as %1").arg(QString::fromStdString(parsed.str()))));
    } catch (const std::invalid_argument& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(reason), qPrintable(message));
    }
}

void TestAmount::baseUnitsRejectDot_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("fraction") << "1.5";
    QTest::newRow("zero fraction") << "1.0";
    QTest::newRow("trailing dot") << "1.";
    QTest::newRow("leading dot") << ".5";
    QTest::newRow("only a dot") << ".";
}

void TestAmount::baseUnitsRejectDot()
{
    QFETCH(QString, text);
    try {
        parse_base_units(text.toStdString());
        QFAIL("a dot was accepted in base units");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("whole number")), e.what());
    }
}

void TestAmount::baseUnitsParse()
{
    QCOMPARE(parse_base_units("0"), Amount(0));
    QCOMPARE(parse_base_units("1000000"), Amount(1000000));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parse_base_units(""));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parse_base_units("-5"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parse_base_units("5u"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parse_base_units(max_plus_one_digits));
}

void TestAmount::additionOverflowThrows()
{
    const Amount max = max_amount();
    QCOMPARE(max - 1 + 1, max);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, [[maybe_unused]] Amount sum = max + 1);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, [[maybe_unused]] Amount sum = max + max);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, [[maybe_unused]] Amount sum = (max / 2 + 1) + (max / 2 + 1));
    Amount accumulator = max - 10;
    accumulator += 10;
    QCOMPARE(accumulator, max);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, accumulator += 1);
}

void TestAmount::multiplicationOverflowThrows()
{
    const Amount max = max_amount();
    QCOMPARE(max * 1, max);
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, [[maybe_unused]] Amount product = max * 2);
    const Amount half_plus_one = max / 2 + 1; // 2^255
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, [[maybe_unused]] Amount product = half_plus_one * 2);
    // 10^77 fits in 256 bits, 10^78 does not.
    Amount power = 1;
    for (int i = 0; i < 77; ++i) power *= 10;
    QCOMPARE(power.str(), "1" + std::string(77, '0'));
    QVERIFY_THROWS_EXCEPTION(std::overflow_error, power *= 10);
}

void TestAmount::subtractionBelowZeroThrows()
{
    QCOMPARE(Amount(5) - Amount(5), Amount(0));
    QVERIFY_THROWS_EXCEPTION(std::range_error, [[maybe_unused]] Amount difference = Amount(0) - Amount(1));
    QVERIFY_THROWS_EXCEPTION(std::range_error, [[maybe_unused]] Amount difference = Amount(5) - Amount(6));
    QVERIFY_THROWS_EXCEPTION(std::range_error, [[maybe_unused]] Amount difference = Amount(1) - max_amount());
    Amount balance = 100;
    balance -= 100;
    QCOMPARE(balance, Amount(0));
    QVERIFY_THROWS_EXCEPTION(std::range_error, balance -= 1);
}

BERTH_QTEST_APPLESS(TestAmount)
#include "tst_amount.moc"
