#include "accountcommands.h"

#include "clierror.h"
#include "commandcontext.h"
#include "commandline.h"
#include "jsontext.h"
#include "output.h"
#include "rpcclient.h"
#include "summaries.h"
#include "wallet.h"

#include <certificatepublication.h>
#include <networkgenesis.h>
#include <tlsidentity.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <limits>

namespace berth::cli {

AccountCommands::AccountCommands(CommandContext& context) : m_context(context), m_line(context.line()), m_out(context.out()) {}

// --- node and keys ----------------------------------------------------------------------------

void AccountCommands::status()
{
    QJsonObject status = m_context.rpc().get_object(QStringLiteral("/status"));
    status.insert("rpc", m_context.rpc().base().toString());
    m_out.result(
        status, QStringLiteral("chain       %1\nheight      %2\nblock time  %3 ms\nstate root  %4\nmempool     %5 pending\nnode        %6 at %7")
                    .arg(field(status, "chain_id"), field(status, "height"), field(status, "block_ms"), field(status, "state_root"))
                    .arg(status.value(QLatin1String("mempool")).toInt())
                    .arg(status.value(QLatin1String("producer")).toBool() ? QStringLiteral("producer") : QStringLiteral("follower"),
                         m_context.rpc().base().toString()));
}

void AccountCommands::keys_add()
{
    const QString name = m_line.argument(0);
    const Address address = m_context.wallet().create(name);
    m_out.result(QJsonObject{{"name", name}, {"address", qstr(address.str())}, {"keystore", m_context.wallet().keys_directory()}},
                 QStringLiteral("created key '%1' with address %2 in %3").arg(name, qstr(address.str()), m_context.wallet().keys_directory()));
}

void AccountCommands::keys_list()
{
    const QJsonArray keys = m_context.wallet().list();
    QStringList lines;
    for (const QJsonValue& v : keys)
        lines.append(field(v.toObject(), "name").leftJustified(16) + QLatin1Char(' ') + field(v.toObject(), "address"));
    m_out.result(keys, keys.isEmpty()
                           ? QStringLiteral("no keys in %1 (create one with 'berth-cli keys add NAME')").arg(m_context.wallet().keys_directory())
                           : lines.join(QLatin1Char('\n')));
}

void AccountCommands::keys_show()
{
    const QString name = m_line.argument(0);
    const PrivateKey key = m_context.wallet().unlock(name);
    const QString address = qstr(Address::of(key.public_key()).str());
    const QString public_key = qstr(key.public_key().hex());
    m_out.result(QJsonObject{{"name", name}, {"address", address}, {"public_key", public_key}},
                 QStringLiteral("%1\naddress     %2\npublic key  %3").arg(name, address, public_key));
}

void AccountCommands::keys_import()
{
    const QString name = m_line.argument(0);
    const QString path = m_line.required(QStringLiteral("file"));
    const Address address = m_context.wallet().import_file(name, path);
    m_out.result(QJsonObject{{"name", name}, {"address", qstr(address.str())}, {"keystore", m_context.wallet().keys_directory()}},
                 QStringLiteral("imported key '%1' with address %2 from %3").arg(name, qstr(address.str()), path));
}

void AccountCommands::keys_export()
{
    const QString name = m_line.argument(0);
    const QString path = m_line.required(QStringLiteral("file"));
    m_context.wallet().export_file(name, path);
    m_out.result(QJsonObject{{"name", name}, {"file", path}},
                 QStringLiteral("wrote key '%1', encrypted with its passphrase, to %2 (mode 0600)").arg(name, path));
}

void AccountCommands::network_init()
{
    NetworkGenesis::Spec spec;
    spec.chain_id = m_line.required(QStringLiteral("chain-id")).toStdString();
    const QString balances_path = m_line.required(QStringLiteral("balances"));
    QFile balances(balances_path);
    if (!balances.open(QIODevice::ReadOnly))
        throw CliError::usage(QStringLiteral("cannot read the balances file %1: %2").arg(balances_path, balances.errorString()));
    spec.balances_json = balances.readAll();
    for (const QString& text : m_line.required(QStringLiteral("producers")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto key = fixed_from_hex<PublicKey::size>(text.trimmed().toStdString());
        if (!key)
            throw CliError::usage(
                QStringLiteral("--producers expects 32-byte hex public keys ('berth-cli keys show NAME'), not '%1'").arg(text));
        spec.producers.emplace_back(*key);
    }
    for (const QString& assignment : m_line.optional(QStringLiteral("params")).value_or(QString()).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) throw CliError::usage(QStringLiteral("--params expects NAME=VALUE pairs, not '%1'").arg(assignment));
        spec.params.insert(assignment.left(equals).trimmed(), assignment.mid(equals + 1).trimmed());
    }
    spec.timestamp_ms = static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
    GenesisFile genesis;
    try {
        genesis = NetworkGenesis::create(spec);
    } catch (const std::invalid_argument& e) {
        throw CliError(QStringLiteral("invalid_genesis"), QString::fromUtf8(e.what()));
    }
    const QString out = m_line.required(QStringLiteral("out"));
    if (QFile::exists(out)) throw CliError::usage(QStringLiteral("%1 exists already; a genesis is written once").arg(out));
    try {
        genesis.save(out);
    } catch (const std::runtime_error& e) {
        throw CliError(QStringLiteral("io"), QString::fromUtf8(e.what()));
    }
    m_out.result(QJsonObject{{"chain_id", qstr(spec.chain_id)},
                             {"genesis", out},
                             {"producers", static_cast<int>(spec.producers.size())},
                             {"accounts", static_cast<int>(genesis.genesis.accounts.size())}},
                 QStringLiteral("wrote the genesis of network %1 to %2").arg(qstr(spec.chain_id), out));
}

void AccountCommands::faucet()
{
    const QString name = m_line.argument(0);
    const Amount usdc = m_line.has(QStringLiteral("usdc"))
                            ? CommandLine::token_amount(m_line.required(QStringLiteral("usdc")), Denom::USDC, QStringLiteral("--usdc"))
                            : Amount(0);
    const Amount pond = m_line.has(QStringLiteral("pond"))
                            ? CommandLine::token_amount(m_line.required(QStringLiteral("pond")), Denom::POND, QStringLiteral("--pond"))
                            : Amount(0);
    if (usdc == 0 && pond == 0) throw CliError::usage(QStringLiteral("ask the faucet for some tokens: --usdc N and/or --pond N (non-zero)"));
    const Address address = m_context.wallet().resolve(name);
    QJsonObject body{{"address", qstr(address.str())}};
    if (usdc != 0) body.insert("usdc", qstr(usdc.str()));
    if (pond != 0) body.insert("pond", qstr(pond.str()));
    const QJsonObject answer = m_context.rpc().post(QStringLiteral("/faucet"), body);
    QString height;
    QJsonArray txs;
    for (const QJsonValue& id : answer.value(QLatin1String("txs")).toArray()) {
        const TxOutcome outcome = m_context.sender().wait(id.toString());
        height = outcome.height;
        txs.append(outcome.id);
    }
    QStringList sent;
    if (usdc != 0) sent.append(Output::amount(usdc, Denom::USDC));
    if (pond != 0) sent.append(Output::amount(pond, Denom::POND));
    m_out.result(
        QJsonObject{{"name", name},
                    {"address", qstr(address.str())},
                    {"usdc", qstr(usdc.str())},
                    {"pond", qstr(pond.str())},
                    {"txs", txs},
                    {"height", height},
                    {"status", "included"}},
        QStringLiteral("sent %1 to %2 (%3)\nincluded in block %4").arg(sent.join(QStringLiteral(" and ")), name, qstr(address.str()), height));
}

void AccountCommands::account_show()
{
    QString name = m_line.argument(0);
    if (name.isEmpty()) {
        if (!m_line.from()) throw CliError::usage(QStringLiteral("name the account: account show NAME (or pass --from NAME)"));
        name = *m_line.from();
    }
    const Address address = m_context.wallet().resolve(name);
    QJsonObject account = m_context.rpc().get_object(QStringLiteral("/accounts/") + qstr(address.str()));
    if (name != qstr(address.str())) account.insert("name", name);
    const QString stake = Output::amount(account.value(QLatin1String("stake")), Denom::POND);
    m_out.result(account,
                 QStringLiteral("account    %1 (%2)\nusdc       %3\npond       %4\nstake      %5 (%6 locked)\nearnings   %7\nnext nonce %8")
                     .arg(name, qstr(address.str()), Output::amount(account.value(QLatin1String("usdc")), Denom::USDC),
                          Output::amount(account.value(QLatin1String("pond")), Denom::POND), stake,
                          Output::amount(account.value(QLatin1String("pond_locked")), Denom::POND),
                          Output::amount(account.value(QLatin1String("earnings")), Denom::USDC), field(account, "next_nonce")));
}

void AccountCommands::transfer()
{
    const QString to_name = m_line.argument(0);
    const bool usdc = m_line.has(QStringLiteral("usdc"));
    if (usdc == m_line.has(QStringLiteral("pond")))
        throw CliError::usage(QStringLiteral("transfer sends one denomination: give exactly one of --usdc N or --pond N"));
    const Denom denom = usdc ? Denom::USDC : Denom::POND;
    const Amount amount = CommandLine::token_amount(m_line.required(usdc ? QStringLiteral("usdc") : QStringLiteral("pond")), denom,
                                                    usdc ? QStringLiteral("--usdc") : QStringLiteral("--pond"));
    const QString from = m_context.from_name();
    const Address to = m_context.wallet().resolve(to_name);
    const TxOutcome outcome = m_context.send_from(from, tx::Transfer{to, denom, amount});
    m_context.report(outcome, QJsonObject{{"to", qstr(to.str())}, {"denom", usdc ? "USDC" : "POND"}, {"amount", qstr(amount.str())}},
                     QStringLiteral("sent %1 to %2").arg(Output::amount(amount, denom), to_name));
}

// --- certificates -----------------------------------------------------------------------------

void AccountCommands::cert_create()
{
    const QString from = m_context.from_name();
    const Address address = m_context.wallet().stored_address(from);
    try {
        const CertificatePublication publication(address);
        const TxOutcome outcome = m_context.send_from(from, publication.transaction());
        // Written once the chain holds it: the files are always the certificate peers will check against.
        publication.save(m_context.datadir(), from);
        const QString fingerprint = qstr(publication.fingerprint().hex());
        m_context.report(outcome,
                         QJsonObject{{"address", qstr(address.str())},
                                     {"fingerprint", fingerprint},
                                     {"certificate", TlsIdentity::certificate_path(m_context.datadir(), from)},
                                     {"key", TlsIdentity::key_path(m_context.datadir(), from)}},
                         QStringLiteral("published the certificate of %1 (sha256 %2)\ncertificate %3\nkey         %4")
                             .arg(from, fingerprint, TlsIdentity::certificate_path(m_context.datadir(), from),
                                  TlsIdentity::key_path(m_context.datadir(), from)));
    } catch (const TlsIdentityError& e) {
        throw CliError(QStringLiteral("certificate_error"), QString::fromUtf8(e.what()));
    }
}

void AccountCommands::cert_revoke()
{
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, tx::RevokeCertificate{});
    m_context.report(outcome, QJsonObject{{"address", qstr(m_context.wallet().stored_address(from).str())}},
                     QStringLiteral("revoked the certificate of %1: providers refuse it from now on").arg(from));
}

