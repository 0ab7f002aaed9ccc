#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>

#include <functional>

namespace berth::gui {

class NodeHost;
class NodeWorker;

/**
 * What the Provider and Settings pages do as the current identity: register (or update) as a
 * provider, set offers, stake and unstake, withdraw earnings, exit a served lease, publish
 * the certificate, switch identity, and create, import and export keystore accounts. Each
 * call validates its input here on the GUI thread against what the pages show and returns a
 * message at once for bad input, sending nothing; otherwise it returns "" and queues the work
 * on the node thread, where the identity's key signs it. The outcome lands in `results`,
 * keyed by the action's name, as {text, failed, busy}.
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
    /** The message for an amount of `denom` ("USDC" or "POND") the user typed, or "" when it is valid. */
    Q_INVOKABLE QString validateAmount(const QString& amount, const QString& denom) const;
    /** True when switching to `name` needs a passphrase (it is not a devnet demo account). */
    Q_INVOKABLE bool needsPassphrase(const QString& name) const;

    QVariantMap results() const { return m_results; }

    /** The node's answer to an action the worker ran; an empty code means it worked. */
    void finished(const QString& action, const QString& error_code, const QString& error_message);

Q_SIGNALS:
    void resultsChanged();

private:
    void set_result(const QString& action, const QString& text, bool failed, bool busy);
    /** Marks `action` busy and queues `task` on the node thread; the message for a stopped node otherwise. */
    QString dispatch(const QString& action, const QString& pending, std::function<void(NodeWorker&)> task);
    QString require_provider() const;

    NodeHost& m_host;
    QVariantMap m_results;
};

} // namespace berth::gui
