#pragma once

#include "actionoutcome.h"

#include <transaction.h>

#include <QObject>
#include <QString>
#include <QVariantMap>

#include <functional>

namespace berth::gui {

class NodeClient;
class NodeHost;

/**
 * What the Provider and Settings pages do as the current identity: register (or update) as a
 * provider, set offers, stake and unstake, withdraw earnings, exit a served lease, publish
 * the certificate, switch identity, and create, import and export keystore accounts. Each
 * call validates its input here on the GUI thread against what the pages show and returns a
 * message at once for bad input, sending nothing; otherwise it returns "" and sends the
 * request to the node, where the identity's key signs it. The outcome lands in `results`,
 * keyed by the action's name ("register", "offer", "stake", "withdraw", "certificate",
 * "switch", "create", "import", "export"), as {text, failed, busy}.
 */
class IdentityActions : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QVariantMap results READ results NOTIFY resultsChanged)

public:
    explicit IdentityActions(NodeHost& host);

    Q_INVOKABLE QString registerProvider(const QString& name, const QString& region, const QString& endpoint);
    /** Sets (or with capacity 0 withdraws) the offer of one instance type. */
    Q_INVOKABLE QString setOffer(const QString& instance_type, const QString& price_per_s, const QString& capacity);
    Q_INVOKABLE QString stake(const QString& amount);
    Q_INVOKABLE QString unstake(const QString& amount);
    Q_INVOKABLE QString withdrawEarnings();
    /** Asks to leave a lease this identity serves (ExitLease); the result shows on its row of servedLeases. */
    Q_INVOKABLE QString exitLease(const QString& lease_id);
    Q_INVOKABLE QString createCertificate();
    /** Acts as another keystore account; a demo account needs no passphrase. */
    Q_INVOKABLE QString switchIdentity(const QString& name, const QString& passphrase);
    Q_INVOKABLE QString createAccount(const QString& name, const QString& passphrase, const QString& confirmation);
    /** Stores an exported key file (a file URL or path) under a new name. */
    Q_INVOKABLE QString importAccount(const QString& file, const QString& name);
    /** Writes the encrypted key file of `name` to a file URL or path. */
    Q_INVOKABLE QString exportAccount(const QString& name, const QString& file);
    /** True when switching to `name` needs a passphrase (it is not a devnet demo account). */
    Q_INVOKABLE bool needsPassphrase(const QString& name) const;

    QVariantMap results() const { return m_results; }

    /** The node's answer to one of these actions. */
    void finished(const ActionOutcome& outcome);
    /** The key of `action` in `results`. */
    static QString result_key(NodeAction action);

Q_SIGNALS:
    void resultsChanged();

private:
    void set_result(const QString& action, const QString& text, bool failed, bool busy);
    /** Marks `action` busy and has `request` send it; the message for a stopped node otherwise. */
    QString dispatch(NodeAction action, const QString& pending, const std::function<void(NodeClient&)>& request);
    /** dispatch() of a transaction signed as the identity. */
    QString send(NodeAction action, const QString& pending, const tx::Payload& payload);
    QString require_provider() const;

    NodeHost& m_host;
    QVariantMap m_results;
};

} // namespace berth::gui
