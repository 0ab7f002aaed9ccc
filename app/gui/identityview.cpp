#include "identityview.h"

#include <certificatepublication.h>
#include <qtbytes.h>

#include <QCryptographicHash>

namespace berth::gui {

IdentityView::IdentityView(QObject* parent) : QObject(parent) {}

void IdentityView::apply(const IdentityRow& row, bool switched)
{
    if (row.account.certificate != m_row.account.certificate || switched) {
        // Parsed only when it changes: a certificate is a few hundred bytes of DER.
        const QList<QSslCertificate> parsed = QSslCertificate::fromData(to_qbytearray(row.account.certificate), QSsl::Der);
        m_certificate = row.account.certificate.empty() || parsed.isEmpty() ? QSslCertificate() : parsed.first();
    }
    m_row = row;
    m_offers.apply(row.provider ? row.provider->offers : OfferRows{});
    if (switched) m_series.clear();
    Q_EMIT changed();
}

void IdentityView::set_totals(std::uint64_t now_ms, const Amount& escrow, const Amount& spent)
{
    QString escrow_text = format_usdc(escrow);
    QString spent_text = format_usdc(spent);
    m_series.sample(now_ms, escrow, spent);
    if (escrow_text == m_escrow && spent_text == m_spent) return;
    m_escrow = std::move(escrow_text);
    m_spent = std::move(spent_text);
    Q_EMIT totalsChanged();
}

void IdentityView::set_stake_per_job(const Amount& amount)
{
    m_stake_per_job = amount;
    Q_EMIT changed();
}

QString IdentityView::usdc() const
{
    return format_usdc(m_row.account.usdc);
}
QString IdentityView::pond() const
{
    return format_pond(m_row.account.pond);
}
QString IdentityView::stake() const
{
    return format_pond(m_row.account.stake);
}
QString IdentityView::stakeLocked() const
{
    return format_pond(m_row.locked_stake());
}
QString IdentityView::stakeUnlocked() const
{
    return format_pond(m_row.unlocked_stake());
}
QString IdentityView::earnings() const
{
    return format_usdc(m_row.account.earnings);
}
QString IdentityView::stakePerJob() const
{
    return format_pond(m_stake_per_job);
}

QString IdentityView::certificateExpires() const
{
    return m_certificate.isNull() ? QString() : m_certificate.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString IdentityView::certificateFingerprint() const
{
    if (m_certificate.isNull()) return QString();
    return QString::fromLatin1(QCryptographicHash::hash(m_certificate.toDer(), QCryptographicHash::Sha256).toHex());
}

bool IdentityView::certificateExpired() const
{
    return !m_certificate.isNull() && m_certificate.expiryDate() <= QDateTime::currentDateTimeUtc();
}

bool IdentityView::certificateNeedsRenewal() const
{
    return !m_certificate.isNull() && CertificatePublication::needs_renewal(m_certificate, QDateTime::currentDateTimeUtc());
}

} // namespace berth::gui
