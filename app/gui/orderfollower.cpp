#include "orderfollower.h"

#include "certificatekeeper.h"
#include "identitysession.h"

#include <matchingengine.h>
#include <node.h>
#include <orderdraft.h>
#include <tenantagent.h>

#include <set>

namespace berth::gui {

void OrderFollower::place(Node& node, const IdentitySession& identity, CertificateKeeper& certificates, const OrderRequest& request)
{
    try {
        const OrderTerms terms{request.instance_type.toStdString(), request.replicas, request.max_price_per_s, request.deposit, std::string()};
        tx::CreateOrder order = OrderDraft(m_datadir).create(terms, request.manifest);
        // The provider takes the manifest over mTLS only from the certificate the chain holds for us.
        certificates.ensure(node, identity);
        Hash256 id;
        if (const auto rejection = identity.sign_and_submit(node, std::move(order), &id)) {
            m_reports.outcome(ActionOutcome::failure(NodeAction::PlaceOrder, QString::fromStdString(rejection->code),
                                                     QString::fromStdString(rejection->message)));
            return;
        }
        m_pending = id;
        m_tracked = 0;
        ActionOutcome sent = ActionOutcome::success(NodeAction::PlaceOrder);
        sent.transaction_id = QString::fromStdString(id.hex());
        m_reports.outcome(sent);
    } catch (const OrderDraftError& e) {
        const QString code = e.code() == OrderDraftError::Code::InvalidManifest ? QStringLiteral("invalid_manifest")
                             : e.code() == OrderDraftError::Code::Storage       ? QStringLiteral("io_error")
                                                                                : QStringLiteral("invalid_terms");
        m_reports.outcome(ActionOutcome::failure(NodeAction::PlaceOrder, code, QString::fromUtf8(e.what())));
    } catch (const std::exception& e) {
        m_reports.outcome(ActionOutcome::failure(NodeAction::PlaceOrder, QStringLiteral("internal"), QString::fromUtf8(e.what())));
    }
}

void OrderFollower::follow(Node& node, std::uint64_t height)
{
    if (m_pending) {
        const TxStatus status = node.status(*m_pending);
        if (status.kind == TxStatus::Kind::Rejected) {
            m_pending.reset();
            m_reports.outcome(
                ActionOutcome::failure(NodeAction::PlaceOrder, QString::fromStdString(status.code), QString::fromStdString(status.message)));
        } else if (status.kind == TxStatus::Kind::Included && status.created_job != 0) {
            m_pending.reset();
            m_tracked = status.created_job;
            if (TenantAgent* tenant = node.tenant()) tenant->upload_when_ready(m_tracked);
            m_reports.created(m_tracked);
        }
    }
    if (m_tracked == 0) return;
    const Job* job = node.ledger().state().jobs.find(m_tracked);
    if (!job) return;
    m_reports.progress(progress_of(node, *job, height));
    // Past confirmation the Leases page follows it; the wizard needs nothing more.
    if (job->is_final() || job->state == JobState::DeploymentConfirmed) m_tracked = 0;
}

OrderProgress OrderFollower::progress_of(const Node& node, const Job& job, std::uint64_t height) const
{
    const State& state = node.ledger().state();
    const auto name_of = [&state](const Address& address) {
        const Provider* provider = state.providers.find(address);
        return provider ? QString::fromStdString(provider->name) : QString::fromStdString(address.str());
    };
    OrderProgress progress;
    progress.job = job;
    progress.height = height;
    if (!job.provider.is_null()) progress.provider_name = name_of(job.provider);
    std::set<Address> bidders;
    for (const Bid& bid : job.bids) {
        bidders.insert(bid.provider);
        progress.bids.push_back(OrderProviderRow{QString::fromStdString(bid.provider.str()), name_of(bid.provider), bid.price_per_s, QString()});
    }
    if (job.state != JobState::ProviderLookup) return progress;
    // "Why no bids": every provider that has not bid, with the matching rule that keeps it out.
    const MatchingEngine engine(state);
    for (const auto& [address, provider] : state.providers.ordered()) {
        if (bidders.count(address) != 0) continue;
        const auto offer = provider.offers.find(job.instance_type);
        const Amount price = offer == provider.offers.end() ? Amount(0) : offer->second.price_per_s * job.replicas;
        const auto why = engine.ineligibility(job, address, price);
        ++progress.excluded_total;
        if (progress.excluded.size() < OrderProgress::max_excluded_rows)
            progress.excluded.push_back(OrderProviderRow{QString::fromStdString(address.str()), QString::fromStdString(provider.name), price,
                                                         why ? QString::fromUtf8(why->what()) : tr("eligible, has not bid yet")});
    }
    return progress;
}

} // namespace berth::gui
