#include "certificatekeeper.h"

#include "identitysession.h"

#include <node.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <stdexcept>

namespace berth::gui {

ActionOutcome CertificateKeeper::publish(Node& node, const IdentitySession& identity)
{
    try {
        CertificatePublication publication(identity.owner());
        if (const auto rejection = identity.sign_and_submit(node, publication.transaction()))
            return ActionOutcome::failure(NodeAction::PublishCertificate, QString::fromStdString(rejection->code),
                                          QString::fromStdString(rejection->message));
        m_pending.emplace(Pending{identity.name(), identity.owner(), std::move(publication)});
        return ActionOutcome::success(NodeAction::PublishCertificate);
    } catch (const std::exception& e) {
        return ActionOutcome::failure(NodeAction::PublishCertificate, QStringLiteral("certificate_error"), QString::fromStdString(e.what()));
    }
}

void CertificateKeeper::ensure(Node& node, const IdentitySession& identity)
{
    const std::optional<TlsIdentity> stored = TlsIdentity::find(m_datadir, identity.owner());
    const Account* account = node.ledger().state().accounts.find(identity.owner());
    if (stored && account && account->certificate == to_bytes(stored->der())) return;
    if (pending_for(identity.owner())) return;
    const ActionOutcome outcome = publish(node, identity);
    if (!outcome.ok())
        throw std::runtime_error(QStringLiteral("the certificate was refused (%1): %2").arg(outcome.code, outcome.message).toStdString());
}

std::optional<ActionOutcome> CertificateKeeper::save_if_published(const Node& node, IdentitySession& identity)
{
    if (!m_pending) return std::nullopt;
    const Account* account = node.ledger().state().accounts.find(m_pending->address);
    if (!account || !m_pending->publication.held_by(account->certificate)) return std::nullopt;
    const Pending pending = std::move(*m_pending);
    m_pending.reset();
    try {
        pending.publication.save(m_datadir, pending.name);
        if (pending.address == identity.owner()) identity.refresh_certificate_files();
        return ActionOutcome::success(NodeAction::CertificateSaved);
    } catch (const TlsIdentityError& e) {
        return ActionOutcome::failure(NodeAction::CertificateSaved, QStringLiteral("certificate_error"), QString::fromStdString(e.what()));
    }
}

} // namespace berth::gui
