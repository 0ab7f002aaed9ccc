#pragma once

#include "ordering.h"
#include "store.h"

#include <account.h>
#include <block.h>
#include <job.h>
#include <params.h>
#include <provider.h>

#include <QJsonObject>

/**
 * How chain objects look in RPC and CLI JSON: amounts as decimal strings of base units,
 * ids as strings, states and event names as in docs/design.md, "Lease states" and "Lifecycle".
 */
namespace berth::jsonview {

/** A lease as of block time `now_ms`: escrow and spend include what has accrued but is not yet settled. */
QJsonObject lease(const Job& job, std::uint64_t now_ms);
/** `params` tells what each offered instance type gives a replica. */
QJsonObject provider(const Address& address, const Provider& provider, const Account* account, const Params& params);
QJsonObject account(const Address& address, const Account& account);
QJsonObject event(std::uint64_t height, const Event& event);
QJsonObject block(const Block& block);
/** The ordering's view: its kind, the leader's key, etcd's members, whether this node is in step. */
QJsonObject ordering(const OrderingInfo& info);

} // namespace berth::jsonview
