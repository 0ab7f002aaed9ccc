#include "commands.h"

#include "clierror.h"
#include "commandline.h"
#include "manifestsession.h"
#include "output.h"
#include "rpcclient.h"
#include "wallet.h"

#include <certificatepublication.h>
#include <manifest.h>
#include <manifestserver.h>
#include <manifeststore.h>
#include <networkgenesis.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>
#include <limits>
#include <variant>

namespace berth::cli {

namespace {

QString qstr(const std::string& text)
{
    return QString::fromStdString(text);
}

QString field(const QJsonObject& object, const char* name)
{
    return object.value(QLatin1String(name)).toString();
}

/**
 * A manifest file's bytes, refused when it cannot be read (a usage error naming the file) or
 * when the strict parser rejects it (invalid_manifest naming the field): an order must not
 * lock escrow for a manifest no provider would accept.
 */
QByteArray read_manifest(const QString& path, const QString& option)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly))
        throw CliError::usage(QStringLiteral("%1: cannot read the manifest file '%2'%3")
                                  .arg(option, path, file.errorString().isEmpty() ? QString() : QStringLiteral(": ") + file.errorString()));
    const QByteArray bytes = file.read(Manifest::max_bytes + 1);
    try {
        Manifest::parse(bytes);
    } catch (const ManifestError& e) {
        throw CliError(QStringLiteral("invalid_manifest"), QStringLiteral("%1 '%2': %3").arg(option, path, QString::fromUtf8(e.what())));
    }
    return bytes;
}

QString short_address(const QString& address)
{
    return address.size() > 17 ? address.left(13) + QStringLiteral("…") + address.right(4) : address;
}

QString time_text(const QString& ms)
{
    bool ok = false;
    const qint64 value = ms.toLongLong(&ok);
    if (!ok || value == 0) return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(value).toString(Qt::ISODate);
}

QString lease_line(const QJsonObject& lease)
{
    const QString provider = field(lease, "provider");
    return QStringLiteral("%1  %2  %3 x%4  %5  %6  escrow %7")
        .arg(field(lease, "id").rightJustified(5), field(lease, "state").leftJustified(20), field(lease, "instance_type"))
        .arg(lease.value(QLatin1String("replicas")).toInt())
        .arg(provider.isEmpty() ? QStringLiteral("(no provider yet)") : short_address(provider),
             provider.isEmpty() ? QStringLiteral("max ") + Output::price(lease.value(QLatin1String("max_price_per_s")))
                                : Output::price(lease.value(QLatin1String("price_per_s"))),
             Output::amount(lease.value(QLatin1String("escrow")), Denom::USDC));
}

