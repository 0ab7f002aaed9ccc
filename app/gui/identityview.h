#pragma once

#include "historylistmodel.h"
#include "identityrow.h"
#include "offerlistmodel.h"
#include "spendseriesmodel.h"

#include <QObject>
#include <QSslCertificate>
#include <QString>

namespace berth::gui {

/**
 * The current identity as the Wallet, Provider and Settings pages read it: balances, stake
 * (locked and unlocked), earnings and the escrow of its leases as exact strings; its provider
 * record and offers; its registered certificate with its expiry and whether it is due for
 * renewal; its history and the spend chart's samples. NodeHost feeds it the identity's row
 * with every block and a fresh one on a switch; it only formats, it never calls the node.
 */
class IdentityView : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString address READ address NOTIFY changed)
    Q_PROPERTY(bool demo READ demo NOTIFY changed)
    Q_PROPERTY(QString usdc READ usdc NOTIFY changed)
    Q_PROPERTY(QString pond READ pond NOTIFY changed)
    Q_PROPERTY(QString stake READ stake NOTIFY changed)
    Q_PROPERTY(QString stakeLocked READ stakeLocked NOTIFY changed)
    Q_PROPERTY(QString stakeUnlocked READ stakeUnlocked NOTIFY changed)
    Q_PROPERTY(QString earnings READ earnings NOTIFY changed)
    Q_PROPERTY(bool hasEarnings READ hasEarnings NOTIFY changed)
    Q_PROPERTY(QString stakePerJob READ stakePerJob NOTIFY changed)
    Q_PROPERTY(QString escrowHeld READ escrowHeld NOTIFY totalsChanged)
    Q_PROPERTY(QString spent READ spent NOTIFY totalsChanged)
    Q_PROPERTY(bool registered READ registered NOTIFY changed)
    Q_PROPERTY(QString providerName READ providerName NOTIFY changed)
    Q_PROPERTY(QString region READ region NOTIFY changed)
    Q_PROPERTY(QString endpoint READ endpoint NOTIFY changed)
    Q_PROPERTY(int slashes READ slashes NOTIFY changed)
    Q_PROPERTY(int activeJobs READ activeJobs NOTIFY changed)
    Q_PROPERTY(bool hasCertificate READ hasCertificate NOTIFY changed)
    Q_PROPERTY(QString certificateExpires READ certificateExpires NOTIFY changed)
    Q_PROPERTY(QString certificateFingerprint READ certificateFingerprint NOTIFY changed)
    Q_PROPERTY(bool certificateExpired READ certificateExpired NOTIFY changed)
    Q_PROPERTY(bool certificateNeedsRenewal READ certificateNeedsRenewal NOTIFY changed)
    /** DATADIR/certs holds the registered certificate and its key, so manifests can be uploaded. */
    Q_PROPERTY(bool certificateFiles READ certificateFiles NOTIFY changed)
    Q_PROPERTY(bool certificatePending READ certificatePending NOTIFY changed)
    Q_PROPERTY(berth::gui::OfferListModel* offers READ offers CONSTANT)
    Q_PROPERTY(berth::gui::HistoryListModel* history READ history CONSTANT)
    Q_PROPERTY(berth::gui::SpendSeriesModel* spendSeries READ spendSeries CONSTANT)

public:
    explicit IdentityView(QObject* parent = nullptr);

    /** Shows `row`; `switched` means it is another identity than before, so the history and chart start over. */
    void apply(const IdentityRow& row, bool switched);
    /** The escrow held and the spend of the identity's leases at block time `now_ms`; one chart sample. */
    void set_totals(std::uint64_t now_ms, const Amount& escrow, const Amount& spent);
    void set_stake_per_job(const Amount& amount);

    const IdentityRow& row() const { return m_row; }
    const Amount& stake_per_job_amount() const { return m_stake_per_job; }

    QString name() const { return m_row.name; }
    QString address() const { return m_row.address; }
    bool demo() const { return m_row.demo; }
    QString usdc() const;
    QString pond() const;
    QString stake() const;
    QString stakeLocked() const;
    QString stakeUnlocked() const;
    QString earnings() const;
    bool hasEarnings() const { return m_row.account.earnings > 0; }
    QString stakePerJob() const;
    QString escrowHeld() const { return m_escrow; }
    QString spent() const { return m_spent; }
    bool registered() const { return m_row.provider.has_value(); }
    QString providerName() const { return m_row.provider ? m_row.provider->name : QString(); }
    QString region() const { return m_row.provider ? m_row.provider->region : QString(); }
    QString endpoint() const { return m_row.provider ? m_row.provider->endpoint : QString(); }
    int slashes() const { return m_row.provider ? static_cast<int>(m_row.provider->slashes) : 0; }
    int activeJobs() const { return m_row.provider ? static_cast<int>(m_row.provider->active_jobs) : 0; }
    bool hasCertificate() const { return !m_certificate.isNull(); }
    QString certificateExpires() const;
    QString certificateFingerprint() const;
    bool certificateExpired() const;
    bool certificateNeedsRenewal() const;
    bool certificateFiles() const { return m_row.certificate_files; }
    bool certificatePending() const { return m_row.certificate_pending; }
    OfferListModel* offers() { return &m_offers; }
    HistoryListModel* history() { return &m_history; }
    SpendSeriesModel* spendSeries() { return &m_series; }

Q_SIGNALS:
    void changed();
    void totalsChanged();

private:
    IdentityRow m_row;
    QSslCertificate m_certificate;
    Amount m_stake_per_job = 0;
    QString m_escrow;
    QString m_spent;
    OfferListModel m_offers;
    HistoryListModel m_history;
    SpendSeriesModel m_series;
};

} // namespace berth::gui
