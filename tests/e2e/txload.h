#pragma once

#include "berthdprocess.h"

#include <transaction.h>

#include <QString>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

namespace berth::test {

/**
 * A load generator for crash and disk tests: it submits signed lifecycle transactions
 * (alice's orders and the faucet's transfers) through a berthd's RPC, polls their status,
 * and remembers every transaction RPC reported as included and at which height, and the
 * highest height RPC reported, so that a test can check after a crash that none was lost.
 */
class TxLoad
{
public:
    explicit TxLoad(std::uint32_t seed) : m_random(seed) {}

    /** Submits and polls for `ms` milliseconds; stops early if the node stops answering. */
    void run_for(BerthdProcess& node, int ms);
    /** Forgets the pending transactions: the node that held them is gone. */
    void forget_pending() { m_pending.clear(); }
    /** Every transaction reported included must still be included at the same height; returns the first problem, or "". */
    QString lost_transaction(BerthdProcess& node) const;

    const std::map<QString, QString>& included() const { return m_included; }
    std::uint64_t reported_height() const { return m_reported_height; }

    /** Signs `payload` as the devnet account `who` with its next nonce and posts it to /tx. */
    static BerthdProcess::Reply submit(BerthdProcess& node, const QString& who, tx::Payload payload);

private:
    std::mt19937 m_random;
    std::map<QString, QString> m_included; // tx id → height reported by RPC
    std::vector<QString> m_pending;
    std::uint64_t m_reported_height = 0;
};

} // namespace berth::test