QString lease_details(const QJsonObject& lease)
{
    QStringList lines;
    auto add = [&lines](const QString& label, const QString& value) { lines.append(label.leftJustified(14) + value); };
    lines.append(QStringLiteral("lease %1 (order %2)").arg(field(lease, "id"), field(lease, "order_id")));
    add(QStringLiteral("state"), field(lease, "state"));
    if (!field(lease, "close_reason").isEmpty() && field(lease, "close_reason") != QLatin1String("none"))
        add(QStringLiteral("close reason"), field(lease, "close_reason"));
    add(QStringLiteral("owner"), field(lease, "owner"));
    add(QStringLiteral("instance"), QStringLiteral("%1 x%2").arg(field(lease, "instance_type")).arg(lease.value(QLatin1String("replicas")).toInt()));
    add(QStringLiteral("max price"), Output::price(lease.value(QLatin1String("max_price_per_s"))));
    add(QStringLiteral("provider"), field(lease, "provider").isEmpty() ? QStringLiteral("-") : field(lease, "provider"));
    if (!field(lease, "provider").isEmpty()) add(QStringLiteral("price"), Output::price(lease.value(QLatin1String("price_per_s"))));
    add(QStringLiteral("escrow"), Output::amount(lease.value(QLatin1String("escrow")), Denom::USDC) + QStringLiteral(" left, ") +
                                      Output::amount(lease.value(QLatin1String("spent")), Denom::USDC) + QStringLiteral(" spent"));
    if (lease.contains(QLatin1String("exhausts_at_ms")))
        add(QStringLiteral("runs out at"), time_text(field(lease, "exhausts_at_ms")));
    QStringList urls;
    for (const QJsonValue& url : lease.value(QLatin1String("access")).toObject().value(QLatin1String("urls")).toArray())
        urls.append(url.toString());
    add(QStringLiteral("access"), urls.isEmpty() ? QStringLiteral("-") : urls.join(QStringLiteral(", ")));
    if (!field(lease, "update_refusal").isEmpty()) add(QStringLiteral("update"), QStringLiteral("refused: ") + field(lease, "update_refusal"));
    add(QStringLiteral("manifest"), QStringLiteral("sha256 ") + field(lease, "manifest_hash"));
    if (!field(lease, "image_url").isEmpty()) add(QStringLiteral("image"), field(lease, "image_url"));
    add(QStringLiteral("created"), time_text(field(lease, "created_at_ms")));
    const QJsonArray bids = lease.value(QLatin1String("bids")).toArray();
    if (!bids.isEmpty()) {
        add(QStringLiteral("bids"), QString());
        for (const QJsonValue& v : bids) {
            const QJsonObject bid = v.toObject();
            lines.append(QStringLiteral("    %1  %2  block %3")
                             .arg(field(bid, "provider"), Output::price(bid.value(QLatin1String("price_per_s"))), field(bid, "height")));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString event_line(const QJsonObject& event)
{
    QStringList details;
    const QJsonObject data = event.value(QLatin1String("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) details.append(it.key() + QLatin1Char('=') + it.value().toString());
    if (!field(event, "account").isEmpty()) details.prepend(QStringLiteral("account=") + short_address(field(event, "account")));
    return QStringLiteral("%1  %2  %3  %4")
        .arg(field(event, "height").rightJustified(7), field(event, "name").leftJustified(22),
             field(event, "lease_id").isEmpty() ? QStringLiteral("       -") : QStringLiteral("lease ") + field(event, "lease_id").leftJustified(3),
             details.join(QLatin1Char(' ')));
}

} // namespace

Commands::Commands(const CommandLine& line, const Output& out) : m_line(line), m_out(out) {}

Commands::~Commands() = default;

QString Commands::default_datadir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/devnet");
}

RpcClient& Commands::rpc()
{
    if (!m_rpc) {
        m_rpc = std::make_unique<RpcClient>(RpcClient::parse_url(m_line.rpc()));
        m_rpc->set_datadir(datadir());
        if (const auto cookie = m_line.rpc_cookie()) m_rpc->set_cookie_file(*cookie);
    }
    return *m_rpc;
}

Wallet& Commands::wallet()
{
    if (!m_wallet) m_wallet = std::make_unique<Wallet>(datadir(), rpc());
    return *m_wallet;
}

TxSender& Commands::sender()
{
    if (!m_sender) m_sender = std::make_unique<TxSender>(rpc());
    return *m_sender;
}

QString Commands::datadir() const
{
    return m_line.datadir().value_or(default_datadir());
}

QString Commands::from_name() const
{
    const auto from = m_line.from();
    if (!from) throw CliError::usage(QStringLiteral("this command signs a transaction: name the key with --from NAME"));
    return *from;
}

TxOutcome Commands::send_from(const QString& from, const tx::Payload& payload)
{
    const PrivateKey key = wallet().unlock(from);
    return sender().send(key, payload);
}

void Commands::report(const TxOutcome& outcome, QJsonObject extra, const QString& summary) const
{
    const QJsonObject base = outcome.json();
    for (auto it = base.begin(); it != base.end(); ++it)
        if (!extra.contains(it.key())) extra.insert(it.key(), it.value());
    m_out.result(extra, QStringLiteral("%1\nincluded in block %2 (tx %3)").arg(summary, outcome.height, outcome.id));
}

void Commands::lease_action(const tx::Payload& payload, JobId id, const QString& from, const QString& done)
{
    const TxOutcome outcome = send_from(from, payload);
    report(outcome, QJsonObject{{"lease_id", QString::number(id)}}, done.arg(id));
}

// --- node and keys ---------------------------------------------------------------------------

void Commands::status()
{
    QJsonObject status = rpc().get_object(QStringLiteral("/status"));
    status.insert("rpc", rpc().base().toString());
    m_out.result(status, QStringLiteral("chain       %1\nheight      %2\nblock time  %3 ms\nstate root  %4\nmempool     %5 pending\nnode        %6 at %7")
                             .arg(field(status, "chain_id"), field(status, "height"), field(status, "block_ms"),
                                  field(status, "state_root"))
                             .arg(status.value(QLatin1String("mempool")).toInt())
                             .arg(status.value(QLatin1String("producer")).toBool() ? QStringLiteral("producer") : QStringLiteral("follower"),
                                  rpc().base().toString()));
}

void Commands::keys_add()
{
    const QString name = m_line.argument(0);
    const Address address = wallet().create(name);
    m_out.result(QJsonObject{{"name", name}, {"address", qstr(address.str())}, {"keystore", wallet().keys_directory()}},
                 QStringLiteral("created key '%1' with address %2 in %3").arg(name, qstr(address.str()), wallet().keys_directory()));
}

void Commands::keys_list()
{
    const QJsonArray keys = wallet().list();
    QStringList lines;
    for (const QJsonValue& v : keys) lines.append(field(v.toObject(), "name").leftJustified(16) + QLatin1Char(' ') + field(v.toObject(), "address"));
    m_out.result(keys, keys.isEmpty() ? QStringLiteral("no keys in %1 (create one with 'berth-cli keys add NAME')").arg(wallet().keys_directory())
                                      : lines.join(QLatin1Char('\n')));
}

void Commands::keys_show()
{
    const QString name = m_line.argument(0);
    const PrivateKey key = wallet().unlock(name);
    const QString address = qstr(Address::of(key.public_key()).str());
    const QString public_key = qstr(key.public_key().hex());
    m_out.result(QJsonObject{{"name", name}, {"address", address}, {"public_key", public_key}},
                 QStringLiteral("%1\naddress     %2\npublic key  %3").arg(name, address, public_key));
}

void Commands::network_init()
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
        if (!key) throw CliError::usage(QStringLiteral("--producers expects 32-byte hex public keys ('berth-cli keys show NAME'), not '%1'").arg(text));
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
    m_out.result(QJsonObject{{"chain_id", qstr(spec.chain_id)}, {"genesis", out}, {"producers", static_cast<int>(spec.producers.size())},
                             {"accounts", static_cast<int>(genesis.genesis.accounts.size())}},
                 QStringLiteral("wrote the genesis of network %1 to %2").arg(qstr(spec.chain_id), out));
}

void Commands::faucet()
{
    const QString name = m_line.argument(0);
    const Amount usdc = m_line.has(QStringLiteral("usdc")) ? CommandLine::token_amount(m_line.required(QStringLiteral("usdc")), Denom::USDC, QStringLiteral("--usdc")) : Amount(0);
    const Amount pond = m_line.has(QStringLiteral("pond")) ? CommandLine::token_amount(m_line.required(QStringLiteral("pond")), Denom::POND, QStringLiteral("--pond")) : Amount(0);
    if (usdc == 0 && pond == 0) throw CliError::usage(QStringLiteral("ask the faucet for some tokens: --usdc N and/or --pond N (non-zero)"));
    const Address address = wallet().resolve(name);
    QJsonObject body{{"address", qstr(address.str())}};
    if (usdc != 0) body.insert("usdc", qstr(usdc.str()));
    if (pond != 0) body.insert("pond", qstr(pond.str()));
    const QJsonObject answer = rpc().post(QStringLiteral("/faucet"), body);
    QString height;
    QJsonArray txs;
    for (const QJsonValue& id : answer.value(QLatin1String("txs")).toArray()) {
        const TxOutcome outcome = sender().wait(id.toString());
        height = outcome.height;
        txs.append(outcome.id);
    }
    QStringList sent;
    if (usdc != 0) sent.append(Output::amount(usdc, Denom::USDC));
    if (pond != 0) sent.append(Output::amount(pond, Denom::POND));
    m_out.result(QJsonObject{{"name", name}, {"address", qstr(address.str())}, {"usdc", qstr(usdc.str())}, {"pond", qstr(pond.str())},
                             {"txs", txs}, {"height", height}, {"status", "included"}},
                 QStringLiteral("sent %1 to %2 (%3)\nincluded in block %4").arg(sent.join(QStringLiteral(" and ")), name, qstr(address.str()), height));
}

void Commands::account_show()
{
    QString name = m_line.argument(0);
    if (name.isEmpty()) {
        if (!m_line.from()) throw CliError::usage(QStringLiteral("name the account: account show NAME (or pass --from NAME)"));
        name = *m_line.from();
    }
    const Address address = wallet().resolve(name);
    QJsonObject account = rpc().get_object(QStringLiteral("/accounts/") + qstr(address.str()));
    if (name != qstr(address.str())) account.insert("name", name);
    const QString stake = Output::amount(account.value(QLatin1String("stake")), Denom::POND);
    m_out.result(account, QStringLiteral("account    %1 (%2)\nusdc       %3\npond       %4\nstake      %5 (%6 locked)\nearnings   %7\nnext nonce %8")
                              .arg(name, qstr(address.str()), Output::amount(account.value(QLatin1String("usdc")), Denom::USDC),
                                   Output::amount(account.value(QLatin1String("pond")), Denom::POND), stake,
                                   Output::amount(account.value(QLatin1String("pond_locked")), Denom::POND),
                                   Output::amount(account.value(QLatin1String("earnings")), Denom::USDC), field(account, "next_nonce")));
}

void Commands::transfer()
{
    const QString to_name = m_line.argument(0);
    const bool usdc = m_line.has(QStringLiteral("usdc"));
    if (usdc == m_line.has(QStringLiteral("pond"))) throw CliError::usage(QStringLiteral("transfer sends one denomination: give exactly one of --usdc N or --pond N"));
    const Denom denom = usdc ? Denom::USDC : Denom::POND;
    const Amount amount = CommandLine::token_amount(m_line.required(usdc ? QStringLiteral("usdc") : QStringLiteral("pond")), denom,
                                                    usdc ? QStringLiteral("--usdc") : QStringLiteral("--pond"));
    const QString from = from_name();
    const Address to = wallet().resolve(to_name);
    const TxOutcome outcome = send_from(from, tx::Transfer{to, denom, amount});
    report(outcome, QJsonObject{{"to", qstr(to.str())}, {"denom", usdc ? "USDC" : "POND"}, {"amount", qstr(amount.str())}},
           QStringLiteral("sent %1 to %2").arg(Output::amount(amount, denom), to_name));
}

// --- providers --------------------------------------------------------------------------------

void Commands::provider_register()
{
    tx::RegisterProvider payload{m_line.required(QStringLiteral("name")).toStdString(), m_line.required(QStringLiteral("region")).toStdString(),
                                 m_line.required(QStringLiteral("endpoint")).toStdString()};
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, payload);
    report(outcome, QJsonObject{{"address", qstr(wallet().stored_address(from).str())}, {"name", qstr(payload.name)}},
           QStringLiteral("registered provider '%1' (%2, %3)").arg(qstr(payload.name), qstr(payload.region), qstr(payload.endpoint)));
}

void Commands::provider_offer()
{
    tx::SetOffer payload{m_line.required(QStringLiteral("instance-type")).toStdString(),
                         m_line.required_price(QStringLiteral("price")),
                         CommandLine::count(m_line.required(QStringLiteral("capacity")), 0, QStringLiteral("--capacity"))};
    if (payload.instance_type.empty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, payload);
    report(outcome,
           QJsonObject{{"instance_type", qstr(payload.instance_type)}, {"price_per_s", Output::price_per_s(payload.price_per_s)},
                       {"price_per_hour", Output::price_per_hour(payload.price_per_s)},
                       {"capacity", static_cast<qint64>(payload.capacity)}},
           payload.capacity == 0 ? QStringLiteral("withdrew the %1 offer").arg(qstr(payload.instance_type))
                                 : QStringLiteral("offering %1 x%2 at %3")
                                       .arg(qstr(payload.instance_type))
                                       .arg(payload.capacity)
                                       .arg(Output::price(payload.price_per_s)));
}

void Commands::stake_change(bool stake)
{
    const Amount amount = CommandLine::token_amount(m_line.argument(0), Denom::POND, QStringLiteral("the amount"));
    if (amount == 0) throw CliError::usage(QStringLiteral("the amount must be more than 0 POND"));
    const QString from = from_name();
    const TxOutcome outcome = stake ? send_from(from, tx::Stake{amount}) : send_from(from, tx::Unstake{amount});
    report(outcome, QJsonObject{{"amount", qstr(amount.str())}},
           (stake ? QStringLiteral("staked %1") : QStringLiteral("unstaked %1")).arg(Output::amount(amount, Denom::POND)));
}

void Commands::provider_stake()
{
    stake_change(true);
}

void Commands::provider_unstake()
{
    stake_change(false);
}

void Commands::providers()
{
    const QJsonValue list = rpc().get(QStringLiteral("/providers"));
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) {
        const QJsonObject p = v.toObject();
        lines.append(QStringLiteral("%1  %2  %3  stake %4 (%5 locked)  slashes %6  jobs %7")
                         .arg(field(p, "name").leftJustified(12), field(p, "address"), field(p, "region").leftJustified(10),
                              Output::amount(p.value(QLatin1String("stake")), Denom::POND),
                              Output::amount(p.value(QLatin1String("stake_locked")), Denom::POND))
                         .arg(p.value(QLatin1String("slashes")).toInt())
                         .arg(p.value(QLatin1String("active_jobs")).toInt()));
        for (const QJsonValue& o : p.value(QLatin1String("offers")).toArray()) {
            const QJsonObject offer = o.toObject();
            QString line = QStringLiteral("    %1  %2  free %3/%4")
                               .arg(field(offer, "instance_type").leftJustified(10), Output::price(offer.value(QLatin1String("price_per_s"))))
                               .arg(offer.value(QLatin1String("free")).toInt())
                               .arg(offer.value(QLatin1String("capacity")).toInt());
            if (offer.contains(QLatin1String("vcpus")))
                line += QStringLiteral("  %1 vCPU, %2 MiB, %3 processes per replica")
                            .arg(field(offer, "vcpus"), field(offer, "memory_mib"), field(offer, "processes"));
            lines.append(line);
        }
    }
    m_out.result(list, lines.isEmpty() ? QStringLiteral("no providers") : lines.join(QLatin1Char('\n')));
}

