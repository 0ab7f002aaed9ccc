#include "devnetsession.h"

#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>

namespace berth::test {

DevnetSession::DevnetSession(int block_ms) : m_block_ms(block_ms)
{
    // The workloads and the node are on loopback; an HTTP proxy from the environment must not get in between.
    m_network.setProxy(QNetworkProxy::NoProxy);
}

DevnetSession::~DevnetSession() = default;

QString DevnetSession::manifest()
{
    return QStringLiteral(BERTH_MANIFEST_DIR "/hello-static.json");
}

bool DevnetSession::start(const QStringList& params, const QStringList& extra_args)
{
    if (!m_dir.isValid()) return false;
    QStringList args{QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QString::number(m_block_ms)};
    for (const QString& p : params) args << QStringLiteral("--param") << p;
    args += extra_args;
    m_node = std::make_unique<BerthdProcess>(datadir(), args);
    if (m_node->start()) return true;
    qWarning().noquote() << "berthd did not start:" << m_node->log();
    return false;
}

int DevnetSession::terminate()
{
    return m_node ? m_node->terminate() : -1;
}

QString DevnetSession::log() const
{
    return m_node ? m_node->log() : QString();
}

DevnetSession::Result DevnetSession::cli(const QString& from, const QStringList& args, const QString& passphrase)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("BERTH_PASSPHRASE"));
    if (!passphrase.isEmpty()) environment.insert(QStringLiteral("BERTH_PASSPHRASE"), passphrase);
    process.setProcessEnvironment(environment);
    QStringList all{QStringLiteral("--rpc"), m_node->rpc_url().toString(), QStringLiteral("--datadir"), datadir(), QStringLiteral("--json")};
    if (!from.isEmpty()) all << QStringLiteral("--from") << from;
    process.start(QStringLiteral(BERTH_CLI_PATH), all + args);
    if (!process.waitForFinished(60000)) return {};
    // berthd's output is read in the event loop; a full pipe would stall the node.
    QCoreApplication::processEvents();
    const QByteArray output = process.readAllStandardOutput();
    return Result{process.exitCode(), QJsonDocument::fromJson(output), QString::fromUtf8(process.readAllStandardError()), output};
}

QJsonObject DevnetSession::lease(const QString& id)
{
    return cli({}, {QStringLiteral("lease"), QStringLiteral("show"), id}).json.object();
}

QJsonObject DevnetSession::account(const QString& name)
{
    return cli({}, {QStringLiteral("account"), QStringLiteral("show"), name}).json.object();
}

QJsonObject DevnetSession::provider(const QString& address)
{
    return m_node->get(QStringLiteral("/providers/%1").arg(address)).body.object();
}

QJsonObject DevnetSession::genesis_params()
{
    return m_node->get(QStringLiteral("/genesis")).body.object().value(QStringLiteral("params")).toObject();
}

QJsonArray DevnetSession::events(const QString& lease)
{
    return cli({}, {QStringLiteral("events"), QStringLiteral("--lease"), lease}).json.array();
}

QList<QJsonObject> DevnetSession::named(const QJsonArray& events, const QString& name)
{
    QList<QJsonObject> out;
    for (const QJsonValue& e : events)
        if (e[QStringLiteral("name")].toString() == name) out.append(e.toObject());
    return out;
}

bool DevnetSession::poll(const std::function<bool()>& condition, int timeout_ms)
{
    QElapsedTimer timer;
    timer.start();
    while (true) {
        if (condition()) return true;
        if (timer.elapsed() > timeout_ms) return false;
        QCoreApplication::processEvents();
        QThread::msleep(200);
    }
}

QJsonObject DevnetSession::wait_for_event(const QString& lease, const QString& name, int nth, int timeout_ms)
{
    QJsonObject found;
    poll(
        [&] {
            // Straight from RPC: cheaper than a CLI process per poll.
            const QList<QJsonObject> matching = named(m_node->get(QStringLiteral("/events?lease=%1").arg(lease)).body.array(), name);
            if (matching.size() < nth) return false;
            found = matching[nth - 1];
            return true;
        },
        timeout_ms);
    if (found.isEmpty()) qWarning().noquote() << "lease" << lease << "had no" << name << "#" << nth << "in time";
    return found;
}

quint64 DevnetSession::block_time(const QJsonObject& event)
{
    const BerthdProcess::Reply block = m_node->get(QStringLiteral("/blocks/%1").arg(event[QStringLiteral("height")].toString()));
    return block.body[QStringLiteral("time_ms")].toString().toULongLong();
}

QString DevnetSession::order(const QString& from, const QString& max_price, const QString& deposit)
{
    const Result r = cli(from, {QStringLiteral("order"), QStringLiteral("create"), QStringLiteral("--instance-type"),
                                QStringLiteral("cpu.small"), QStringLiteral("--max-price-per-s"), max_price, QStringLiteral("--manifest"),
                                manifest(), QStringLiteral("--deposit"), deposit});
    if (r.exit_code != 0) qWarning().noquote() << "order create failed:" << r.stderr_text;
    return r.json[QStringLiteral("order_id")].toString();
}

