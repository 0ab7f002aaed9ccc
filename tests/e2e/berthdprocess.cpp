#include "berthdprocess.h"

#include <rpccookie.h>
#include <transaction.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTimer>

#include <csignal>
#include <sys/resource.h>

namespace berth::test {

BerthdProcess::BerthdProcess(QString datadir, QStringList extra_args) : m_datadir(std::move(datadir)), m_extra_args(std::move(extra_args))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

BerthdProcess::~BerthdProcess()
{
    if (m_process.state() != QProcess::NotRunning) kill();
}

quint16 BerthdProcess::free_port()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool BerthdProcess::start(int timeout_ms)
{
    const quint16 port = free_port();
    QStringList args{QStringLiteral("--datadir"), m_datadir, QStringLiteral("--rpc"), QStringLiteral("127.0.0.1:%1").arg(port)};
    args += m_extra_args;
    m_log.clear();
    m_process.setChildProcessModifier([limit = m_file_size_limit] {
        if (limit > 0) {
            // SIGXFSZ would kill the node; ignored, the write fails with EFBIG instead, as a write to a full disk fails.
            std::signal(SIGXFSZ, SIG_IGN);
            const rlimit fsize{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
            ::setrlimit(RLIMIT_FSIZE, &fsize);
        }
    });
    if (m_prefix.isEmpty())
        m_process.start(QStringLiteral(BERTHD_PATH), args);
    else
        m_process.start(m_prefix.first(), m_prefix.mid(1) + QStringList{QStringLiteral(BERTHD_PATH)} + args);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeout_ms) {
        if (!m_process.waitForReadyRead(200) && m_process.state() == QProcess::NotRunning) break;
        m_log += QString::fromUtf8(m_process.readAll());
        const qsizetype at = m_log.indexOf(QLatin1String("RPC listening on "));
        if (at >= 0) {
            const qsizetype end = m_log.indexOf(QLatin1Char('\n'), at);
            if (end < 0) continue;
            m_url = QUrl(m_log.mid(at + 17, end - at - 17).trimmed());
            return true;
        }
    }
    m_log += QString::fromUtf8(m_process.readAll());
    return false;
}

void BerthdProcess::kill()
{
    if (m_process.processId() <= 0) return;
    ::kill(static_cast<pid_t>(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
    m_log += QString::fromUtf8(m_process.readAll());
}

int BerthdProcess::terminate(int timeout_ms)
{
    m_process.terminate();
    if (!m_process.waitForFinished(timeout_ms)) return -1;
    m_log += QString::fromUtf8(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

int BerthdProcess::wait_for_exit(int timeout_ms)
{
    const bool exited = m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeout_ms);
    m_log += QString::fromUtf8(m_process.readAll());
    return exited && m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

BerthdProcess::Reply BerthdProcess::wait(QNetworkReply* reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (!reply->isFinished()) reply->abort();
    return Reply{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QJsonDocument::fromJson(reply->readAll())};
}

BerthdProcess::Reply BerthdProcess::get(const QString& path)
{
    if (m_prefix.isEmpty()) return wait(m_network.get(QNetworkRequest(m_url.resolved(QUrl(path)))));
    // The RPC listens on the other host's loopback: ask from there.
    QProcess curl;
    curl.start(m_prefix.first(),
               m_prefix.mid(1) + QStringList{QStringLiteral("curl"), QStringLiteral("-s"), QStringLiteral("-m"), QStringLiteral("10"),
                                             QStringLiteral("-w"), QStringLiteral("\n%{http_code}"), m_url.resolved(QUrl(path)).toString()});
    if (!curl.waitForFinished(15000)) return {};
    const QByteArray out = curl.readAllStandardOutput();
    const qsizetype split = out.lastIndexOf('\n');
    return Reply{out.mid(split + 1).trimmed().toInt(), QJsonDocument::fromJson(out.left(split))};
}

QByteArray BerthdProcess::cookie() const
{
    return RpcCookie::read(RpcCookie::path_in(m_datadir)).value_or(QByteArray());
}

BerthdProcess::Reply BerthdProcess::post(const QString& path, const QByteArray& json)
{
    return send("POST", path, json);
}

BerthdProcess::Reply BerthdProcess::send(const QByteArray& method, const QString& path, const QByteArray& body)
{
    QNetworkRequest request(m_url.resolved(QUrl(path)));
    if (!body.isEmpty() || method != "GET") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", RpcCookie::authorization(cookie()));
    }
    return wait(m_network.sendCustomRequest(request, method, body));
}

BerthdProcess::Reply BerthdProcess::submit(const Transaction& tx)
{
    return post(QStringLiteral("/tx"), QJsonDocument(QJsonObject{{"tx", QString::fromStdString(to_hex(tx.encode()))}}).toJson());
}

} // namespace berth::test
