#include "leasecommands.h"

#include "clierror.h"
#include "commandcontext.h"
#include "commandline.h"
#include "jsontext.h"
#include "manifestsession.h"
#include "output.h"
#include "rpcclient.h"
#include "summaries.h"
#include "wallet.h"

#include <manifestserver.h>
#include <manifeststore.h>

#include <QJsonArray>
#include <QJsonDocument>

namespace berth::cli {

LeaseCommands::LeaseCommands(CommandContext& context) : m_context(context), m_line(context.line()), m_out(context.out()) {}

// --- leases -----------------------------------------------------------------------------------

void LeaseCommands::lease_list()
{
    const QString from = m_context.from_name();
    const bool as_provider = m_line.flag(QStringLiteral("provider"));
    QUrlQuery query;
    query.addQueryItem(as_provider ? QStringLiteral("provider") : QStringLiteral("owner"), qstr(m_context.wallet().stored_address(from).str()));
    const QJsonValue list = m_context.rpc().get(QStringLiteral("/leases"), query);
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) lines.append(Summaries::lease_line(v.toObject()));
    m_out.result(list, lines.isEmpty() ? (as_provider ? QStringLiteral("no leases served by %1") : QStringLiteral("no leases of %1")).arg(from)
                                       : lines.join(QLatin1Char('\n')));
}

void LeaseCommands::lease_show()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QJsonObject lease = m_context.rpc().get_object(QStringLiteral("/leases/%1").arg(id));
    m_out.result(lease, Summaries::lease_details(lease));
}

void LeaseCommands::lease_update()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const auto instance_type = m_line.optional(QStringLiteral("instance-type"));
    if (instance_type && instance_type->isEmpty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    std::optional<std::uint32_t> replicas;
    if (const auto text = m_line.optional(QStringLiteral("replicas"))) replicas = CommandLine::count(*text, 1, QStringLiteral("--replicas"));
    std::optional<QByteArray> manifest_bytes;
    std::optional<Hash256> manifest;
    if (const auto path = m_line.optional(QStringLiteral("manifest"))) {
        manifest_bytes = CommandContext::read_manifest(*path, QStringLiteral("--manifest"));
        manifest = ManifestStore::hash_of(*manifest_bytes);
    }
    const std::optional<Amount> max_price = m_line.price(QStringLiteral("max-price"));
    if (!instance_type && !replicas && !manifest && !max_price)
        throw CliError::usage(QStringLiteral("nothing to update: give --instance-type, --replicas, --manifest and/or --max-price-per-s "
                                             "(or --max-price-per-hour)"));
    const QString from = m_context.from_name();

    const QJsonObject lease = m_context.rpc().get_object(QStringLiteral("/leases/%1").arg(id));
    PendingUpdate terms;
    terms.instance_type = instance_type ? instance_type->toStdString() : field(lease, "instance_type").toStdString();
    terms.replicas = replicas ? *replicas : static_cast<std::uint32_t>(lease.value(QLatin1String("replicas")).toInt(1));
    if (manifest) {
        terms.manifest_hash = *manifest;
    } else {
        const auto current = Hash256::from_hex(field(lease, "manifest_hash").toStdString());
        if (!current) throw CliError(QStringLiteral("bad_response"), QStringLiteral("lease %1 has no readable manifest_hash").arg(id));
        terms.manifest_hash = *current;
    }
    try {
        terms.max_price_per_s = max_price ? *max_price : price::parse_per_s(field(lease, "max_price_per_s").toStdString());
    } catch (const std::invalid_argument&) {
        throw CliError(QStringLiteral("bad_response"), QStringLiteral("lease %1 has no readable max_price_per_s").arg(id));
    }
    if (manifest_bytes) m_context.keep_manifest(*manifest_bytes);
    const TxOutcome outcome = m_context.send_from(from, tx::UpdateLease{id, terms});
    QJsonObject extra{{"lease_id", QString::number(id)},
                      {"instance_type", qstr(terms.instance_type)},
                      {"replicas", static_cast<qint64>(terms.replicas)},
                      {"manifest_hash", qstr(terms.manifest_hash.hex())},
                      {"max_price_per_s", Output::price_per_s(terms.max_price_per_s)},
                      {"max_price_per_hour", Output::price_per_hour(terms.max_price_per_s)}};
    // A new manifest goes to the provider now that the chain holds its hash.
    if (manifest_bytes) {
        try {
            extra.insert(QStringLiteral("manifest_upload"),
                         ManifestSession(m_context.rpc(), m_context.datadir(), from).upload(id, *manifest_bytes, m_context.upload_timeout_ms()));
        } catch (const CliError& e) {
            // The provider checked the new manifest before touching what runs and cannot run it:
            // it refuses the update on chain (UPDATE_REFUSED) and the lease keeps its old terms.
            if (e.code() == QLatin1String("unrunnable"))
                throw CliError(e.code(), QStringLiteral("the provider refused the update of lease %1: %2; the lease keeps running on its "
                                                        "old terms (UPDATE_REFUSED follows in 'berth-cli events --lease %1')")
                                             .arg(id)
                                             .arg(e.message()));
            throw CliError(e.code(), QStringLiteral("the update of lease %1 is on chain (block %2), but its manifest did not reach the "
                                                    "provider: %3; send it with 'berth-cli lease manifest %1 --file FILE'")
                                         .arg(id)
                                         .arg(outcome.height, e.message()));
        }
    }
    m_context.report(outcome, extra,
                     QStringLiteral("asked lease %1 for %2 x%3 at most %4; the provider answers with LEASE_UPDATED, or with UPDATE_REFUSED "
                                    "and its reason ('berth-cli lease show %1')")
                         .arg(id)
                         .arg(qstr(terms.instance_type))
                         .arg(terms.replicas)
                         .arg(Output::price(terms.max_price_per_s)));
}

