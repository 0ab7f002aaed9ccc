#include "etcdcluster.h"

#include "berthdprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkProxy>
#include <QStandardPaths>
#include <QThread>

namespace berth::test {

EtcdCluster::EtcdCluster(int members, QStringList hosts)
{
    for (int i = 0; i < members; ++i) {
        Member m;
        m.name = QStringLiteral("etcd%1").arg(i + 1);
        m.host = hosts.value(i, QStringLiteral("127.0.0.1"));
        m.client_port = BerthdProcess::free_port();
        m.peer_port = BerthdProcess::free_port();
        m_members.push_back(std::move(m));
    }
}

EtcdCluster::~EtcdCluster()
{
    for (Member& m : m_members)
        if (m.process && m.process->state() != QProcess::NotRunning) {
            m.process->kill();
            m.process->waitForFinished(5000);
        }
}

bool EtcdCluster::start(int timeout_ms)
{
    const QString etcd = QStandardPaths::findExecutable(QStringLiteral("etcd"));
    if (etcd.isEmpty()) {
        m_error = QStringLiteral("etcd is not installed (Debian's etcd-server; scripts/install-deps installs it)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    QStringList cluster;
    for (const Member& m : m_members) cluster << QStringLiteral("%1=http://%2:%3").arg(m.name, m.host).arg(m.peer_port);
    for (Member& m : m_members) {
        const QString client = QStringLiteral("http://%1:%2").arg(m.host).arg(m.client_port);
        const QString peer = QStringLiteral("http://%1:%2").arg(m.host).arg(m.peer_port);
        m.process = std::make_unique<QProcess>();
        m.process->setProcessChannelMode(QProcess::MergedChannels);
        m.process->setStandardOutputFile(m_dir.filePath(m.name + QStringLiteral(".log")));
        m.process->start(etcd, {QStringLiteral("--name"), m.name, QStringLiteral("--data-dir"), m_dir.filePath(m.name),
                                QStringLiteral("--listen-client-urls"), client, QStringLiteral("--advertise-client-urls"), client,
                                QStringLiteral("--listen-peer-urls"), peer, QStringLiteral("--initial-advertise-peer-urls"), peer,
                                QStringLiteral("--initial-cluster"), cluster.join(QLatin1Char(',')),
                                QStringLiteral("--initial-cluster-state"), QStringLiteral("new"),
                                QStringLiteral("--initial-cluster-token"), QStringLiteral("berth-test"),
                                // Short elections: a test kills members and waits for a new leader.
                                QStringLiteral("--heartbeat-interval"), QStringLiteral("100"),
                                QStringLiteral("--election-timeout"), QStringLiteral("1000")});
        if (!m.process->waitForStarted(5000)) {
            m_error = QStringLiteral("cannot start etcd: %1").arg(m.process->errorString());
            return false;
        }
    }
    const QDeadlineTimer deadline(timeout_ms);
    for (Member& m : m_members) {
        while (!healthy(m)) {
            if (m.process->state() == QProcess::NotRunning) {
                m_error = QStringLiteral("%1 exited: %2").arg(m.name, log(static_cast<int>(&m - m_members.data())));
                return false;
            }
            if (deadline.hasExpired()) {
                m_error = QStringLiteral("%1 did not become healthy in %2 ms").arg(m.name).arg(timeout_ms);
                return false;
            }
            QThread::msleep(100);
        }
    }
    return true;
}

bool EtcdCluster::healthy(const Member& member)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("http://%1:%2/health").arg(member.host).arg(member.client_port)));
    request.setTransferTimeout(2000);
    QNetworkReply* reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return reply->error() == QNetworkReply::NoError && reply->readAll().contains("\"health\":\"true\"");
}

QList<QUrl> EtcdCluster::client_urls() const
{
    QList<QUrl> urls;
    for (const Member& m : m_members) urls << QUrl(QStringLiteral("http://%1:%2").arg(m.host).arg(m.client_port));
    return urls;
}

QString EtcdCluster::endpoints() const
{
    QStringList out;
    for (const QUrl& url : client_urls()) out << url.toString();
    return out.join(QLatin1Char(','));
}

void EtcdCluster::kill(int member)
{
    Member& m = m_members.at(static_cast<std::size_t>(member));
    m.process->kill();
    m.process->waitForFinished(5000);
}

qint64 EtcdCluster::pid(int member) const
{
    return m_members.at(static_cast<std::size_t>(member)).process->processId();
}

QString EtcdCluster::log(int member) const
{
    QFile file(m_dir.filePath(m_members.at(static_cast<std::size_t>(member)).name + QStringLiteral(".log")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll().right(4000));
}

} // namespace berth::test
