#pragma once

#include <address.h>

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>
#include <stdexcept>

namespace berth {

/** Creating, reading or writing a TLS identity failed; the message names the file or the OpenSSL step. */
class TlsIdentityError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * An account's mTLS identity: a P-256 key and a self-signed X.509 certificate whose common
 * name is the account's address, usable for both client and server authentication. Its DER
 * is what the account publishes on chain; peers are then checked against that registered
 * certificate rather than against any CA. The PEM files live in the data directory under
 * certs/, named after the key, so that curl and berth-cli can use them directly.
 */
class TlsIdentity
{
public:
    TlsIdentity(QSslCertificate certificate, QSslKey key);

    /** A fresh key and certificate for `address`, valid from an hour ago for `valid_days`. Throws TlsIdentityError. */
    static TlsIdentity generate(const Address& address, int valid_days = 365);
    /** The identity stored for key `name` in `datadir`, or nullopt when either file is missing. Throws on a corrupt file. */
    static std::optional<TlsIdentity> load(const QString& datadir, const QString& name);
    /** The stored identity whose certificate names `address`, whatever its key name. Throws on a corrupt file. */
    static std::optional<TlsIdentity> find(const QString& datadir, const Address& address);
    /** Writes both PEM files atomically (the key readable by the owner only). Throws TlsIdentityError. */
    void save(const QString& datadir, const QString& name) const;

    static QString certificate_path(const QString& datadir, const QString& name);
    static QString key_path(const QString& datadir, const QString& name);

    const QSslCertificate& certificate() const { return m_certificate; }
    const QSslKey& key() const { return m_key; }
    QByteArray der() const { return m_certificate.toDer(); }

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
};

} // namespace berth
