#pragma once

#include "actionoutcome.h"
#include "orderprogress.h"
#include "orderrequest.h"

#include <hash.h>
#include <job.h>

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace berth {
class Node;
struct BlockHeader;
} // namespace berth

namespace berth::gui {

class CertificateKeeper;
class IdentitySession;

/**
 * The Deploy wizard's order on the node thread, from the request to a confirmed deployment:
 * it stores the manifest, makes sure the chain holds the identity's certificate (the provider
 * takes the manifest over mTLS only from it), sends the order, and then reports each block
 * where the order stands: its bids, the providers a matching rule keeps out and why, and the
 * winner. Once the order is a lease it has the tenant agent upload the manifest when ready.
 */
class OrderFollower
{
    Q_DECLARE_TR_FUNCTIONS(OrderFollower)

public:
    struct Reports {
        std::function<void(const ActionOutcome&)> outcome;
        std::function<void(JobId)> created;
        std::function<void(const OrderProgress&)> progress;
    };

    OrderFollower(QString datadir, Reports reports) : m_datadir(std::move(datadir)), m_reports(std::move(reports)) {}

    /** Sends the order as `identity`; reports a PlaceOrder outcome. */
    void place(Node& node, const IdentitySession& identity, CertificateKeeper& certificates, const OrderRequest& request);
    /** After each block: reports the order's inclusion (or refusal) and its progress until it is deployed or ends. */
    void follow(Node& node, std::uint64_t height);

private:
    OrderProgress progress_of(const Node& node, const Job& job, std::uint64_t height) const;

    QString m_datadir;
    Reports m_reports;
    /** The order before it is on chain. */
    std::optional<Hash256> m_pending;
    JobId m_tracked = 0;
};

} // namespace berth::gui
