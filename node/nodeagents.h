#pragma once

#include <address.h>
#include <privatekey.h>

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace berth {

class AuditorAgent;
class Node;
class ProviderAgent;
class TenantAgent;

/**
 * The agents a node runs inside itself, and the keys they sign with: on the devnet, the demo
 * providers' and auditors' agents; on a network, those of the keys in the node's keystore (an
 * auditor of the genesis, an account registered as a provider, also one that registers later);
 * and the tenant agent that uploads the manifests of the node's accounts. They start with the
 * node and stop before its RPC does.
 */
class NodeAgents : public QObject
{
    Q_OBJECT

public:
    /** Starts the agents of the node's mode; its chain is open. */
    explicit NodeAgents(Node& node);
    ~NodeAgents() override;

    /** Ends every agent; the keys stay for own_key(). */
    void stop();
    /** Null once stopped. */
    TenantAgent* tenant() const { return m_tenant.get(); }
    /** The key of an account of the node's keystore, unlocked at start on a network. */
    std::optional<PrivateKey> own_key(const Address& account) const;

private:
    void start_devnet_agents();
    void start_network_agents();
    /** The agents of the node's accounts that are registered providers and have none yet. */
    void start_provider_agents();

    Node& m_node;
    std::map<QString, PrivateKey> m_own_keys;
    std::set<Address> m_provider_accounts;
    std::vector<std::unique_ptr<ProviderAgent>> m_providers;
    std::vector<std::unique_ptr<AuditorAgent>> m_auditors;
    std::unique_ptr<TenantAgent> m_tenant;
};

} // namespace berth
