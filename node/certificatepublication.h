#pragma once

#include "tlsidentity.h"

#include <address.h>
#include <bytes.h>
#include <hash.h>
#include <transaction.h>

#include <QDateTime>
#include <QSslCertificate>
#include <QString>

namespace berth {

/**
 * An account's certificate on its way to the chain, the one flow `berth-cli cert create` and
 * the GUI's Settings page share: a fresh TlsIdentity for the account's address, the
 * PublishCertificate transaction that carries its DER, and the PEM files in DATADIR/certs,
 * written only once the chain holds exactly this certificate so that the files are always the
 * ones peers check against. It also says when a registered certificate is due for renewal.
 */
class CertificatePublication
{
public:
    static constexpr int valid_days = 365;
    /** A certificate that expires within this many days is offered for renewal. */
    static constexpr int renew_within_days = 30;

    /** Generates the key and certificate for `address`; throws TlsIdentityError. */
    explicit CertificatePublication(const Address& address);

    tx::PublishCertificate transaction() const;
    /** True when `registered` (an account's on-chain DER) is this certificate. */
    bool held_by(const Bytes& registered) const;
    /** Writes the PEM files for key `name`; call it once the chain holds the certificate. Throws TlsIdentityError. */
    void save(const QString& datadir, const QString& name) const;
    const TlsIdentity& identity() const { return m_identity; }
    /** The SHA-256 of the certificate's DER, as a user compares it with what a peer presents. */
    Hash256 fingerprint() const;

    /** True when `certificate` has expired or expires within renew_within_days of `now`. */
    static bool needs_renewal(const QSslCertificate& certificate, const QDateTime& now);

private:
    TlsIdentity m_identity;
};

} // namespace berth
