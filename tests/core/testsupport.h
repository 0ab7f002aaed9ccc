#pragma once

// What the unit tests of core/ (amount, transaction, registry, staking, escrow) share:
// QTest::toString specialisations, so that a failing QCOMPARE prints "1000000" or
// "bad_nonce" instead of nothing, and a check that a receipt is an inclusion. Header-only;
// include it after <QtTest>.

#include <address.h>
#include <amount.h>
#include <event.h>
#include <hash.h>
#include <job.h>
#include <ledger.h>
#include <txerror.h>

#include <QtTest>

#include <optional>
#include <string>
#include <vector>

namespace QTest {

template <>
inline char* toString(const berth::Amount& value)
{
    return qstrdup(value.str().c_str());
}

template <>
inline char* toString(const std::string& text)
{
    return qstrdup(text.c_str());
}

template <>
inline char* toString(const berth::ErrorCode& code)
{
    return qstrdup(std::string(berth::error_code_name(code)).c_str());
}

template <>
inline char* toString(const std::optional<berth::ErrorCode>& code)
{
    return qstrdup(code ? std::string(berth::error_code_name(*code)).c_str() : "(accepted)");
}

template <>
inline char* toString(const berth::JobState& state)
{
    return qstrdup(std::string(berth::job_state_name(state)).c_str());
}

template <>
inline char* toString(const berth::CloseReason& reason)
{
    return qstrdup(std::string(berth::close_reason_name(reason)).c_str());
}

template <>
inline char* toString(const berth::Address& address)
{
    return qstrdup(address.str().c_str());
}

template <>
inline char* toString(const berth::Hash256& hash)
{
    return qstrdup(hash.hex().c_str());
}

} // namespace QTest

namespace berth::test {

/** The names of `events`, in order ("OFFER_SET", …), in a form QCOMPARE prints. */
inline QStringList event_names_of(const std::vector<Event>& events)
{
    QStringList names;
    for (const Event& e : events) names.append(QString::fromLatin1(event_name(e.name).data(), static_cast<qsizetype>(event_name(e.name).size())));
    return names;
}

/** One detail field of an event, in a form QCOMPARE prints. */
inline QString event_field(const Event& event, std::string_view key)
{
    return QString::fromStdString(event.field(key));
}

} // namespace berth::test

/** Fails the test unless the receipt `expr` evaluates to is an inclusion; prints the rejection. */
#define VERIFY_INCLUDED(expr)                                                                             \
    do {                                                                                                   \
        const berth::Receipt included_receipt_ = (expr);                                                   \
        QVERIFY2(included_receipt_.ok(), included_receipt_.message.c_str());                               \
    } while (false)
