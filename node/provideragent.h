#pragma once

#include <event.h>
#include <privatekey.h>
#include <transaction.h>

#include <QObject>
#include <QString>

namespace berth {

class Node;
struct BlockHeader;

/**
 * A provider's agent running inside the node: it watches each committed block's events,
 * bids its offer price on PROVIDER_LOOKUP orders it is eligible for, confirms the
 * reservation with LEASE_READY when it wins (CREATE_LEASE), and acknowledges a user's
 * CLOSE_LEASE with LEASE_CLOSED. It signs with the provider's own key and submits through
 * the node's mempool like any client.
 */
class ProviderAgent : public QObject
{
    Q_OBJECT

public:
    ProviderAgent(Node& node, QString name, PrivateKey key);

    /** Bid = offer price × this factor in basis points (10000 = the offer price). */
    void set_price_factor_bps(std::uint32_t bps) { m_price_factor_bps = bps; }

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void send(tx::Payload payload, const char* what);

    Node& m_node;
    QString m_name;
    PrivateKey m_key;
    Address m_address;
    std::uint32_t m_price_factor_bps = 10000;
};

} // namespace berth
