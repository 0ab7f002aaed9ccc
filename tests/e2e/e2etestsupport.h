#pragma once

// What the end-to-end tests share beside their support library: waiting for a condition,
// settings from the environment, and amounts as text. Header-only.

#include <amount.h>

#include <QDeadlineTimer>
#include <QString>
#include <QTest>
#include <QtGlobal>

#include <functional>

namespace berth::test {

/** Polls `condition` until it holds or `timeout_ms` passes, running the event loop in between. */
inline bool wait_until(const std::function<bool()>& condition, int timeout_ms)
{
    QDeadlineTimer deadline(timeout_ms);
    while (!deadline.hasExpired()) {
        if (condition()) return true;
        QTest::qWait(100);
    }
    return condition();
}

/** The positive integer in the environment variable `name`, or `fallback`. */
inline int from_environment(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

/** An amount in base units, as text. */
inline QString text(const Amount& amount)
{
    return QString::fromStdString(to_string(amount));
}

} // namespace berth::test
