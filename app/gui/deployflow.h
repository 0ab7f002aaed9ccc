#pragma once

#include "actionoutcome.h"
#include "amountinput.h"
#include "orderprogress.h"
#include "orderprovidermodel.h"

#include <tenantagent.h>

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace berth::gui {

class NodeClient;
class ProviderListModel;

/**
 * The Deploy wizard's state, from the terms a user types to a confirmed deployment. The page
 * writes the terms into its properties as they are edited; each edit is checked once, here on
 * the GUI thread (the manifest with the field, line and column at fault, the amounts through
 * AmountInput, the deposit against the ledger's minimum), and the market hint and runtime
 * estimate follow the market's offers as blocks change them. submit() hands one OrderRequest to
 * the node and the wizard then follows the order block by block: the window's bids and
 * countdown, the winner, the providers a rule kept from bidding, the manifest upload the node
 * does by itself, and the access URLs.
 */
class DeployFlow : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString instanceType READ instanceType WRITE setInstanceType NOTIFY termsChanged)
    Q_PROPERTY(int replicas READ replicas WRITE setReplicas NOTIFY termsChanged)
    Q_PROPERTY(QString manifest READ manifest WRITE setManifest NOTIFY termsChanged)
    Q_PROPERTY(berth::gui::AmountInput* maxPrice READ maxPrice CONSTANT)
    Q_PROPERTY(berth::gui::AmountInput* deposit READ deposit CONSTANT)
    Q_PROPERTY(QString replicasError READ replicasError NOTIFY termsChanged)
    /** The manifest's problem ("" when it is valid), the field at fault, and where: 1-based line and column, 0 when unknown. */
    Q_PROPERTY(QString manifestError READ manifestError NOTIFY termsChanged)
    Q_PROPERTY(QString manifestField READ manifestField NOTIFY termsChanged)
    Q_PROPERTY(int manifestLine READ manifestLine NOTIFY termsChanged)
    Q_PROPERTY(int manifestColumn READ manifestColumn NOTIFY termsChanged)
    /** The manifest text's position where the line at fault starts, for the editor; -1 when there is none. */
    Q_PROPERTY(int manifestLineStart READ manifestLineStart NOTIFY termsChanged)
    /** The deposit's problem, including a deposit below the ledger's minimum for the max price. */
    Q_PROPERTY(QString depositError READ depositError NOTIFY termsChanged)
    /** The least deposit the ledger takes at the max price (USDC), "" while the price is invalid. */
    Q_PROPERTY(QString minimumDeposit READ minimumDeposit NOTIFY termsChanged)
    Q_PROPERTY(bool instanceValid READ instanceValid NOTIFY termsChanged)
    Q_PROPERTY(bool manifestValid READ manifestValid NOTIFY termsChanged)
    Q_PROPERTY(bool readyToSubmit READ readyToSubmit NOTIFY termsChanged)
    /** What the market offers for the terms: the best price, or why no provider could bid (marketWarning). */
    Q_PROPERTY(QString marketHint READ marketHint NOTIFY marketChanged)
    Q_PROPERTY(bool marketWarning READ marketWarning NOTIFY marketChanged)
    /** How long the deposit lasts at the best current offer and at the max price; "" while an input is invalid. */
    Q_PROPERTY(QString runtimeEstimate READ runtimeEstimate NOTIFY marketChanged)
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
    enum class Stage { Editing, Submitting, Lookup, Matched, Uploading, Deployed, Failed };
    Q_ENUM(Stage)

    DeployFlow(const ProviderListModel& providers, NodeClient& node, QObject* parent = nullptr);

    QString instanceType() const { return m_instance_type; }
    void setInstanceType(const QString& type);
    int replicas() const { return m_replicas; }
    void setReplicas(int replicas);
    QString manifest() const { return m_manifest; }
    void setManifest(const QString& text);
    AmountInput* maxPrice() { return &m_max_price; }
    AmountInput* deposit() { return &m_deposit; }
    QString replicasError() const;
    QString manifestError() const { return m_manifest_problem.message; }
    QString manifestField() const { return m_manifest_problem.field; }
    int manifestLine() const { return m_manifest_problem.line; }
    int manifestColumn() const { return m_manifest_problem.column; }
    int manifestLineStart() const;
    QString depositError() const;
    QString minimumDeposit() const;
    bool instanceValid() const { return !m_instance_type.trimmed().isEmpty() && replicasError().isEmpty() && m_max_price.valid(); }
    bool manifestValid() const { return m_manifest_problem.message.isEmpty(); }
    bool readyToSubmit() const { return instanceValid() && manifestValid() && depositError().isEmpty(); }
    QString marketHint() const { return m_market_hint; }
    bool marketWarning() const { return m_market_warning; }
    QString runtimeEstimate() const { return m_runtime_estimate; }

    /** The seconds an order's deposit must cover at its max price (the chain's min_escrow_seconds). */
    void set_min_escrow_seconds(std::uint64_t seconds);
    /** "" for a whole number of replicas from 1 to the ledger's limit, else what is wrong. */
    static QString replicas_problem(const QString& text);

    /** The text of a bundled manifest template. */
    Q_INVOKABLE QString templateText(const QString& name) const;
    /** Sends the order on the terms set; returns the first problem, or "" when it was sent. */
    Q_INVOKABLE QString submit();
    /** Back to editing, for another deployment; the previous order keeps running. */
    Q_INVOKABLE void reset();

    Stage stage() const { return m_stage; }
    bool busy() const
    {
        return m_stage == Stage::Submitting || m_stage == Stage::Lookup || m_stage == Stage::Matched || m_stage == Stage::Uploading;
    }
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

    /** The node's answers, routed here by NodeHost. */
    void on_submitted(const ActionOutcome& outcome);
    void on_created(JobId job);
    void on_progress(const OrderProgress& progress);
    void on_upload(JobId job, TenantAgent::UploadStage stage, const QString& message);

Q_SIGNALS:
    void changed();
    void termsChanged();
    void marketChanged();

private:
    struct ManifestProblem {
        QString message;
        QString field;
        int line = 0;
        int column = 0;
    };
    /** Checks the manifest once per edit. */
    void check_manifest();
    void on_terms();
    /** Re-reads the market hint and the runtime estimate. */
    void update_market();
    /** The lowest price × replicas among providers with free capacity of the type, if any. */
    std::optional<Amount> best_price() const;
    std::optional<Amount> minimum_deposit_amount() const;
    void fail(const QString& message);

    const ProviderListModel& m_providers;
    NodeClient& m_node;
    QString m_instance_type;
    int m_replicas = 1;
    QString m_manifest;
    ManifestProblem m_manifest_problem;
    AmountInput m_max_price;
    AmountInput m_deposit;
    std::uint64_t m_min_escrow_seconds = 0;
    QString m_market_hint;
    bool m_market_warning = false;
    QString m_runtime_estimate;
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
