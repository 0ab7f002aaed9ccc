#include "identityactions.h"

#include "nodehost.h"
#include "nodeworker.h"

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

QString IdentityActions::dispatch(const QString& action, const QString& pending, std::function<void(NodeWorker&)> task)
{
    if (!m_host.post(std::move(task))) return tr("The node is not running.");
    set_result(action, pending, false, true);
    return QString();
}

void IdentityActions::finished(const QString& action, const QString& error_code, const QString& error_message)
{
    if (action == QLatin1String("certificate_saved")) {
        if (error_code.isEmpty())
            set_result(QStringLiteral("certificate"), tr("The chain holds the new certificate; its files are in the data directory."), false, false);
        else
            set_result(QStringLiteral("certificate"), tr("Could not write the certificate files: %1").arg(error_message), true, false);
        return;
    }
    if (!error_code.isEmpty()) {
        set_result(action, tr("Rejected (%1): %2").arg(error_code, error_message), true, false);
        return;
    }
    QString text;
    if (action == QLatin1String("switch"))
        text = tr("Now acting as %1.").arg(m_host.identity());
    else if (action == QLatin1String("create"))
        text = tr("Account created.");
    else if (action == QLatin1String("import"))
        text = tr("Account imported.");
    else if (action == QLatin1String("export"))
        text = tr("Encrypted key file written.");
    else if (action == QLatin1String("certificate"))
        text = tr("Accepted; the certificate files are written once a block holds it.");
    else
        text = tr("Accepted; it takes effect with the next block.");
    // A certificate stays busy until a block holds it.
    set_result(action, text, false, action == QLatin1String("certificate"));
}

QString IdentityActions::validateAmount(const QString& amount, const QString& denom) const
{
    QString error;
    NodeHost::parse_amount(amount, denom == QLatin1String("POND") ? Denom::POND : Denom::USDC, &error);
    return error;
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
        return dispatch(QStringLiteral("register"), tr("Saving the provider's details…"),
                        [update](NodeWorker& worker) { worker.send(QStringLiteral("register"), update); });
    }
    if (view->row().account.stake < view->stake_per_job_amount())
        return tr("Stake at least %1 POND before registering; %2 POND is staked now.").arg(view->stakePerJob(), view->stake());
    tx::RegisterProvider request{n.toStdString(), r.toStdString(), e.toStdString()};
    return dispatch(QStringLiteral("register"), tr("Sending the registration…"),
                    [request](NodeWorker& worker) { worker.send(QStringLiteral("register"), request); });
}

QString IdentityActions::setOffer(const QString& instance_type, const QString& price_per_s, const QString& capacity)
{
    if (const QString error = require_provider(); !error.isEmpty()) return error;
    const QString type = instance_type.trimmed();
    if (type.isEmpty()) return tr("Enter the instance type, such as cpu.small.");
    if (too_long(type, limits::instance_type)) return tr("The instance type is longer than %1 bytes.").arg(limits::instance_type);
    bool ok = false;
    const uint units = capacity.trimmed().toUInt(&ok);
    if (!ok || units > 100000) return tr("The capacity must be a whole number from 0 to 100000.");
    Amount price = 0;
    if (units > 0) {
        QString error;
        const auto parsed = NodeHost::parse_price(price_per_s, &error);
        if (!parsed) return error;
        price = *parsed;
    }
    tx::SetOffer offer{type.toStdString(), price, static_cast<std::uint32_t>(units)};
    return dispatch(QStringLiteral("offer"), units == 0 ? tr("Withdrawing the offer of %1…").arg(type) : tr("Sending the offer of %1…").arg(type),
                    [offer](NodeWorker& worker) { worker.send(QStringLiteral("offer"), offer); });
}

QString IdentityActions::stake(const QString& amount)
{
    QString error;
    const auto value = NodeHost::parse_amount(amount, Denom::POND, &error);
    if (!value) return error;
    if (*value > m_host.account()->row().account.pond) return tr("Only %1 POND is available to stake.").arg(m_host.account()->pond());
    const Amount a = *value;
    return dispatch(QStringLiteral("stake"), tr("Staking %1 POND…").arg(format_pond(a)),
                    [a](NodeWorker& worker) { worker.send(QStringLiteral("stake"), tx::Stake{a}); });
}

