#include "provideragent.h"

#include "logging.h"
#include "node.h"

#include <matchingengine.h>
#include <transaction.h>

namespace berth {

ProviderAgent::ProviderAgent(Node& node, QString name, PrivateKey key)
    : m_node(node), m_name(std::move(name)), m_key(std::move(key)), m_address(Address::of(m_key.public_key()))
{
    connect(&m_node, &Node::blockCommitted, this, &ProviderAgent::on_block);
}

void ProviderAgent::send(tx::Payload payload, const char* what)
{
    const std::uint64_t nonce = m_node.next_nonce(m_address);
    const Transaction t = Transaction::make(m_node.ledger().params().chain_id, m_key, nonce, std::move(payload));
    if (auto rejection = m_node.submit(t))
        qCWarning(lcAgent).noquote() << m_name << what << "refused:" << QString::fromStdString(rejection->message);
    else
        qCDebug(lcAgent).noquote() << m_name << what;
}

void ProviderAgent::on_block(const BlockHeader&, const std::vector<Event>& events)
{
    const State& state = m_node.ledger().state();
    const Provider* self = state.providers.find(m_address);
    if (!self) return;
    for (const Event& e : events) {
        const Job* job = state.jobs.find(e.job);
        if (!job) continue;
        switch (e.name) {
        case EventName::ProviderLookup: {
            if (job->state != JobState::ProviderLookup) break;
            auto offer = self->offers.find(job->instance_type);
            if (offer == self->offers.end()) break;
            const Amount price = offer->second.price_per_s * m_price_factor_bps / 10000;
            // Bid only where the chain would accept it; the ledger checks again when the window closes.
            if (MatchingEngine(state).ineligibility(*job, m_address, price)) break;
            send(tx::CreateBid{job->id, price}, "bid");
            break;
        }
        case EventName::CreateLease:
            if (job->state == JobState::CreateLease && job->provider == m_address) send(tx::LeaseReady{job->id}, "lease ready");
            break;
        case EventName::CloseLease:
            if (job->state == JobState::CloseLease && job->provider == m_address) send(tx::LeaseClosed{job->id}, "lease closed");
            break;
        default:
            break;
        }
    }
}

} // namespace berth
