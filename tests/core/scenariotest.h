#pragma once

// What the scenario tests (lifecycle, matchmaking, slashing, randomized) share: how QCOMPARE
// prints the ledger's types when a comparison fails, and checks of receipts. Header-only.

#include <QtTest>

#include "chainharness.h"

#include <amount.h>
#include <address.h>
#include <job.h>
#include <txerror.h>

#include <string>
#include <vector>

template <>
inline char* QTest::toString<berth::Amount>(const berth::Amount& amount)
{
    return qstrdup(amount.str().c_str());
}

namespace berth {

inline char* toString(JobState state)
{
    return qstrdup(std::string(job_state_name(state)).c_str());
}

inline char* toString(CloseReason reason)
{
    return qstrdup(std::string(close_reason_name(reason)).c_str());
}

inline char* toString(ErrorCode code)
{
    return qstrdup(std::string(error_code_name(code)).c_str());
}

inline char* toString(const Address& address)
{
    return qstrdup(address.str().c_str());
}

namespace test {

inline QStringList qstrings(const std::vector<std::string>& items)
{
    QStringList out;
    for (const std::string& item : items) out.append(QString::fromStdString(item));
    return out;
}

/** The names of the events that concern `job`, in order, as QCOMPARE prints them well. */
inline QStringList event_names(const ChainHarness& chain, JobId job)
{
    return qstrings(chain.job_event_names(job));
}

/** One detail field of an event, as QCOMPARE prints it well. */
inline QString field(const Event& event, std::string_view key)
{
    return QString::fromStdString(event.field(key));
}

/** A decimal amount, as event fields carry it. */
inline QString text(const Amount& amount)
{
    return QString::fromStdString(amount.str());
}

/** The names of `events`, in order. */
inline QStringList names_of(const std::vector<Event>& events)
{
    QStringList out;
    for (const Event& e : events) out.append(QString::fromUtf8(event_name(e.name).data(), static_cast<qsizetype>(event_name(e.name).size())));
    return out;
}

} // namespace test
} // namespace berth

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
