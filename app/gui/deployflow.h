#pragma once

#include "orderprogress.h"
#include "orderprovidermodel.h"
#include "orderrequest.h"

#include <tenantagent.h>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>

namespace berth::gui {

class ProviderListModel;

/**
 * The Deploy wizard's state, from the terms a user types to a confirmed deployment. It
 * validates every input on the GUI thread (the manifest with the field and line at fault,
 * amounts through the same parser as top-ups), estimates how long the deposit lasts from the
 * market's current offers, hands one OrderRequest to the node thread, and then follows the
 * order block by block: the bids of the window and its countdown, the winner, the providers a
 * rule kept from bidding, the manifest upload the node does by itself, and the access URLs.
 */
class DeployFlow : public QObject
{
    Q_OBJECT
    /** The most replicas a lease may have: the ledger's limit, for the replica fields. */
    Q_PROPERTY(int maxReplicas READ maxReplicas CONSTANT)
    Q_PROPERTY(Stage stage READ stage NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString orderId READ orderId NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(QString lifecycleState READ lifecycleState NOTIFY changed)
    Q_PROPERTY(int windowBlocksLeft READ windowBlocksLeft NOTIFY changed)
    Q_PROPERTY(int lookupWindow READ lookupWindow NOTIFY changed)
    Q_PROPERTY(QString winnerName READ winnerName NOTIFY changed)
    Q_PROPERTY(QString price READ price NOTIFY changed)
    Q_PROPERTY(QStringList urls READ urls NOTIFY changed)
    Q_PROPERTY(QString uploadStatus READ uploadStatus NOTIFY changed)
    Q_PROPERTY(int excludedTotal READ excludedTotal NOTIFY changed)
    Q_PROPERTY(berth::gui::OrderProviderModel* bids READ bids CONSTANT)
    Q_PROPERTY(berth::gui::OrderProviderModel* excluded READ excluded CONSTANT)
    Q_PROPERTY(QStringList templateNames READ templateNames CONSTANT)

public:
    static int maxReplicas();
    enum class Stage { Editing, Submitting, Lookup, Matched, Uploading, Deployed, Failed };
    Q_ENUM(Stage)

    /** `send` queues a request on the node thread, or returns why it cannot (the node is not running). */
    DeployFlow(const ProviderListModel& providers, std::function<QString(const OrderRequest&)> send, QObject* parent = nullptr);

    /** The message for a manifest, or an empty map when it is valid: {"message", "field", "line"} (line counts from 1, 0 if unknown). */
    Q_INVOKABLE QVariantMap checkManifest(const QString& text) const;
    /** "" for a valid positive USDC amount, else what is wrong with it. */
    Q_INVOKABLE QString checkAmount(const QString& text) const;
    /** The problem with a max price per second (USDC, up to 18 decimals), or "" when it is valid. */
    Q_INVOKABLE QString checkPrice(const QString& text) const;
    /** "" for 1 to 16 replicas, else what is wrong. */
    Q_INVOKABLE QString checkReplicas(const QString& text) const;
    /**
     * What the market offers for these terms, as {"text", "warning"}: the best price, or (with
     * warning true) why no provider could bid; empty while the terms do not parse.
     */
    Q_INVOKABLE QVariantMap marketHint(const QString& instance_type, const QString& replicas, const QString& max_price) const;
    /** How long the deposit lasts at the best current offer and at the max price; "" while an input is invalid. */
    Q_INVOKABLE QString runtimeEstimate(const QString& instance_type, const QString& replicas, const QString& max_price,
                                        const QString& deposit) const;
    /** The text of a bundled manifest template. */
    Q_INVOKABLE QString templateText(const QString& name) const;
    /** Validates everything and sends the order; returns the first problem, or "" when it was sent. */
    Q_INVOKABLE QString submit(const QString& instance_type, const QString& replicas, const QString& max_price,
                               const QString& manifest, const QString& deposit);
    /** Back to editing, for another deployment; the previous order keeps running. */
    Q_INVOKABLE void reset();

    Stage stage() const { return m_stage; }
    bool busy() const { return m_stage == Stage::Submitting || m_stage == Stage::Lookup || m_stage == Stage::Matched || m_stage == Stage::Uploading; }
    QString orderId() const { return m_job == 0 ? QString() : QString::number(m_job); }
    QString status() const { return m_status; }
    QString error() const { return m_error; }
    QString lifecycleState() const { return m_lifecycle_state; }
    int windowBlocksLeft() const { return m_window_blocks_left; }
    int lookupWindow() const { return m_lookup_window; }
    QString winnerName() const { return m_winner_name; }
    QString price() const { return m_price; }
    QStringList urls() const { return m_urls; }
    QString uploadStatus() const { return m_upload_status; }
    int excludedTotal() const { return m_excluded_total; }
    OrderProviderModel* bids() { return &m_bids; }
    OrderProviderModel* excluded() { return &m_excluded; }
    QStringList templateNames() const;

    /** The node thread's answers, routed here by NodeHost. */
    void on_submitted(const QString& error_code, const QString& error_message);
    void on_created(JobId job);
    void on_progress(const OrderProgress& progress);
    void on_upload(JobId job, TenantAgent::UploadStage stage, const QString& message);

Q_SIGNALS:
    void changed();

private:
    struct Terms {
        QString instance_type;
        std::uint32_t replicas = 0;
        Amount max_price_per_s = 0;
    };
    /** The terms if all three parse; `error` says which does not. */
    std::optional<Terms> parse_terms(const QString& instance_type, const QString& replicas, const QString& max_price, QString* error) const;
    /** The lowest price × replicas among providers with free capacity of the type, if any. */
    std::optional<Amount> best_price(const Terms& terms) const;
    void fail(const QString& message);

    const ProviderListModel& m_providers;
    std::function<QString(const OrderRequest&)> m_send;
    OrderProviderModel m_bids;
    OrderProviderModel m_excluded;
    Stage m_stage = Stage::Editing;
    JobId m_job = 0;
    QString m_status;
    QString m_error;
    QString m_lifecycle_state;
    int m_window_blocks_left = 0;
    int m_lookup_window = 0;
    QString m_winner_name;
    QString m_price;
    QStringList m_urls;
    QString m_upload_status;
    int m_excluded_total = 0;
};

} // namespace berth::gui
