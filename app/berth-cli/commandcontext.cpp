#include "commandcontext.h"

#include "clierror.h"
#include "commandline.h"
#include "output.h"
#include "rpcclient.h"
#include "wallet.h"

#include <manifest.h>
#include <manifestclient.h>
#include <orderdraft.h>

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace berth::cli {

CommandContext::CommandContext(const CommandLine& line, const Output& out) : m_line(line), m_out(out) {}

CommandContext::~CommandContext() = default;

QString CommandContext::default_datadir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/devnet");
}

RpcClient& CommandContext::rpc()
{
    if (!m_rpc) {
        m_rpc = std::make_unique<RpcClient>(RpcClient::parse_url(m_line.rpc()));
        m_rpc->set_datadir(datadir());
        if (const auto cookie = m_line.rpc_cookie()) m_rpc->set_cookie_file(*cookie);
    }
    return *m_rpc;
}

Wallet& CommandContext::wallet()
{
    if (!m_wallet) m_wallet = std::make_unique<Wallet>(datadir(), rpc());
    return *m_wallet;
}

TxSender& CommandContext::sender()
{
    if (!m_sender) m_sender = std::make_unique<TxSender>(rpc());
    return *m_sender;
}

QString CommandContext::datadir() const
{
    return m_line.datadir().value_or(default_datadir());
}

QString CommandContext::from_name() const
{
    const auto from = m_line.from();
    if (!from) throw CliError::usage(QStringLiteral("this command signs a transaction: name the key with --from NAME"));
    return *from;
}

TxOutcome CommandContext::send_from(const QString& from, const tx::Payload& payload)
{
    const PrivateKey key = wallet().unlock(from);
    return sender().send(key, payload);
}

void CommandContext::report(const TxOutcome& outcome, QJsonObject extra, const QString& summary) const
{
    const QJsonObject base = outcome.json();
    for (auto it = base.begin(); it != base.end(); ++it)
        if (!extra.contains(it.key())) extra.insert(it.key(), it.value());
    m_out.result(extra, QStringLiteral("%1\nincluded in block %2 (tx %3)").arg(summary, outcome.height, outcome.id));
}

void CommandContext::lease_action(const tx::Payload& payload, JobId id, const QString& from, const QString& done)
{
    const TxOutcome outcome = send_from(from, payload);
    report(outcome, QJsonObject{{"lease_id", QString::number(id)}}, done.arg(id));
}

QByteArray CommandContext::read_manifest(const QString& path, const QString& option)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly))
        throw CliError::usage(QStringLiteral("%1: cannot read the manifest file '%2'%3")
                                  .arg(option, path, file.errorString().isEmpty() ? QString() : QStringLiteral(": ") + file.errorString()));
    const QByteArray bytes = file.read(Manifest::max_bytes + 1);
    try {
        OrderDraft::check_manifest(bytes);
    } catch (const OrderDraftError& e) {
        // Named by the option and the file: the user may pass several.
        throw CliError(QStringLiteral("invalid_manifest"), QStringLiteral("%1 '%2': %3").arg(option, path, QString::fromUtf8(e.what())));
    }
    return bytes;
}

Hash256 CommandContext::keep_manifest(const QByteArray& manifest) const
{
    try {
        return OrderDraft(datadir()).keep_manifest(manifest);
    } catch (const OrderDraftError& e) {
        throw draft_error(e);
    }
}

tx::CreateOrder CommandContext::draft_order(const OrderTerms& terms, const QByteArray& manifest) const
{
    try {
        return OrderDraft(datadir()).create(terms, manifest);
    } catch (const OrderDraftError& e) {
        throw draft_error(e);
    }
}

CliError CommandContext::draft_error(const OrderDraftError& error)
{
    const QString message = QString::fromUtf8(error.what());
    switch (error.code()) {
    case OrderDraftError::Code::InvalidTerms: return CliError::usage(message);
    case OrderDraftError::Code::InvalidManifest: return CliError(QStringLiteral("invalid_manifest"), message);
    case OrderDraftError::Code::Storage: return CliError(QStringLiteral("io_error"), message);
    }
    return CliError(QStringLiteral("internal"), message);
}

int CommandContext::upload_timeout_ms() const
{
    const auto text = m_line.optional(QStringLiteral("timeout"));
    if (!text) return ManifestClient::default_give_up_ms;
    return static_cast<int>(CommandLine::count(*text, 1, QStringLiteral("--timeout"))) * 1000;
}

} // namespace berth::cli
