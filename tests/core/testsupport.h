#pragma once

// What the ledger tests of core/ share: QTest::toString specialisations, so that a failing
// QCOMPARE prints "1000000" or "bad_nonce" instead of nothing, helpers that turn events into
// what QCOMPARE prints well, and checks of receipts. Header-only.

#include "chainharness.h"

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
#include <string_view>
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

inline QStringList qstrings(const std::vector<std::string>& items)
{
    QStringList out;
    for (const std::string& item : items) out.append(QString::fromStdString(item));
    return out;
}

/** The names of `events`, in order ("OFFER_SET", …), in a form QCOMPARE prints. */
inline QStringList event_names_of(const std::vector<Event>& events)
{
    QStringList names;
    for (const Event& e : events) names.append(QString::fromLatin1(event_name(e.name).data(), static_cast<qsizetype>(event_name(e.name).size())));
    return names;
}

/** The names of the events that concern `job`, in order, in a form QCOMPARE prints. */
inline QStringList event_names(const ChainHarness& chain, JobId job)
{
    return qstrings(chain.job_event_names(job));
}

/** One detail field of an event, in a form QCOMPARE prints. */
inline QString event_field(const Event& event, std::string_view key)
{
    return QString::fromStdString(event.field(key));
}

/** A decimal amount, as event fields carry it. */
inline QString text(const Amount& amount)
{
    return QString::fromStdString(amount.str());
}

} // namespace berth::test

/** Fails the test unless the receipt `expr` evaluates to is an inclusion; prints the rejection. */
#define VERIFY_ACCEPTED(expr)                                                                              \
    do {                                                                                                   \
        const berth::Receipt receipt_ = (expr);                                                            \
        QVERIFY2(receipt_.ok(), receipt_.message.c_str());                                                 \
    } while (false)

/**
 * Submits the payload (the trailing arguments) from `who` in its own block and fails the test
 * unless it is rejected with `code`, with a message containing `cause`, and changes nothing.
 */
#define VERIFY_REJECTED(chain, who, code, cause, ...)                                                      \
    do {                                                                                                   \
        const std::string problem_ = (chain).rejection_problem((who), berth::tx::Payload(__VA_ARGS__), (code), (cause)); \
        QVERIFY2(problem_.empty(), problem_.c_str());                                                      \
    } while (false)
