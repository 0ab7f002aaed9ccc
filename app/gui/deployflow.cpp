#include "deployflow.h"

#include "leaserow.h"
#include "nodehost.h"
#include "providerlistmodel.h"

#include <fieldlimits.h>
#include <manifest.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace berth::gui {

namespace {

const QString template_directory = QStringLiteral(":/manifests");

/** The 1-based line of a byte offset in `text`. */
int line_at(const QByteArray& text, qsizetype offset)
{
    return static_cast<int>(text.left(offset).count('\n')) + 1;
}

/**
 * The line where a manifest field sits, found from its path ("services[1].ports[0]"): the
 * (n+1)-th occurrence of the path's last key, where n is the last index before that key.
 * A good pointer for a hand-written manifest; 0 when the key does not appear.
 */
int line_of_field(const QByteArray& text, const QString& field)
{
    static const QRegularExpression part(QStringLiteral(R"(([A-Za-z_]+)|\[(\d+)\])"));
    QString key;
    int occurrence = 0;
    int last_index = 0;
    for (auto it = part.globalMatch(field); it.hasNext();) {
        const auto match = it.next();
        if (match.hasCaptured(1)) {
            key = match.captured(1);
            occurrence = last_index;
        } else {
            last_index = match.captured(2).toInt();
        }
    }
    if (key.isEmpty()) return 0;
    const QByteArray needle = '"' + key.toUtf8() + '"';
    qsizetype at = -1;
    for (int i = 0; i <= occurrence; ++i) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) return 0;
    }
    return line_at(text, at);
}

} // namespace