void LeaseCommands::lease_close()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    m_context.lease_action(tx::CloseLease{id}, id, m_context.from_name(),
                           QStringLiteral("asked to close lease %1; the provider answers with LEASE_CLOSED"));
}

void LeaseCommands::lease_deposit()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const Amount amount = CommandLine::token_amount(m_line.argument(1), Denom::USDC, QStringLiteral("the deposit"));
    if (amount == 0) throw CliError::usage(QStringLiteral("the deposit must be more than 0 USDC"));
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, tx::DepositEscrow{id, amount});
    m_context.report(outcome, QJsonObject{{"lease_id", QString::number(id)}, {"amount", qstr(amount.str())}},
                     QStringLiteral("deposited %1 into the escrow of lease %2").arg(Output::amount(amount, Denom::USDC)).arg(id));
}

void LeaseCommands::lease_exit()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    m_context.lease_action(tx::ExitLease{id}, id, m_context.from_name(),
                           QStringLiteral("asked to exit lease %1; it closes after the exit cooldown"));
}

void LeaseCommands::lease_manifest()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QByteArray manifest = CommandContext::read_manifest(m_line.required(QStringLiteral("file")), QStringLiteral("--file"));
    const int give_up_ms = m_context.upload_timeout_ms();
    const QString from = m_context.from_name();
    const Hash256 hash = m_context.keep_manifest(manifest);
    QJsonObject answer = ManifestSession(m_context.rpc(), m_context.datadir(), from).upload(id, manifest, give_up_ms);
    answer.insert(QStringLiteral("manifest_hash"), qstr(hash.hex()));
    const QString delivery = post_delivery_receipt(from, id, hash, answer);
    answer.insert(QStringLiteral("delivery"), delivery);
    m_out.result(answer, QStringLiteral("the provider accepted the manifest of lease %1 and is deploying it; DEPLOYMENT_CONFIRMED "
                                        "follows with the URLs ('berth-cli lease show %1')\n%2")
                             .arg(id)
                             .arg(delivery));
}