// --- orders and bids --------------------------------------------------------------------------

void Commands::order_create()
{
    tx::CreateOrder payload;
    payload.instance_type = m_line.required(QStringLiteral("instance-type")).toStdString();
    if (payload.instance_type.empty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    payload.replicas = m_line.has(QStringLiteral("replicas")) ? CommandLine::count(m_line.required(QStringLiteral("replicas")), 1, QStringLiteral("--replicas")) : 1;
    payload.max_price_per_s = m_line.required_price(QStringLiteral("max-price"));
    payload.deposit = CommandLine::token_amount(m_line.required(QStringLiteral("deposit")), Denom::USDC, QStringLiteral("--deposit"));
    payload.manifest_hash = keep_manifest(read_manifest(m_line.required(QStringLiteral("manifest")), QStringLiteral("--manifest")));
    payload.image_url = m_line.optional(QStringLiteral("image")).value_or(QString()).toStdString();
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, payload);
    QString order_id = outcome.order_id;
    if (order_id.isEmpty()) {
        // The node forgot the receipt (it restarted): the newest order of this owner with this manifest is the one.
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("owner"), qstr(wallet().stored_address(from).str()));
        for (const QJsonValue& v : rpc().get(QStringLiteral("/leases"), query).toArray())
            if (field(v.toObject(), "manifest_hash") == qstr(payload.manifest_hash.hex()) &&
                field(v.toObject(), "id").toULongLong() > order_id.toULongLong())
                order_id = field(v.toObject(), "id");
    }
    report(outcome, QJsonObject{{"order_id", order_id}, {"manifest_hash", qstr(payload.manifest_hash.hex())}},
           QStringLiteral("order %1 created: %2 x%3 at most %4, %5 in escrow\nproviders bid for the next blocks; follow it with "
                          "'berth-cli events --lease %1' or 'berth-cli lease show %1'")
               .arg(order_id, qstr(payload.instance_type))
               .arg(payload.replicas)
               .arg(Output::price(payload.max_price_per_s), Output::amount(payload.deposit, Denom::USDC)));
}

