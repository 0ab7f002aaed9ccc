#include "nodeagents.h"

#include "auditoragent.h"
#include "devnet.h"
#include "keystore.h"
#include "logging.h"
#include "node.h"
#include "provideragent.h"
#include "tenantagent.h"

#include <QDir>

#include <set>

namespace berth {

namespace {

ProviderAgent::Options provider_options(const NodeConfig& config)
{
    ProviderAgent::Options options;
    options.allow_commands = config.allow_command_workloads;
    options.workload_program = config.workload_program;
    options.listen = config.provider_listen;
    options.public_host = config.provider_public_host;
    return options;
}

} // namespace

NodeAgents::NodeAgents(Node& node) : m_node(node)
{
    m_tenant = std::make_unique<TenantAgent>(node);
    if (node.mode() == Node::Mode::Devnet) start_devnet_agents();
    if (node.mode() == Node::Mode::Network) start_network_agents();
    // The tenant agent signs delivery receipts for the accounts whose keys this node holds.
    m_tenant->set_key_source([&node](const Address& owner) { return node.own_key(owner); });
}

NodeAgents::~NodeAgents() = default;

void NodeAgents::stop()
{
    // In the reverse of their start, as their members end.
    m_tenant.reset();
    m_auditors.clear();
    m_providers.clear();
}

void NodeAgents::start_devnet_agents()
{
    const QMap<QString, Address>& names = m_node.roster().names;
    const NodeConfig& config = m_node.config();
    const State& state = m_node.ledger().state();
    // The demo providers are the named accounts registered under their own names; the demo
    // auditors are the named accounts the chain lists as auditors.
    for (auto it = names.begin(); it != names.end(); ++it) {
        const Provider* provider = state.providers.find(it.value());
        if (!provider || provider->name != it.key().toStdString()) continue;
        ProviderAgent::Options options = provider_options(config);
        if (it.key() == config.faulty_provider) {
            options.fail_after_s = config.faulty_after_s;
            qCWarning(lcNode).noquote() << it.key() << "is faulty: its workloads die" << config.faulty_after_s << "s after they start";
        }
        m_providers.push_back(std::make_unique<ProviderAgent>(m_node, it.key(), Devnet::demo_key(it.key()), options));
    }
    for (auto it = names.begin(); it != names.end(); ++it)
        if (state.globals().auditors.contains(it.value()))
            m_auditors.push_back(std::make_unique<AuditorAgent>(m_node, it.key(), Devnet::demo_key(it.key())));
}

void NodeAgents::start_network_agents()
{
    const NodeConfig& config = m_node.config();
    const std::set<Address>& auditors = m_node.ledger().state().globals().auditors;
    Keystore keys(QDir(config.datadir).filePath(QStringLiteral("keys")));
    for (const QString& name : keys.names()) {
        try {
            m_own_keys.emplace(name, keys.unlock(name, config.passphrase));
        } catch (const std::exception& e) {
            qCWarning(lcNode).noquote() << "runs no agent for key" << name << ":" << e.what();
        }
    }
    for (const auto& [name, key] : m_own_keys) {
        const Address address = Address::of(key.public_key());
        if (auditors.contains(address)) {
            m_auditors.push_back(std::make_unique<AuditorAgent>(m_node, name, PrivateKey::from_seed(key.seed())));
            qCInfo(lcNode).noquote() << "runs the auditor agent of" << name;
        }
    }
    start_provider_agents();
    // An account of this node that registers as a provider later gets its agent then.
    connect(&m_node, &Node::blockCommitted, this, [this](const BlockHeader&, const std::vector<Event>& events) {
        for (const Event& e : events)
            if (e.name == EventName::ProviderRegistered) start_provider_agents();
    });
}

void NodeAgents::start_provider_agents()
{
    for (const auto& [name, key] : m_own_keys) {
        const Address address = Address::of(key.public_key());
        if (!m_node.ledger().state().providers.find(address) || m_provider_accounts.count(address)) continue;
        m_providers.push_back(
            std::make_unique<ProviderAgent>(m_node, name, PrivateKey::from_seed(key.seed()), provider_options(m_node.config())));
        m_provider_accounts.insert(address);
        qCInfo(lcNode).noquote() << "runs the provider agent of" << name;
    }
}

std::optional<PrivateKey> NodeAgents::own_key(const Address& account) const
{
    for (const auto& [name, key] : m_own_keys)
        if (Address::of(key.public_key()) == account) return PrivateKey::from_seed(key.seed());
    return std::nullopt;
}

} // namespace berth
