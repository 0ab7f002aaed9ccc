#pragma once

#include "blockdelta.h"
#include "identitysnapshot.h"
#include "nodesnapshot.h"
#include "orderprogress.h"
#include "orderrequest.h"

#include <address.h>
#include <amount.h>
#include <certificatepublication.h>
#include <event.h>
#include <job.h>
#include <hash.h>
#include <mempool.h>
#include <nodeconfig.h>
#include <privatekey.h>
#include <tenantagent.h>
#include <transaction.h>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

class QThread;

namespace berth {
class Keystore;
class Node;
struct BlockHeader;
} // namespace berth

namespace berth::gui {

class LeaseLogFeed;

/**
 * The node's side of the GUI bridge. It lives on the node thread, creates and owns the Node
 * there, and turns what the node does into value-type signals (a snapshot once, a delta per
 * block, the result of each action) that NodeHost receives through queued connections. It
 * also holds the current identity: a key of the keystore in DATADIR/keys, unlocked here on
 * the node thread (never on the GUI thread), whose key signs every action the GUI sends.
 * Nothing outside this object touches the Node or the unlocked key.
 */
class NodeWorker : public QObject
{
    Q_OBJECT

public:
    /** `identity` names the keystore account the GUI starts as (a devnet demo account unlocks by itself). */
    NodeWorker(NodeConfig config, const QString& identity);
    ~NodeWorker() override;

    /** The thread the Node object lives on, once started; for checks from other threads. */
    QThread* node_thread() const { return m_node_thread.load(); }

    /**
     * The unlocked key of the current identity, for signing transactions on the node thread.
     * Throws std::runtime_error when no identity is unlocked. Call it on the node thread only.
     */
    const PrivateKey& signing_key() const;
    /**
     * Signs `payload` with signing_key() and the identity's next nonce and submits it: nullopt
     * when the mempool took it, the rejection otherwise; `id`, if given, receives the transaction id. Throws std::runtime_error when the node
     * is not running or no identity is unlocked. Node thread only.
     */
    std::optional<Rejection> sign_and_submit(tx::Payload payload, Hash256* id = nullptr);

public Q_SLOTS:
    void start();
    /** Stops and destroys the node, then ends the thread's event loop. */
    void stop();
    void submit(const QByteArray& encoded_transaction);
    /** Signs and submits an action on the identity's lease `job` (a top-up, update or close). */
    void lease_action(JobId job, const tx::Payload& payload);
    /**
     * Publishes the identity's TLS certificate first if the chain lacks it, stores the
     * manifest, signs and submits the CreateOrder, and from then on reports the order's
     * progress every block and has the node upload the manifest once the lease is ready.
     */
    void create_order(const berth::gui::OrderRequest& request);
    /** Signs and submits `payload` as the identity; actionDone(action, ...) reports the node's answer. */
    void send(const QString& action, const tx::Payload& payload);
    /** Unlocks `name` (demo accounts without a passphrase) and rescans for it; identitySwitched or actionDone("switch", error). */
    void switch_identity(const QString& name, const QString& passphrase);
    /** Stores a new random key; accountsChanged and actionDone("create") follow. */
    void create_account(const QString& name, const QString& passphrase);
    /** Stores the exported key file at `path` as `name`; accountsChanged and actionDone("import") follow. */
    void import_account(const QString& name, const QString& path);
    /** Writes the encrypted key file of `name` to `path`; actionDone("export") follows. */
    void export_account(const QString& name, const QString& path);
    /** Publishes a fresh certificate for the identity; its PEM files are written once a block holds it. */
    void publish_certificate();
    /** Has `feed` follow the lease's logs at its provider, as the identity; or tells it why it cannot. */
    void open_logs(LeaseLogFeed& feed, JobId lease);

Q_SIGNALS:
    void started(const berth::gui::NodeSnapshot& snapshot);
    void failed(const QString& message);
    void blockApplied(const berth::gui::BlockDelta& delta);
    void submitted(const QString& transaction_id, const QString& error_code, const QString& error_message);
    /** The node's answer to a lease action; an empty code means accepted into the mempool. */
    void leaseActionDone(const QString& lease_id, const QString& error_code, const QString& error_message);
    /** The node's answer to create_order; an empty code means the order is in the mempool. */
    void orderSubmitted(const QString& error_code, const QString& error_message);
    /** The order was included in a block and became job `job`. */
    void orderCreated(berth::JobId job);
    void orderProgress(const berth::gui::OrderProgress& progress);
    void uploadProgress(berth::JobId lease, berth::TenantAgent::UploadStage stage, const QString& message);
    /** The outcome of send() and the account actions; an empty code means it worked. */
    void actionDone(const QString& action, const QString& error_code, const QString& error_message);
    void identitySwitched(const berth::gui::IdentitySnapshot& snapshot);
    void accountsChanged(const QList<berth::gui::AccountRow>& accounts);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    BlockSummary summary(const BlockHeader& header) const;
    /**
     * Publishes a new certificate (its files follow once a block holds it) unless the chain
     * holds the identity's stored one or one is on its way; throws on failure.
     */
    void ensure_certificate();
    /** sign_and_submit's outcome as an error code and message, both empty when the mempool took it. */
    std::pair<QString, QString> try_submit(const tx::Payload& payload);
    /** Reports the pending order's inclusion and the tracked order's progress. */
    void follow_order(const BlockHeader& header);
    OrderProgress progress_of(const Job& job, std::uint64_t height) const;
    Keystore keystore() const;
    bool is_demo(const QString& name, const Address& address) const;
    /** Unlocks `name` and makes it the identity; throws KeystoreError. */
    void adopt(const QString& name, const QString& passphrase);
    IdentityRow identity_row() const;
    IdentitySnapshot identity_snapshot();
    QList<AccountRow> accounts() const;
    /** Runs `add` on the keystore and reports it as `action`, with the new account list on success. */
    void add_account(const QString& action, const std::function<void(Keystore&)>& add);
    void refresh_certificate_files();
    /** Writes the pending certificate's files once the chain holds it. */
    void save_published_certificate();

    NodeConfig m_config;
    QString m_identity;
    Address m_owner;
    std::optional<PrivateKey> m_key;
    bool m_certificate_files = false;
    std::set<JobId> m_served;
    struct PendingCertificate {
        QString name;
        Address address;
        CertificatePublication publication;
    };
    std::optional<PendingCertificate> m_pending_certificate;
    std::unique_ptr<Node> m_node;
    std::atomic<QThread*> m_node_thread = nullptr;
    /** The Deploy wizard's order, before and after it is on chain. */
    std::optional<Hash256> m_pending_order;
    JobId m_tracked_job = 0;
};

} // namespace berth::gui
