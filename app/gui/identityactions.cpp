#include "identityactions.h"

#include "amountinput.h"
#include "nodehost.h"

#include <fieldlimits.h>
#include <keystore.h>

#include <QUrl>

namespace berth::gui {

namespace {

/** A FileDialog's file:// URL or a plain path, as a local path; empty for anything else. */
QString local_path(const QString& file)
{
    const QString text = file.trimmed();
    if (text.isEmpty()) return QString();
    const QUrl url(text);
    if (url.isLocalFile()) return url.toLocalFile();
    return url.scheme().isEmpty() || text.startsWith(QLatin1Char('/')) ? text : QString();
}

bool too_long(const QString& text, std::size_t limit)
{
    return static_cast<std::size_t>(text.toUtf8().size()) > limit;
}

} // namespace

IdentityActions::IdentityActions(NodeHost& host) : m_host(host) {}

void IdentityActions::set_result(const QString& action, const QString& text, bool failed, bool busy)
{
    m_results.insert(action, QVariantMap{{QStringLiteral("text"), text}, {QStringLiteral("failed"), failed}, {QStringLiteral("busy"), busy}});
    Q_EMIT resultsChanged();
}

QString IdentityActions::result_key(NodeAction action)
{
    switch (action) {
    case NodeAction::RegisterProvider: return QStringLiteral("register");
    case NodeAction::SetOffer: return QStringLiteral("offer");
    case NodeAction::Stake: return QStringLiteral("stake");
    case NodeAction::WithdrawEarnings: return QStringLiteral("withdraw");
    case NodeAction::PublishCertificate:
    case NodeAction::CertificateSaved: return QStringLiteral("certificate");
    case NodeAction::SwitchIdentity: return QStringLiteral("switch");
    case NodeAction::CreateAccount: return QStringLiteral("create");
    case NodeAction::ImportAccount: return QStringLiteral("import");
    case NodeAction::ExportAccount: return QStringLiteral("export");
    case NodeAction::Transaction:
    case NodeAction::LeaseChange:
    case NodeAction::LeaseExit:
    case NodeAction::PlaceOrder: break;
    }
    return QString();
}

QString IdentityActions::dispatch(NodeAction action, const QString& pending, const std::function<void(NodeClient&)>& request)
{
    if (!m_host.node().is_running()) return tr("The node is not running.");
    set_result(result_key(action), pending, false, true);
    request(m_host.node());
    return QString();
}

QString IdentityActions::send(NodeAction action, const QString& pending, const tx::Payload& payload)
{
    return dispatch(action, pending, [action, &payload](NodeClient& node) { node.send_as_identity(action, 0, payload); });
}

void IdentityActions::finished(const ActionOutcome& outcome)
{
    const QString key = result_key(outcome.action);
    if (outcome.action == NodeAction::CertificateSaved) {
        if (outcome.ok())
            set_result(key, tr("The chain holds the new certificate; its files are in the data directory."), false, false);
        else
            set_result(key, tr("Could not write the certificate files: %1").arg(outcome.message), true, false);
        return;
    }
    if (!outcome.ok()) {
        set_result(key, tr("Rejected (%1): %2").arg(outcome.code, outcome.message), true, false);
        return;
    }
    QString text;
    switch (outcome.action) {
    case NodeAction::SwitchIdentity: text = tr("Now acting as %1.").arg(m_host.identity()); break;
    case NodeAction::CreateAccount: text = tr("Account created."); break;
    case NodeAction::ImportAccount: text = tr("Account imported."); break;
    case NodeAction::ExportAccount: text = tr("Encrypted key file written."); break;
    case NodeAction::PublishCertificate: text = tr("Accepted; the certificate files are written once a block holds it."); break;
    default: text = tr("Accepted; it takes effect with the next block."); break;
    }
    // A certificate stays busy until a block holds it.
    set_result(key, text, false, outcome.action == NodeAction::PublishCertificate);
}

QString IdentityActions::require_provider() const
{
    return m_host.account()->registered() ? QString() : tr("Register as a provider first.");
}

QString IdentityActions::registerProvider(const QString& name, const QString& region, const QString& endpoint)
{
    const QString n = name.trimmed();
    const QString r = region.trimmed();
    const QString e = endpoint.trimmed();
    if (n.isEmpty()) return tr("Enter the provider's name.");
    if (too_long(n, limits::name)) return tr("The name is longer than %1 bytes.").arg(limits::name);
    if (r.isEmpty()) return tr("Enter the region, such as eu-west.");
    if (too_long(r, limits::region)) return tr("The region is longer than %1 bytes.").arg(limits::region);
    if (!e.isEmpty()) {
        const QUrl url(e, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) || url.host().isEmpty())
            return tr("The endpoint must be an http(s) URL such as https://127.0.0.1:9443.");
        if (too_long(e, limits::url)) return tr("The endpoint is longer than %1 bytes.").arg(limits::url);
    }
    IdentityView* view = m_host.account();
    if (view->registered()) {
        tx::UpdateProvider update{n.toStdString(), r.toStdString(), e.toStdString()};
        return send(NodeAction::RegisterProvider, tr("Saving the provider's details…"), update);
    }
    if (view->row().account.stake < view->stake_per_job_amount())
        return tr("Stake at least %1 POND before registering; %2 POND is staked now.").arg(view->stakePerJob(), view->stake());
    tx::RegisterProvider request{n.toStdString(), r.toStdString(), e.toStdString()};
    return send(NodeAction::RegisterProvider, tr("Sending the registration…"), request);
}

