#pragma once

#include <QJsonObject>
#include <QString>

namespace berth::cli {

/**
 * How berth-cli shows the node's JSON to people where more than one command shows the same
 * thing: a lease or order as one line of a list, a lease in full, and an event as one line of
 * the log. Only the readable output uses them; --json prints the node's JSON as it came.
 */
class Summaries
{
public:
    /** An address cut to its start and end ("berth1a2b3c4d…9f0e"), for columns. */
    static QString short_address(const QString& address);
    /** Milliseconds since the epoch, as the RPC gives them, in ISO 8601; "-" for none. */
    static QString time_text(const QString& ms);
    /** One lease or order: id, state, instance, provider, price and escrow. */
    static QString lease_line(const QJsonObject& lease);
    /** Every field of a lease worth reading, one labelled line each, and its bids. */
    static QString lease_details(const QJsonObject& lease);
    /** One event: height, name, lease and its data. */
    static QString event_line(const QJsonObject& event);
};

} // namespace berth::cli