QString DevnetSession::deploy(const QString& from, const QString& max_price, const QString& deposit)
{
    const QString id = order(from, max_price, deposit);
    if (id.isEmpty() || wait_for_event(id, QStringLiteral("LEASE_READY")).isEmpty()) return {};
    const Result upload = cli(from, {QStringLiteral("lease"), QStringLiteral("manifest"), id, QStringLiteral("--file"), manifest()});
    if (upload.exit_code != 0 || upload.json[QStringLiteral("http_status")].toInt() != 202) {
        qWarning().noquote() << "lease manifest failed:" << upload.exit_code << upload.stderr_text;
        return {};
    }
    if (wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED")).isEmpty()) return {};
    return id;
}

DevnetSession::HttpAnswer DevnetSession::http_get(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    QNetworkReply* reply = m_network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) loop.exec();
    HttpAnswer answer{reply->error(), reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QString::fromUtf8(reply->readAll())};
    reply->deleteLater();
    return answer;
}

bool DevnetSession::refuses_connection(const QUrl& url)
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(url.host(), static_cast<quint16>(url.port()));
    if (socket.waitForConnected(3000)) return false;
    return socket.error() == QAbstractSocket::ConnectionRefusedError;
}

QList<qint64> DevnetSession::workload_pids(const QString& lease)
{
    // The runtime names each deployment's directory lease-<id>-<serial>, and the static workload gets
    // its content file from there, so the command line tells which lease a process serves.
    const QByteArray marker = QStringLiteral("/lease-%1-").arg(lease).toUtf8();
    QList<qint64> pids;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(m_node->pid()));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile children(tasks.filePath(task + QStringLiteral("/children")));
        if (!children.open(QIODevice::ReadOnly)) continue;
        for (const QByteArray& pid : children.readAll().simplified().split(' ')) {
            if (pid.isEmpty()) continue;
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(QString::fromLatin1(pid)));
            if (!cmdline.open(QIODevice::ReadOnly)) continue;
            const QList<QByteArray> args = cmdline.readAll().split('\0');
            if (args.isEmpty() || !args.first().endsWith("berth-workload")) continue;
            for (const QByteArray& arg : args)
                if (arg.contains(marker)) {
                    pids.append(pid.toLongLong());
                    break;
                }
        }
    }
    return pids;
}

bool DevnetSession::workload_gone(const QString& lease, const QStringList& urls, int timeout_ms)
{
    return poll(
        [&] {
            for (const QString& url : urls)
                if (!refuses_connection(QUrl(url))) return false;
            return workload_pids(lease).isEmpty();
        },
        timeout_ms);
}

QString DevnetSession::write_file(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) return {};
    return path;
}

QByteArray DevnetSession::manifest_with_root(const QString& root)
{
    QFile file(manifest());
    if (!file.open(QIODevice::ReadOnly)) return {};
    QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    QJsonArray services = object[QStringLiteral("services")].toArray();
    QJsonObject web = services[0].toObject();
    QJsonObject content = web[QStringLiteral("content")].toObject();
    content[QStringLiteral("/")] = root;
    web[QStringLiteral("content")] = content;
    services[0] = web;
    object[QStringLiteral("services")] = services;
    return QJsonDocument(object).toJson();
}

DevnetSession::CurlAnswer DevnetSession::curl(const QString& method, const QString& url, const QString& identity, const QString& body_file)
{
    const QString out = m_dir.filePath(QStringLiteral("curl-body.json"));
    QFile::remove(out);
    // -k: the provider's certificate is pinned by berth-cli, not by a CA that curl could check.
    QStringList args{QStringLiteral("-sS"),        QStringLiteral("-k"),
                     QStringLiteral("--noproxy"),  QStringLiteral("*"),
                     QStringLiteral("--max-time"), QStringLiteral("20"),
                     QStringLiteral("-X"),         method,
                     QStringLiteral("-o"),         out,
                     QStringLiteral("-w"),         QStringLiteral("%{http_code}")};
    if (!identity.isEmpty())
        args << QStringLiteral("--cert") << QDir(datadir()).filePath(QStringLiteral("certs/%1.crt.pem").arg(identity)) << QStringLiteral("--key")
             << QDir(datadir()).filePath(QStringLiteral("certs/%1.key.pem").arg(identity));
    if (!body_file.isEmpty()) args << QStringLiteral("--data-binary") << QLatin1Char('@') + body_file;
    args << url;
    QProcess process;
    process.start(QStringLiteral("curl"), args);
    if (!process.waitForFinished(30000)) return {};
    QCoreApplication::processEvents();
    CurlAnswer answer;
    answer.exit_code = process.exitCode();
    answer.http_status = QString::fromLatin1(process.readAllStandardOutput()).trimmed().toInt();
    QFile body(out);
    if (body.open(QIODevice::ReadOnly)) answer.body = QJsonDocument::fromJson(body.readAll()).object();
    return answer;
}

} // namespace berth::test