DeployFlow::DeployFlow(const ProviderListModel& providers, std::function<QString(const OrderRequest&)> send, QObject* parent)
    : QObject(parent), m_providers(providers), m_send(std::move(send))
{
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

QVariantMap DeployFlow::checkManifest(const QString& text) const
{
    const QByteArray bytes = text.toUtf8();
    if (text.trimmed().isEmpty()) return {{"message", tr("Write a manifest or start from a template.")}, {"field", QString()}, {"line", 0}};
    QJsonParseError syntax;
    QJsonDocument::fromJson(bytes, &syntax);
    if (syntax.error != QJsonParseError::NoError)
        return {{"message", tr("Not valid JSON: %1").arg(syntax.errorString())}, {"field", QString()}, {"line", line_at(bytes, syntax.offset)}};
    try {
        Manifest::parse(bytes);
    } catch (const ManifestError& e) {
        return {{"message", QString::fromUtf8(e.what())}, {"field", e.field()}, {"line", line_of_field(bytes, e.field())}};
    }
    return {};
}

QString DeployFlow::checkAmount(const QString& text) const
{
    QString error;
    NodeHost::parse_top_up(text, &error);
    return error;
}

QString DeployFlow::checkPrice(const QString& text) const
{
    QString error;
    NodeHost::parse_price(text, &error);
    return error;
}

int DeployFlow::maxReplicas()
{
    return static_cast<int>(limits::lease_replicas);
}

QString DeployFlow::checkReplicas(const QString& text) const
{
    bool ok = false;
    const int replicas = text.trimmed().toInt(&ok);
    if (!ok || replicas < 1 || static_cast<std::uint32_t>(replicas) > limits::lease_replicas)
        return tr("Replicas must be a whole number from 1 to %1.").arg(limits::lease_replicas);
    return QString();
}

std::optional<DeployFlow::Terms> DeployFlow::parse_terms(const QString& instance_type, const QString& replicas, const QString& max_price,
                                                         QString* error) const
{
    if (instance_type.trimmed().isEmpty()) {
        *error = tr("Choose an instance type.");
        return std::nullopt;
    }
    if (*error = checkReplicas(replicas); !error->isEmpty()) return std::nullopt;
    const auto price = NodeHost::parse_price(max_price, error);
    if (!price) {
        *error = tr("Max price: %1").arg(*error);
        return std::nullopt;
    }
    return Terms{instance_type.trimmed(), static_cast<std::uint32_t>(replicas.trimmed().toInt()), *price};
}

std::optional<Amount> DeployFlow::best_price(const Terms& terms) const
{
    std::optional<Amount> best;
    for (int i = 0; i < m_providers.count(); ++i)
        for (const OfferRow& offer : m_providers.entry(i).row.offers)
            if (offer.instance_type == terms.instance_type && offer.free() > 0 && (!best || offer.price_per_s < *best)) best = offer.price_per_s;
    if (best) *best *= terms.replicas;
    return best;
}

QVariantMap DeployFlow::marketHint(const QString& instance_type, const QString& replicas, const QString& max_price) const
{
    QString error;
    const auto terms = parse_terms(instance_type, replicas, max_price, &error);
    if (!terms) return {};
    const auto hint = [](const QString& text, bool warning) { return QVariantMap{{"text", text}, {"warning", warning}}; };
    const auto best = best_price(*terms);
    if (!best) return hint(tr("No provider has free %1 capacity right now: the order would find no bid.").arg(terms->instance_type), true);
    if (*best > terms->max_price_per_s)
        return hint(tr("The cheapest offer for %1 × %2 is %3 USDC/s, above your max price: no provider could bid.")
                        .arg(terms->replicas)
                        .arg(terms->instance_type, format_price(*best)),
                    true);
    return hint(tr("Best current offer: %1 USDC/s for %2 × %3.").arg(format_price(*best)).arg(terms->replicas).arg(terms->instance_type), false);
}

QString DeployFlow::runtimeEstimate(const QString& instance_type, const QString& replicas, const QString& max_price, const QString& deposit) const
{
    QString error;
    const auto terms = parse_terms(instance_type, replicas, max_price, &error);
    const auto amount = NodeHost::parse_top_up(deposit, &error);
    if (!terms || !amount) return QString();
    const auto lasts = [&](const Amount& rate) {
        const std::uint64_t seconds = price::seconds_covered(rate, *amount);
        return format_duration(seconds > UINT64_MAX / 1000 ? UINT64_MAX : seconds * 1000);
    };
    const QString at_max = lasts(terms->max_price_per_s);
    const auto best = best_price(*terms);
    if (!best || *best > terms->max_price_per_s) return tr("Lasts at least %1 at your max price.").arg(at_max);
    return tr("Lasts about %1 at the best current offer, and at least %2 at your max price.").arg(lasts(*best), at_max);
}

QString DeployFlow::submit(const QString& instance_type, const QString& replicas, const QString& max_price, const QString& manifest,
                           const QString& deposit)
{
    if (busy()) return tr("An order is already on its way; wait for it or start over.");
    QString error;
    const auto terms = parse_terms(instance_type, replicas, max_price, &error);
    if (!terms) return error;
    if (const QVariantMap problem = checkManifest(manifest); !problem.isEmpty()) return tr("Manifest: %1").arg(problem.value("message").toString());
    const auto amount = NodeHost::parse_top_up(deposit, &error);
    if (!amount) return tr("Deposit: %1").arg(error);

    OrderRequest request{terms->instance_type, terms->replicas, terms->max_price_per_s, *amount, manifest.toUtf8()};
    if (const QString refused = m_send(request); !refused.isEmpty()) return refused;
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

void DeployFlow::on_submitted(const QString& error_code, const QString& error_message)
{
    if (m_stage != Stage::Submitting) return;
    if (!error_code.isEmpty()) {
        fail(tr("The node refused the order (%1): %2").arg(error_code, error_message));
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
        m_status = progress.bids.empty() ? tr("Waiting for bids: window %1 closes in %n block(s).", nullptr, m_window_blocks_left).arg(m_lookup_window)
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
        fail(job.close_reason == CloseReason::NoProvider ? tr("No provider took the order in %n window(s); the deposit was refunded.", nullptr, m_lookup_window)
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
