#pragma once

#include <event.h>

#include <QObject>
#include <QString>

#include <vector>

namespace berth {

class Node;
struct BlockHeader;

/**
 * The user's side of a reassignment, running inside the node: when a job that was slashed
 * away from its provider is matched again and reaches LEASE_READY, it uploads the job's
 * manifest to the new provider over mTLS, so that the workload comes back without the user
 * doing anything. It acts for the accounts whose TLS identity is in this node's data
 * directory and uses the manifests berth-cli stored there when the order was made.
 */
class TenantAgent : public QObject
{
    Q_OBJECT

public:
    explicit TenantAgent(Node& node);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void reupload(JobId lease);

    Node& m_node;
};

} // namespace berth