void Commands::order_list()
{
    const QString from = from_name();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("owner"), qstr(wallet().stored_address(from).str()));
    const QJsonValue list = rpc().get(QStringLiteral("/orders"), query);
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) lines.append(lease_line(v.toObject()));
    m_out.result(list, lines.isEmpty() ? QStringLiteral("no open orders of %1").arg(from) : lines.join(QLatin1Char('\n')));
}

void Commands::order_cancel()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the order id"));
    lease_action(tx::CloseLease{id}, id, from_name(), QStringLiteral("asked to cancel order %1"));
}

void Commands::bid_create()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the order id"));
    const Amount price = m_line.required_price(QStringLiteral("price"));
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, tx::CreateBid{id, price});
    report(outcome,
           QJsonObject{{"order_id", QString::number(id)}, {"price_per_s", Output::price_per_s(price)}, {"price_per_hour", Output::price_per_hour(price)}},
           QStringLiteral("bid %1 on order %2").arg(Output::price(price)).arg(id));
}

// --- leases -----------------------------------------------------------------------------------

void Commands::lease_list()
{
    const QString from = from_name();
    const bool as_provider = m_line.flag(QStringLiteral("provider"));
    QUrlQuery query;
    query.addQueryItem(as_provider ? QStringLiteral("provider") : QStringLiteral("owner"), qstr(wallet().stored_address(from).str()));
    const QJsonValue list = rpc().get(QStringLiteral("/leases"), query);
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) lines.append(lease_line(v.toObject()));
    m_out.result(list, lines.isEmpty() ? (as_provider ? QStringLiteral("no leases served by %1") : QStringLiteral("no leases of %1")).arg(from)
                                       : lines.join(QLatin1Char('\n')));
}

