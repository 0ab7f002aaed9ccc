#pragma once

#include "actionoutcome.h"

#include <address.h>
#include <certificatepublication.h>

#include <QString>

#include <optional>

namespace berth {
class Node;
}

namespace berth::gui {

class IdentitySession;

/**
 * The identity's TLS certificate on its way to the chain, on the node thread: it publishes a
 * fresh one when asked (or when an order needs one the chain lacks), remembers the one in
 * flight so that it is not sent twice, and writes its PEM files only once a block holds it, so
 * that the files are always the certificate that providers check against.
 */
class CertificateKeeper
{
public:
    explicit CertificateKeeper(QString datadir) : m_datadir(std::move(datadir)) {}

    /** Publishes a fresh certificate for the identity; the outcome of NodeAction::PublishCertificate. */
    ActionOutcome publish(Node& node, const IdentitySession& identity);
    /** Publishes one unless the chain holds the identity's stored certificate or one is on its way; throws on failure. */
    void ensure(Node& node, const IdentitySession& identity);
    /** True while a certificate of `address` waits for a block. */
    bool pending_for(const Address& address) const { return m_pending && m_pending->address == address; }
    /** After a block: writes the files of the certificate in flight if the chain now holds it, and says how that went. */
    std::optional<ActionOutcome> save_if_published(const Node& node, IdentitySession& identity);

private:
    struct Pending {
        QString name;
        Address address;
        CertificatePublication publication;
    };

    QString m_datadir;
    std::optional<Pending> m_pending;
};

} // namespace berth::gui