// --- events -----------------------------------------------------------------------------------

void AccountCommands::events()
{
    std::uint64_t since = 0;
    if (const auto text = m_line.optional(QStringLiteral("since"))) since = CommandLine::height(*text, QStringLiteral("--since"));
    std::optional<JobId> lease;
    if (const auto text = m_line.optional(QStringLiteral("lease"))) lease = CommandLine::id(*text, QStringLiteral("--lease"));
    std::optional<std::uint32_t> limit;
    if (const auto text = m_line.optional(QStringLiteral("limit"))) limit = CommandLine::count(*text, 1, QStringLiteral("--limit"));

    // The node answers at most page_size events per request, oldest first: page on by height and
    // skip the events of that height already taken.
    constexpr qsizetype page_size = 10000;
    const qsizetype cap = limit ? static_cast<qsizetype>(*limit) : std::numeric_limits<qsizetype>::max();
    QJsonArray out;
    std::uint64_t from_height = since;
    qsizetype skip = 0;
    while (out.size() < cap) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("since"), QString::number(from_height));
        if (lease) query.addQueryItem(QStringLiteral("lease"), QString::number(*lease));
        query.addQueryItem(QStringLiteral("limit"), QString::number(page_size));
        const QJsonArray page = m_context.rpc().get(QStringLiteral("/events"), query).toArray();
        for (qsizetype i = skip; i < page.size() && out.size() < cap; ++i) out.append(page[i]);
        if (page.size() < page_size) break;
        const std::uint64_t last = field(page.last().toObject(), "height").toULongLong();
        if (last == from_height) break; // one block with more events than a page: the node cannot page inside it
        from_height = last;
        skip =
            std::count_if(page.begin(), page.end(), [last](const QJsonValue& v) { return field(v.toObject(), "height").toULongLong() == last; });
    }
    QStringList lines;
    for (const QJsonValue& v : out) lines.append(Summaries::event_line(v.toObject()));
    m_out.result(out, lines.isEmpty() ? QStringLiteral("no events") : lines.join(QLatin1Char('\n')));
}

} // namespace berth::cli
