#include "deployflow.h"

#include "leaserow.h"
#include "nodeclient.h"
#include "providerlistmodel.h"

#include <fieldlimits.h>
#include <manifest.h>

#include <QDir>
#include <QFile>

#include <stdexcept>

namespace berth::gui {

namespace {

const QString template_directory = QStringLiteral(":/manifests");

} // namespace

DeployFlow::DeployFlow(const ProviderListModel& providers, NodeClient& node, QObject* parent)
    : QObject(parent), m_providers(providers), m_node(node)
{
    m_max_price.setKind(AmountInput::Kind::UsdcPerSecond);
    m_deposit.setKind(AmountInput::Kind::Usdc);
    connect(&m_max_price, &AmountInput::changed, this, &DeployFlow::on_terms);
    connect(&m_deposit, &AmountInput::changed, this, &DeployFlow::on_terms);
    // Blocks change offers and free capacity: the hint and the estimate follow them.
    connect(&providers, &QAbstractItemModel::dataChanged, this, &DeployFlow::update_market);
    connect(&providers, &QAbstractItemModel::rowsInserted, this, &DeployFlow::update_market);
    connect(&providers, &QAbstractItemModel::rowsRemoved, this, &DeployFlow::update_market);
    connect(&providers, &QAbstractItemModel::modelReset, this, &DeployFlow::update_market);
    check_manifest();
    update_market();
}

QStringList DeployFlow::templateNames() const
{
    QStringList names;
    for (const QString& file : QDir(template_directory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names.append(file.chopped(5));
    return names;
}

QString DeployFlow::templateText(const QString& name) const
{
    QFile file(QDir(template_directory).filePath(name + QStringLiteral(".json")));
    if (!file.open(QIODevice::ReadOnly)) return QString();
    return QString::fromUtf8(file.readAll());
}

void DeployFlow::setInstanceType(const QString& type)
{
    if (type == m_instance_type) return;
    m_instance_type = type;
    on_terms();
}

void DeployFlow::setReplicas(int replicas)
{
    if (replicas == m_replicas) return;
    m_replicas = replicas;
    on_terms();
}

void DeployFlow::setManifest(const QString& text)
{
    if (text == m_manifest) return;
    m_manifest = text;
    check_manifest();
    Q_EMIT termsChanged();
}

void DeployFlow::set_min_escrow_seconds(std::uint64_t seconds)
{
    m_min_escrow_seconds = seconds;
    Q_EMIT termsChanged();
}

void DeployFlow::on_terms()
{
    Q_EMIT termsChanged();
    update_market();
}

void DeployFlow::check_manifest()
{
    m_manifest_problem = {};
    if (m_manifest.trimmed().isEmpty()) {
        m_manifest_problem.message = tr("Write a manifest or start from a template.");
        return;
    }
    try {
        Manifest::parse(m_manifest.toUtf8());
    } catch (const ManifestError& e) {
        // The page shows the line and column itself, so the message is the field and the problem alone.
        const QString message = e.field().isEmpty() ? e.problem() : e.field() + QStringLiteral(": ") + e.problem();
        m_manifest_problem = {message, e.field(), e.line(), e.column()};
    }
}

int DeployFlow::manifestLineStart() const
{
    if (m_manifest_problem.line <= 0) return -1;
    qsizetype at = 0;
    for (int line = 1; line < m_manifest_problem.line; ++line) {
        const qsizetype next = m_manifest.indexOf(QLatin1Char('\n'), at);
        if (next < 0) return static_cast<int>(at);
        at = next + 1;
    }
    return static_cast<int>(at);
}

QString DeployFlow::replicas_problem(const QString& text)
{
    bool ok = false;
    const int replicas = text.trimmed().toInt(&ok);
    if (!ok || replicas < 1 || static_cast<std::uint32_t>(replicas) > limits::lease_replicas)
        return tr("Replicas must be a whole number from 1 to %1.").arg(limits::lease_replicas);
    return QString();
}

QString DeployFlow::replicasError() const
{
    return replicas_problem(QString::number(m_replicas));
}

std::optional<Amount> DeployFlow::minimum_deposit_amount() const
{
    const std::optional<Amount> rate = m_max_price.value();
    if (!rate) return std::nullopt;
    try {
        return price::cover(*rate, m_min_escrow_seconds);
    } catch (const std::overflow_error&) {
        return std::nullopt;
    }
}

QString DeployFlow::minimumDeposit() const
{
    const auto minimum = minimum_deposit_amount();
    return minimum ? format_usdc(*minimum) : QString();
}

QString DeployFlow::depositError() const
{
    if (!m_deposit.error().isEmpty()) return m_deposit.error();
    const auto minimum = minimum_deposit_amount();
    if (minimum && m_deposit.value() && *m_deposit.value() < *minimum)
        return tr("The deposit must cover at least %n second(s) at the max price: %1 USDC or more.", nullptr,
                  static_cast<int>(m_min_escrow_seconds))
            .arg(format_usdc(*minimum));
    return QString();
}

std::optional<Amount> DeployFlow::best_price() const
{
    std::optional<Amount> best;
    const QString type = m_instance_type.trimmed();
    for (int i = 0; i < m_providers.count(); ++i)
        for (const OfferRow& offer : m_providers.provider(i).offers)
            if (offer.instance_type == type && offer.free() > 0 && (!best || offer.price_per_s < *best)) best = offer.price_per_s;
    if (best) *best *= static_cast<std::uint32_t>(m_replicas);
    return best;
}

void DeployFlow::update_market()
{
    QString hint;
    bool warning = false;
    QString estimate;
    if (instanceValid()) {
        const Amount max_price = *m_max_price.value();
        const auto best = best_price();
        const QString type = m_instance_type.trimmed();
        if (!best) {
            hint = tr("No provider has free %1 capacity right now: the order would find no bid.").arg(type);
            warning = true;
        } else if (*best > max_price) {
            hint = tr("The cheapest offer for %1 × %2 is %3 USDC/s, above your max price: no provider could bid.")
                       .arg(m_replicas)
                       .arg(type, format_price(*best));
            warning = true;
        } else {
            hint = tr("Best current offer: %1 USDC/s for %2 × %3.").arg(format_price(*best)).arg(m_replicas).arg(type);
        }
        if (const auto amount = m_deposit.value()) {
            const auto lasts = [&](const Amount& rate) {
                const std::uint64_t seconds = price::seconds_covered(rate, *amount);
                return format_duration(seconds > UINT64_MAX / 1000 ? UINT64_MAX : seconds * 1000);
            };
            const QString at_max = lasts(max_price);
            estimate = !best || *best > max_price
                           ? tr("Lasts at least %1 at your max price.").arg(at_max)
                           : tr("Lasts about %1 at the best current offer, and at least %2 at your max price.").arg(lasts(*best), at_max);
        }
    }
    if (hint == m_market_hint && warning == m_market_warning && estimate == m_runtime_estimate) return;
    m_market_hint = hint;
    m_market_warning = warning;
    m_runtime_estimate = estimate;
    Q_EMIT marketChanged();
}

QString DeployFlow::submit()
{
    if (busy()) return tr("An order is already on its way; wait for it or start over.");
    if (m_instance_type.trimmed().isEmpty()) return tr("Choose an instance type.");
    if (const QString error = replicasError(); !error.isEmpty()) return error;
    if (!m_max_price.valid()) return tr("Max price: %1").arg(m_max_price.error());
    if (!manifestValid()) return tr("Manifest: %1").arg(m_manifest_problem.message);
    if (const QString error = depositError(); !error.isEmpty()) return tr("Deposit: %1").arg(error);
    if (!m_node.is_running()) return tr("The node is not running.");

    const OrderRequest request{m_instance_type.trimmed(), static_cast<std::uint32_t>(m_replicas), *m_max_price.value(), *m_deposit.value(),
                               m_manifest.toUtf8()};
    m_bids.clear();
    m_excluded.clear();
    m_job = 0;
    m_error.clear();
    m_urls.clear();
    m_winner_name.clear();
    m_price.clear();
    m_upload_status.clear();
    m_lifecycle_state.clear();
    m_excluded_total = 0;
    m_stage = Stage::Submitting;
    m_status = tr("Signing and sending the order…");
    Q_EMIT changed();
    m_node.place_order(request);
    return QString();
}

void DeployFlow::reset()
{
    if (m_stage == Stage::Submitting) return; // the answer for the order in flight is still to come
    m_stage = Stage::Editing;
    m_job = 0;
    m_status.clear();
    m_error.clear();
    m_bids.clear();
    m_excluded.clear();
    Q_EMIT changed();
}

void DeployFlow::fail(const QString& message)
{
    m_stage = Stage::Failed;
    m_error = message;
    Q_EMIT changed();
}

void DeployFlow::on_submitted(const ActionOutcome& outcome)
{
    if (m_stage != Stage::Submitting) return;
    if (!outcome.ok()) {
        fail(tr("The node refused the order (%1): %2").arg(outcome.code, outcome.message));
        return;
    }
    m_status = tr("Order sent; waiting for the next block…");
    Q_EMIT changed();
}

void DeployFlow::on_created(JobId job)
{
    if (m_stage != Stage::Submitting) return;
    m_job = job;
    m_stage = Stage::Lookup;
    m_status = tr("Order %1 is on chain; providers are bidding.").arg(job);
    Q_EMIT changed();
}

void DeployFlow::on_progress(const OrderProgress& progress)
{
    if (progress.job.id != m_job || m_stage == Stage::Editing) return;
    const Job& job = progress.job;
    // A failed upload stays the message until the lease really runs or ends (the provider closes it after manifest_timeout_s).
    if (m_stage == Stage::Failed && !job.is_final() && job.state != JobState::DeploymentConfirmed) return;
    m_lifecycle_state = QString::fromLatin1(job_state_name(job.state));
    m_lookup_window = static_cast<int>(job.lookup_windows);
    m_window_blocks_left = job.window_end_height >= progress.height ? static_cast<int>(job.window_end_height - progress.height) : 0;
    m_excluded_total = static_cast<int>(progress.excluded_total);
    const bool matched = job.state != JobState::ProviderLookup && !job.provider.is_null();
    const QString winner = matched ? QString::fromStdString(job.provider.str()) : QString();
    // The ledger drops a window's bids once it is decided; the wizard keeps showing the ones that won.
    if (matched && progress.bids.empty())
        m_bids.set_winner(winner);
    else
        m_bids.set_rows(progress.bids, winner);
    m_excluded.set_rows(progress.excluded);
    if (matched) {
        m_winner_name = progress.provider_name;
        m_price = format_price(job.price_per_s);
    }
    m_urls.clear();
    for (const std::string& url : job.access.urls) m_urls.append(QString::fromStdString(url));

    switch (job.state) {
    case JobState::ProviderLookup:
        m_stage = Stage::Lookup;
        m_status = progress.bids.empty()
                       ? tr("Waiting for bids: window %1 closes in %n block(s).", nullptr, m_window_blocks_left).arg(m_lookup_window)
                       : tr("%n bid(s) so far; the window closes in %1 block(s).", nullptr, static_cast<int>(progress.bids.size()))
                             .arg(m_window_blocks_left);
        break;
    case JobState::CreateLease:
        m_stage = Stage::Matched;
        m_status = tr("%1 won at %2 USDC/s and is reserving the lease.").arg(m_winner_name, m_price);
        break;
    case JobState::LeaseReady:
        if (m_stage != Stage::Uploading) m_stage = Stage::Matched;
        if (m_upload_status.isEmpty()) m_status = tr("The lease is ready; uploading the manifest…");
        break;
    case JobState::DeploymentConfirmed:
    case JobState::UpdateLease:
        m_stage = Stage::Deployed;
        m_status = tr("Deployed by %1. Billing has started.").arg(m_winner_name);
        break;
    case JobState::OrderClosed:
        fail(job.close_reason == CloseReason::NoProvider
                 ? tr("No provider took the order in %n window(s); the deposit was refunded.", nullptr, m_lookup_window)
                 : tr("The order was cancelled; the deposit was refunded."));
        return;
    case JobState::CloseLease:
    case JobState::ExitCooldown:
    case JobState::LeaseClosed:
        fail(tr("The lease ended before it was deployed (%1).").arg(QString::fromLatin1(close_reason_name(job.close_reason))));
        return;
    }
    Q_EMIT changed();
}

void DeployFlow::on_upload(JobId job, TenantAgent::UploadStage stage, const QString& message)
{
    if (job != m_job || m_stage == Stage::Editing || m_stage == Stage::Deployed) return;
    switch (stage) {
    case TenantAgent::UploadStage::Waiting: m_upload_status = tr("The manifest goes to the provider once it has reserved the lease."); break;
    case TenantAgent::UploadStage::Uploading:
        m_stage = Stage::Uploading;
        m_upload_status = tr("Uploading the manifest over mutual TLS…");
        m_status = m_upload_status;
        break;
    case TenantAgent::UploadStage::Accepted:
        m_upload_status = tr("The provider accepted the manifest and is starting the workload.");
        m_status = m_upload_status;
        break;
    case TenantAgent::UploadStage::Failed: fail(tr("The manifest upload failed: %1").arg(message)); return;
    }
    Q_EMIT changed();
}

} // namespace berth::gui
