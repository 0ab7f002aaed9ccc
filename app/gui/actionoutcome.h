#pragma once

#include <job.h>

#include <QMetaType>
#include <QString>

namespace berth::gui {

/** What the GUI asked the node to do; every outcome names the request it answers. */
enum class NodeAction {
    /** An encoded transaction signed elsewhere. */
    Transaction,
    /** A top-up, update or close of one of the identity's leases. */
    LeaseChange,
    /** A provider leaving a lease it serves. */
    LeaseExit,
    RegisterProvider,
    SetOffer,
    /** Staking or unstaking. */
    Stake,
    WithdrawEarnings,
    /** A certificate sent to the chain; CertificateSaved follows once a block holds it and its files are written. */
    PublishCertificate,
    CertificateSaved,
    SwitchIdentity,
    CreateAccount,
    ImportAccount,
    ExportAccount,
    /** The Deploy wizard's order, until the mempool takes it or refuses it. */
    PlaceOrder,
};

/**
 * The node's answer to one request: which request, the lease it was about (if any), and either
 * success or the ledger's (or keystore's) error code with its message. A value type, so it
 * crosses from the node thread to the GUI thread in a queued signal and a fake can make one.
 */
struct ActionOutcome {
    NodeAction action = NodeAction::Transaction;
    JobId lease = 0;
    /** The transaction's id, when the request became one. */
    QString transaction_id;
    /** Empty when the request worked. */
    QString code;
    QString message;

    bool ok() const { return code.isEmpty(); }

    static ActionOutcome success(NodeAction action, JobId lease = 0) { return ActionOutcome{action, lease, QString(), QString(), QString()}; }
    static ActionOutcome failure(NodeAction action, const QString& code, const QString& message, JobId lease = 0)
    {
        return ActionOutcome{action, lease, QString(), code, message};
    }
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::ActionOutcome)