void Commands::lease_show()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QJsonObject lease = rpc().get_object(QStringLiteral("/leases/%1").arg(id));
    m_out.result(lease, lease_details(lease));
}

void Commands::lease_update()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const auto instance_type = m_line.optional(QStringLiteral("instance-type"));
    if (instance_type && instance_type->isEmpty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    std::optional<std::uint32_t> replicas;
    if (const auto text = m_line.optional(QStringLiteral("replicas"))) replicas = CommandLine::count(*text, 1, QStringLiteral("--replicas"));
    std::optional<QByteArray> manifest_bytes;
    std::optional<Hash256> manifest;
    if (const auto path = m_line.optional(QStringLiteral("manifest"))) {
        manifest_bytes = read_manifest(*path, QStringLiteral("--manifest"));
        manifest = ManifestStore::hash_of(*manifest_bytes);
    }
    const std::optional<Amount> max_price = m_line.price(QStringLiteral("max-price"));
    if (!instance_type && !replicas && !manifest && !max_price)
        throw CliError::usage(QStringLiteral("nothing to update: give --instance-type, --replicas, --manifest and/or --max-price-per-s "
                                             "(or --max-price-per-hour)"));
    const QString from = from_name();

    const QJsonObject lease = rpc().get_object(QStringLiteral("/leases/%1").arg(id));
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
    if (manifest_bytes) keep_manifest(*manifest_bytes);
    const TxOutcome outcome = send_from(from, tx::UpdateLease{id, terms});
    QJsonObject extra{{"lease_id", QString::number(id)}, {"instance_type", qstr(terms.instance_type)}, {"replicas", static_cast<qint64>(terms.replicas)},
                      {"manifest_hash", qstr(terms.manifest_hash.hex())}, {"max_price_per_s", Output::price_per_s(terms.max_price_per_s)},
                      {"max_price_per_hour", Output::price_per_hour(terms.max_price_per_s)}};
    // A new manifest goes to the provider now that the chain holds its hash.
    if (manifest_bytes) {
        try {
            extra.insert(QStringLiteral("manifest_upload"), ManifestSession(rpc(), datadir(), from).upload(id, *manifest_bytes, upload_timeout_ms()));
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
    report(outcome, extra,
           QStringLiteral("asked lease %1 for %2 x%3 at most %4; the provider answers with LEASE_UPDATED, or with UPDATE_REFUSED "
                          "and its reason ('berth-cli lease show %1')")
               .arg(id)
               .arg(qstr(terms.instance_type))
               .arg(terms.replicas)
               .arg(Output::price(terms.max_price_per_s)));
}

void Commands::lease_close()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    lease_action(tx::CloseLease{id}, id, from_name(), QStringLiteral("asked to close lease %1; the provider answers with LEASE_CLOSED"));
}

void Commands::lease_deposit()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const Amount amount = CommandLine::token_amount(m_line.argument(1), Denom::USDC, QStringLiteral("the deposit"));
    if (amount == 0) throw CliError::usage(QStringLiteral("the deposit must be more than 0 USDC"));
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, tx::DepositEscrow{id, amount});
    report(outcome, QJsonObject{{"lease_id", QString::number(id)}, {"amount", qstr(amount.str())}},
           QStringLiteral("deposited %1 into the escrow of lease %2").arg(Output::amount(amount, Denom::USDC)).arg(id));
}