QString LeaseCommands::post_delivery_receipt(const QString& from, JobId id, const Hash256& hash, const QJsonObject& answer)
{
    // The provider's signature over lease and manifest proves on chain that the manifest arrived,
    // so the provider can no longer close the lease as if it never came.
    const auto receipt = fixed_from_hex<64>(answer.value(QLatin1String("receipt")).toString().toStdString());
    const auto key = fixed_from_hex<PublicKey::size>(answer.value(QLatin1String("provider_key")).toString().toStdString());
    if (!receipt || !key) return QStringLiteral("the provider's answer carried no receipt to put on chain");
    if (field(m_context.rpc().get_object(QStringLiteral("/leases/%1").arg(id)), "state") != QLatin1String("LEASE_READY"))
        return QStringLiteral("no delivery receipt needed: the lease is past LEASE_READY");
    try {
        const TxOutcome outcome = m_context.send_from(from, tx::ManifestDelivered{id, hash, PublicKey(*key), *receipt});
        return QStringLiteral("the provider's receipt is on chain (MANIFEST_DELIVERED in block %1)").arg(outcome.height);
    } catch (const CliError& e) {
        return QStringLiteral("the provider's receipt could not be put on chain: %1").arg(e.message());
    }
}

void LeaseCommands::lease_status()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QJsonObject status = ManifestSession(m_context.rpc(), m_context.datadir(), m_context.from_name()).status(id);
    QStringList lines{QStringLiteral("lease %1: %2, deployment %3").arg(id).arg(field(status, "state"), field(status, "deployment"))};
    for (const QJsonValue& v : status.value(QLatin1String("replicas")).toArray()) {
        const QJsonObject r = v.toObject();
        QString line = QStringLiteral("  %1#%2  %3  %4")
                           .arg(field(r, "service"))
                           .arg(r.value(QLatin1String("index")).toInt())
                           .arg(field(r, "state"), field(r, "url"));
        if (const int restarts = r.value(QLatin1String("restarts")).toInt(); restarts > 0)
            line += QStringLiteral("  restarted %1×, last exit: %2").arg(restarts).arg(field(r, "exit_reason"));
        else if (const QString reason = field(r, "exit_reason"); !reason.isEmpty())
            line += QStringLiteral("  (%1)").arg(reason);
        lines.append(line);
    }
    m_out.result(status, lines.join(QLatin1Char('\n')));
}

void LeaseCommands::lease_logs()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    ManifestClient::LogQuery query;
    query.service = m_line.optional(QStringLiteral("service")).value_or(QString());
    if (m_line.has(QStringLiteral("replica")))
        query.replica =
            static_cast<int>(CommandLine::count(m_line.required(QStringLiteral("replica")), 0, QStringLiteral("--replica"), INT32_MAX));
    if (m_line.has(QStringLiteral("tail")))
        query.tail = static_cast<int>(
            CommandLine::count(m_line.required(QStringLiteral("tail")), 0, QStringLiteral("--tail"), ManifestServer::max_log_tail));
    query.follow = m_line.flag(QStringLiteral("follow"));
    const bool json = m_out.json();
    // Each line as it comes, so that --follow shows it live: plain, or the provider's JSON record.
    ManifestSession(m_context.rpc(), m_context.datadir(), m_context.from_name()).logs(id, query, [json](const QByteArray& record) {
        if (json) {
            Output::text(QString::fromUtf8(record) + QLatin1Char('\n'));
            return;
        }
        const QJsonObject r = QJsonDocument::fromJson(record).object();
        Output::text(QStringLiteral("%1 %2#%3 %4  %5\n")
                         .arg(r.value(QLatin1String("time")).toString(), r.value(QLatin1String("service")).toString())
                         .arg(r.value(QLatin1String("replica")).toInt())
                         .arg(r.value(QLatin1String("stream")).toString(), r.value(QLatin1String("line")).toString()));
    });
}

} // namespace berth::cli
