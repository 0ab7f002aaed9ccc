#include "certificatepublication.h"

#include "qtbytes.h"

namespace berth {

CertificatePublication::CertificatePublication(const Address& address) : m_identity(TlsIdentity::generate(address, valid_days)) {}

tx::PublishCertificate CertificatePublication::transaction() const
{
    const QByteArray der = m_identity.der();
    return tx::PublishCertificate{Bytes(der.begin(), der.end())};
}

bool CertificatePublication::held_by(const Bytes& registered) const
{
    return to_qbytearray(registered) == m_identity.der();
}

Hash256 CertificatePublication::fingerprint() const
{
    return Hash256::of(as_byte_view(m_identity.der()));
}

void CertificatePublication::save(const QString& datadir, const QString& name) const
{
    m_identity.save(datadir, name);
}

bool CertificatePublication::needs_renewal(const QSslCertificate& certificate, const QDateTime& now)
{
    return certificate.isNull() || certificate.expiryDate() <= now.addDays(renew_within_days);
}

} // namespace berth