QString IdentityActions::unstake(const QString& amount)
{
    QString error;
    const auto value = NodeHost::parse_amount(amount, Denom::POND, &error);
    if (!value) return error;
    if (*value > m_host.account()->row().account.unlocked_stake())
        return tr("Only %1 POND of the stake is unlocked; live jobs lock the rest.").arg(m_host.account()->stakeUnlocked());
    const Amount a = *value;
    return dispatch(QStringLiteral("stake"), tr("Unstaking %1 POND…").arg(format_pond(a)),
                    [a](NodeWorker& worker) { worker.send(QStringLiteral("stake"), tx::Unstake{a}); });
}

QString IdentityActions::withdrawEarnings()
{
    if (!m_host.account()->hasEarnings()) return tr("There are no earnings to withdraw.");
    return dispatch(QStringLiteral("withdraw"), tr("Withdrawing %1 USDC…").arg(m_host.account()->earnings()),
                    [](NodeWorker& worker) { worker.send(QStringLiteral("withdraw"), tx::WithdrawEarnings{}); });
}

QString IdentityActions::exitLease(const QString& lease_id)
{
    LeaseListModel* served = m_host.servedLeases();
    const int row = served->row_of(lease_id);
    if (row < 0) return tr("Unknown lease: %1").arg(lease_id);
    if (!served->index(row).data(LeaseListModel::CanExitRole).toBool()) return tr("Lease #%1 cannot be left in its state.").arg(lease_id);
    const JobId job = lease_id.toULongLong();
    if (!m_host.post([job](NodeWorker& worker) { worker.send(QStringLiteral("exit:") + QString::number(job), tx::ExitLease{job}); }))
        return tr("The node is not running.");
    served->set_action_result(lease_id, tr("Sending the exit request…"), false);
    return QString();
}

QString IdentityActions::createCertificate()
{
    if (m_host.account()->certificatePending()) return tr("A certificate is already on its way to the chain.");
    return dispatch(QStringLiteral("certificate"), tr("Publishing a new certificate…"), [](NodeWorker& worker) { worker.publish_certificate(); });
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
    return dispatch(QStringLiteral("switch"), tr("Unlocking %1…").arg(name),
                    [name, passphrase](NodeWorker& worker) { worker.switch_identity(name, passphrase); });
}

QString IdentityActions::createAccount(const QString& name, const QString& passphrase, const QString& confirmation)
{
    if (!Keystore::is_valid_name(name)) return tr("A name is 1 to 64 letters, digits, '.', '_' or '-'.");
    if (m_host.accounts()->find(name)) return tr("There is already an account named %1.").arg(name);
    if (passphrase.size() < 8) return tr("Use a passphrase of at least 8 characters.");
    if (passphrase != confirmation) return tr("The two passphrases differ.");
    return dispatch(QStringLiteral("create"), tr("Creating %1…").arg(name),
                    [name, passphrase](NodeWorker& worker) { worker.create_account(name, passphrase); });
}

QString IdentityActions::importAccount(const QString& file, const QString& name)
{
    const QString path = local_path(file);
    if (path.isEmpty()) return tr("Choose the exported key file.");
    if (!Keystore::is_valid_name(name)) return tr("A name is 1 to 64 letters, digits, '.', '_' or '-'.");
    if (m_host.accounts()->find(name)) return tr("There is already an account named %1.").arg(name);
    return dispatch(QStringLiteral("import"), tr("Importing %1…").arg(name),
                    [name, path](NodeWorker& worker) { worker.import_account(name, path); });
}

QString IdentityActions::exportAccount(const QString& name, const QString& file)
{
    if (!m_host.accounts()->find(name)) return tr("There is no account named %1.").arg(name);
    const QString path = local_path(file);
    if (path.isEmpty()) return tr("Choose where to save the key file.");
    return dispatch(QStringLiteral("export"), tr("Exporting %1…").arg(name),
                    [name, path](NodeWorker& worker) { worker.export_account(name, path); });
}

} // namespace berth::gui
