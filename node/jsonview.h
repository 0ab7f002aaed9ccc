#pragma once

#include "ordering.h"
#include "store.h"

#include <account.h>
#include <block.h>
#include <job.h>
#include <params.h>
#include <price.h>
#include <provider.h>
#include <state.h>

#include <QJsonObject>
#include <QString>

/**
 * How chain objects look in RPC and CLI JSON: amounts as decimal strings of base units,
 * ids as strings, states and event names as in docs/design.md, "Lease states" and "Lifecycle".
 */
namespace berth::jsonview {

/** An amount as a decimal string of base units, the form JsonReader::amount() reads. */
inline QString amount_text(const Amount& value)
{
    return QString::fromStdString(value.str());
}
/** A rate as decimal base units per second, the form JsonReader::price() reads. */
inline QString price_text(const Amount& rate)
{
    return QString::fromStdString(price::format_per_s(rate));
}
/** A rate as decimal USDC per hour, rounded to 12 decimals. */
inline QString price_per_hour_text(const Amount& rate)
{
    return QString::fromStdString(price::format_per_hour(rate));
}
/** The form JsonReader::instance_type() reads: {"name", "vcpus", "memory_mib", "processes"}, numbers as strings. */
QJsonObject instance_type(const InstanceType& type);

/** A lease as of block time `now_ms`: escrow and spend include what has accrued but is not yet settled. */
QJsonObject lease(const Job& job, std::uint64_t now_ms);
/** `state` gives the provider's stake, what its jobs lock, and what each offered instance type gives a replica. */
QJsonObject provider(const Address& address, const Provider& provider, const State& state);
/** An address that holds nothing yet shows zeros. */
QJsonObject account(const Address& address, const State& state);
QJsonObject event(std::uint64_t height, const Event& event);
QJsonObject block(const Block& block);
/** The ordering's view: its kind, the leader's key, etcd's members, whether this node is in step. */
QJsonObject ordering(const OrderingInfo& info);

} // namespace berth::jsonview