QString IdentityActions::setOffer(const QString& instance_type, const QString& price_per_s, const QString& capacity)
{
    if (const QString error = require_provider(); !error.isEmpty()) return error;
    const QString type = instance_type.trimmed();
    if (type.isEmpty()) return tr("Enter the instance type, such as cpu.small.");
    if (too_long(type, limits::instance_type)) return tr("The instance type is longer than %1 bytes.").arg(limits::instance_type);
    bool ok = false;
    const uint units = capacity.trimmed().toUInt(&ok);
    if (!ok || units > limits::offer_capacity) return tr("The capacity must be a whole number from 0 to %1.").arg(limits::offer_capacity);
    Amount price = 0;
    if (units > 0) {
        QString error;
        const auto parsed = AmountInput::parse(price_per_s, AmountInput::Kind::UsdcPerSecond, &error);
        if (!parsed) return error;
        price = *parsed;
    }
    tx::SetOffer offer{type.toStdString(), price, static_cast<std::uint32_t>(units)};
    return send(NodeAction::SetOffer, units == 0 ? tr("Withdrawing the offer of %1…").arg(type) : tr("Sending the offer of %1…").arg(type),
                offer);
}

QString IdentityActions::stake(const QString& amount)
{
    QString error;
    const auto value = AmountInput::parse(amount, AmountInput::Kind::Pond, &error);
    if (!value) return error;
    if (*value > m_host.account()->row().account.pond) return tr("Only %1 POND is available to stake.").arg(m_host.account()->pond());
    return send(NodeAction::Stake, tr("Staking %1 POND…").arg(format_pond(*value)), tx::Stake{*value});
}

QString IdentityActions::unstake(const QString& amount)
{
    QString error;
    const auto value = AmountInput::parse(amount, AmountInput::Kind::Pond, &error);
    if (!value) return error;
    if (*value > m_host.account()->row().unlocked_stake())
        return tr("Only %1 POND of the stake is unlocked; live jobs lock the rest.").arg(m_host.account()->stakeUnlocked());
    return send(NodeAction::Stake, tr("Unstaking %1 POND…").arg(format_pond(*value)), tx::Unstake{*value});
}

QString IdentityActions::withdrawEarnings()
{
    if (!m_host.account()->hasEarnings()) return tr("There are no earnings to withdraw.");
    return send(NodeAction::WithdrawEarnings, tr("Withdrawing %1 USDC…").arg(m_host.account()->earnings()), tx::WithdrawEarnings{});
}

QString IdentityActions::exitLease(const QString& lease_id)
{
    LeaseListModel* served = m_host.servedLeases();
    const int row = served->row_of(lease_id);
    if (row < 0) return tr("Unknown lease: %1").arg(lease_id);
    if (!served->index(row).data(LeaseListModel::CanExitRole).toBool()) return tr("Lease #%1 cannot be left in its state.").arg(lease_id);
    if (!m_host.node().is_running()) return tr("The node is not running.");
    const JobId job = lease_id.toULongLong();
    served->set_action_result(lease_id, tr("Sending the exit request…"), false);
    m_host.node().send_as_identity(NodeAction::LeaseExit, job, tx::ExitLease{job});
    return QString();
}

QString IdentityActions::createCertificate()
{
    if (m_host.account()->certificatePending()) return tr("A certificate is already on its way to the chain.");
    return dispatch(NodeAction::PublishCertificate, tr("Publishing a new certificate…"), [](NodeClient& node) { node.publish_certificate(); });
}

bool IdentityActions::needsPassphrase(const QString& name) const
{
    const AccountRow* account = m_host.accounts()->find(name);
    return !account || !account->demo;
}

QString IdentityActions::switchIdentity(const QString& name, const QString& passphrase)
{
    if (!m_host.accounts()->find(name)) return tr("There is no account named %1.").arg(name);
    if (name == m_host.identity()) return tr("You already act as %1.").arg(name);
    if (needsPassphrase(name) && passphrase.isEmpty()) return tr("Enter the passphrase of %1.").arg(name);
    return dispatch(NodeAction::SwitchIdentity, tr("Unlocking %1…").arg(name),
                    [&](NodeClient& node) { node.switch_identity(name, passphrase); });
}

QString IdentityActions::createAccount(const QString& name, const QString& passphrase, const QString& confirmation)
{
    if (!Keystore::is_valid_name(name)) return tr("A name is 1 to 64 letters, digits, '.', '_' or '-'.");
    if (m_host.accounts()->find(name)) return tr("There is already an account named %1.").arg(name);
    if (passphrase.size() < 8) return tr("Use a passphrase of at least 8 characters.");
    if (passphrase != confirmation) return tr("The two passphrases differ.");
    return dispatch(NodeAction::CreateAccount, tr("Creating %1…").arg(name), [&](NodeClient& node) { node.create_account(name, passphrase); });
}

QString IdentityActions::importAccount(const QString& file, const QString& name)
{
    const QString path = local_path(file);
    if (path.isEmpty()) return tr("Choose the exported key file.");
    if (!Keystore::is_valid_name(name)) return tr("A name is 1 to 64 letters, digits, '.', '_' or '-'.");
    if (m_host.accounts()->find(name)) return tr("There is already an account named %1.").arg(name);
    return dispatch(NodeAction::ImportAccount, tr("Importing %1…").arg(name), [&](NodeClient& node) { node.import_account(name, path); });
}

QString IdentityActions::exportAccount(const QString& name, const QString& file)
{
    if (!m_host.accounts()->find(name)) return tr("There is no account named %1.").arg(name);
    const QString path = local_path(file);
    if (path.isEmpty()) return tr("Choose where to save the key file.");
    return dispatch(NodeAction::ExportAccount, tr("Exporting %1…").arg(name), [&](NodeClient& node) { node.export_account(name, path); });
}

} // namespace berth::gui