void Commands::lease_exit()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    lease_action(tx::ExitLease{id}, id, from_name(), QStringLiteral("asked to exit lease %1; it closes after the exit cooldown"));
}

void Commands::lease_manifest()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QByteArray manifest = read_manifest(m_line.required(QStringLiteral("file")), QStringLiteral("--file"));
    const int give_up_ms = upload_timeout_ms();
    const QString from = from_name();
    const Hash256 hash = keep_manifest(manifest);
    QJsonObject answer = ManifestSession(rpc(), datadir(), from).upload(id, manifest, give_up_ms);
    answer.insert(QStringLiteral("manifest_hash"), qstr(hash.hex()));
    const QString delivery = post_delivery_receipt(from, id, hash, answer);
    answer.insert(QStringLiteral("delivery"), delivery);
    m_out.result(answer, QStringLiteral("the provider accepted the manifest of lease %1 and is deploying it; DEPLOYMENT_CONFIRMED "
                                        "follows with the URLs ('berth-cli lease show %1')\n%2")
                             .arg(id)
                             .arg(delivery));
}

QString Commands::post_delivery_receipt(const QString& from, JobId id, const Hash256& hash, const QJsonObject& answer)
{
    // The provider's signature over lease and manifest proves on chain that the manifest arrived,
    // so the provider can no longer close the lease as if it never came.
    const auto receipt = fixed_from_hex<64>(answer.value(QLatin1String("receipt")).toString().toStdString());
    const auto key = fixed_from_hex<PublicKey::size>(answer.value(QLatin1String("provider_key")).toString().toStdString());
    if (!receipt || !key) return QStringLiteral("the provider's answer carried no receipt to put on chain");
    if (field(rpc().get_object(QStringLiteral("/leases/%1").arg(id)), "state") != QLatin1String("LEASE_READY"))
        return QStringLiteral("no delivery receipt needed: the lease is past LEASE_READY");
    try {
        const TxOutcome outcome = send_from(from, tx::ManifestDelivered{id, hash, PublicKey(*key), *receipt});
        return QStringLiteral("the provider's receipt is on chain (MANIFEST_DELIVERED in block %1)").arg(outcome.height);
    } catch (const CliError& e) {
        return QStringLiteral("the provider's receipt could not be put on chain: %1").arg(e.message());
    }
}

void Commands::lease_status()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    const QJsonObject status = ManifestSession(rpc(), datadir(), from_name()).status(id);
    QStringList lines{QStringLiteral("lease %1: %2, deployment %3").arg(id).arg(field(status, "state"), field(status, "deployment"))};
    for (const QJsonValue& v : status.value(QLatin1String("replicas")).toArray()) {
        const QJsonObject r = v.toObject();
        QString line = QStringLiteral("  %1#%2  %3  %4").arg(field(r, "service")).arg(r.value(QLatin1String("index")).toInt()).arg(field(r, "state"), field(r, "url"));
        if (const int restarts = r.value(QLatin1String("restarts")).toInt(); restarts > 0)
            line += QStringLiteral("  restarted %1×, last exit: %2").arg(restarts).arg(field(r, "exit_reason"));
        else if (const QString reason = field(r, "exit_reason"); !reason.isEmpty())
            line += QStringLiteral("  (%1)").arg(reason);
        lines.append(line);
    }
    m_out.result(status, lines.join(QLatin1Char('\n')));
}

void Commands::lease_logs()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the lease id"));
    ManifestClient::LogQuery query;
    query.service = m_line.optional(QStringLiteral("service")).value_or(QString());
    if (m_line.has(QStringLiteral("replica"))) query.replica = static_cast<int>(CommandLine::count(m_line.required(QStringLiteral("replica")), 0, QStringLiteral("--replica"), INT32_MAX));
    if (m_line.has(QStringLiteral("tail")))
        query.tail = static_cast<int>(CommandLine::count(m_line.required(QStringLiteral("tail")), 0, QStringLiteral("--tail"), ManifestServer::max_log_tail));
    query.follow = m_line.flag(QStringLiteral("follow"));
    const bool json = m_out.json();
    // Each line as it comes, so that --follow shows it live: plain, or the provider's JSON record.
    ManifestSession(rpc(), datadir(), from_name()).logs(id, query, [json](const QByteArray& record) {
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

void Commands::cert_create()
{
    const QString from = from_name();
    const Address address = wallet().stored_address(from);
    try {
        const CertificatePublication publication(address);
        const TxOutcome outcome = send_from(from, publication.transaction());
        // Written once the chain holds it: the files are always the certificate peers will check against.
        publication.save(datadir(), from);
        const QString fingerprint = qstr(ManifestStore::hash_of(publication.identity().der()).hex());
        report(outcome,
               QJsonObject{{"address", qstr(address.str())},
                           {"fingerprint", fingerprint},
                           {"certificate", TlsIdentity::certificate_path(datadir(), from)},
                           {"key", TlsIdentity::key_path(datadir(), from)}},
               QStringLiteral("published the certificate of %1 (sha256 %2)\ncertificate %3\nkey         %4")
                   .arg(from, fingerprint, TlsIdentity::certificate_path(datadir(), from), TlsIdentity::key_path(datadir(), from)));
    } catch (const TlsIdentityError& e) {
        throw CliError(QStringLiteral("certificate_error"), QString::fromUtf8(e.what()));
    }
}

void Commands::cert_revoke()
{
    const QString from = from_name();
    const TxOutcome outcome = send_from(from, tx::RevokeCertificate{});
    report(outcome, QJsonObject{{"address", qstr(wallet().stored_address(from).str())}},
           QStringLiteral("revoked the certificate of %1: providers refuse it from now on").arg(from));
}

Hash256 Commands::keep_manifest(const QByteArray& manifest) const
{
    try {
        return ManifestStore(ManifestStore::user_directory(datadir())).save(manifest);
    } catch (const std::runtime_error& e) {
        throw CliError(QStringLiteral("io_error"), QString::fromUtf8(e.what()));
    }
}

int Commands::upload_timeout_ms() const
{
    const auto text = m_line.optional(QStringLiteral("timeout"));
    if (!text) return ManifestClient::default_give_up_ms;
    return static_cast<int>(CommandLine::count(*text, 1, QStringLiteral("--timeout"))) * 1000;
}

// --- events and earnings ----------------------------------------------------------------------

void Commands::events()
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
        const QJsonArray page = rpc().get(QStringLiteral("/events"), query).toArray();
        for (qsizetype i = skip; i < page.size() && out.size() < cap; ++i) out.append(page[i]);
        if (page.size() < page_size) break;
        const std::uint64_t last = field(page.last().toObject(), "height").toULongLong();
        if (last == from_height) break; // one block with more events than a page: the node cannot page inside it
        from_height = last;
        skip = std::count_if(page.begin(), page.end(), [last](const QJsonValue& v) { return field(v.toObject(), "height").toULongLong() == last; });
    }
    QStringList lines;
    for (const QJsonValue& v : out) lines.append(event_line(v.toObject()));
    m_out.result(out, lines.isEmpty() ? QStringLiteral("no events") : lines.join(QLatin1Char('\n')));
}

void Commands::withdraw()
{
    const QString from = from_name();
    const Address address = wallet().stored_address(from);
    const TxOutcome outcome = send_from(from, tx::WithdrawEarnings{});
    QString amount;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), outcome.height);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("10000"));
    for (const QJsonValue& v : rpc().get(QStringLiteral("/events"), query).toArray()) {
        const QJsonObject e = v.toObject();
        if (field(e, "height") == outcome.height && field(e, "name") == QLatin1String("EARNINGS_WITHDRAWN") &&
            field(e, "account") == qstr(address.str()))
            amount = e.value(QLatin1String("data")).toObject().value(QLatin1String("amount")).toString();
    }
    report(outcome, QJsonObject{{"amount", amount}},
           amount.isEmpty() ? QStringLiteral("withdrew the earnings") : QStringLiteral("withdrew %1 of earnings").arg(Output::amount(QJsonValue(amount), Denom::USDC)));
}

} // namespace berth::cli
