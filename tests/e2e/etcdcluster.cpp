#include "etcdcluster.h"

#include "berthdprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

namespace berth::test {

EtcdResult EtcdCluster::wait_for(const std::function<void(EtcdClient::Callback)>& call, int timeout_ms)
{
    EtcdResult out;
    bool done = false;
    QEventLoop loop;
    call([&](const EtcdResult& r) {
        out = r;
        done = true;
        loop.quit();
    });
    QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
    if (!done) loop.exec();
    if (!done) out.error = QStringLiteral("no answer from etcd within %1 ms").arg(timeout_ms);
    return out;
}

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
    if (m_tls && !make_certificates()) return false;
    QStringList cluster;
    for (const Member& m : m_members) cluster << QStringLiteral("%1=http://%2:%3").arg(m.name, m.host).arg(m.peer_port);
    for (Member& m : m_members) {
        const QString client = QStringLiteral("%1://%2:%3").arg(scheme(), m.host).arg(m.client_port);
        const QString peer = QStringLiteral("http://%1:%2").arg(m.host).arg(m.peer_port);
        m.process = std::make_unique<QProcess>();
        m.process->setProcessChannelMode(QProcess::MergedChannels);
        m.process->setStandardOutputFile(m_dir.filePath(m.name + QStringLiteral(".log")));
        QStringList args{QStringLiteral("--name"), m.name, QStringLiteral("--data-dir"), m_dir.filePath(m.name),
                         QStringLiteral("--listen-client-urls"), client, QStringLiteral("--advertise-client-urls"), client,
                         QStringLiteral("--listen-peer-urls"), peer, QStringLiteral("--initial-advertise-peer-urls"), peer,
                         QStringLiteral("--initial-cluster"), cluster.join(QLatin1Char(',')), QStringLiteral("--initial-cluster-state"),
                         QStringLiteral("new"), QStringLiteral("--initial-cluster-token"), QStringLiteral("berth-test"),
                         // Short elections: a test kills members and waits for a new leader.
                         QStringLiteral("--heartbeat-interval"), QStringLiteral("100"), QStringLiteral("--election-timeout"),
                         QStringLiteral("1000")};
        if (m_tls)
            args << QStringLiteral("--cert-file") << m_dir.filePath(QStringLiteral("server.crt")) << QStringLiteral("--key-file")
                 << m_dir.filePath(QStringLiteral("server.key")) << QStringLiteral("--trusted-ca-file") << ca_file()
                 << QStringLiteral("--client-cert-auth");
        const QStringList prefix = m_prefixes.value(static_cast<qsizetype>(&m - m_members.data()));
        if (prefix.isEmpty())
            m.process->start(etcd, args);
        else
            m.process->start(prefix.first(), prefix.mid(1) + QStringList{etcd} + args);
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

bool EtcdCluster::make_certificates()
{
    auto openssl = [this](const QStringList& args) {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            m_error = QStringLiteral("openssl %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
            return false;
        }
        return true;
    };
    const QString ec = QStringLiteral("ec:") + m_dir.filePath(QStringLiteral("ec.param"));
    QFile ext(m_dir.filePath(QStringLiteral("server.ext")));
    if (!ext.open(QIODevice::WriteOnly)) return false;
    QStringList sans;
    for (const Member& m : m_members) sans << QStringLiteral("IP:") + m.host;
    ext.write(("subjectAltName=" + sans.join(QLatin1Char(',')) + "\nextendedKeyUsage=serverAuth,clientAuth\n").toUtf8());
    ext.close();
    QFile client_ext(m_dir.filePath(QStringLiteral("client.ext")));
    if (!client_ext.open(QIODevice::WriteOnly)) return false;
    client_ext.write("extendedKeyUsage=clientAuth\n");
    client_ext.close();
    return openssl({"ecparam", "-name", "prime256v1", "-out", "ec.param"}) &&
           openssl(
               {"req", "-x509", "-newkey", ec, "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=berth-test-ca"}) &&
           openssl({"req", "-newkey", ec, "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=etcd"}) &&
           openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days",
                    "2", "-extfile", "server.ext"}) &&
           openssl({"req", "-newkey", ec, "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=berth-node"}) &&
           openssl({"x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days",
                    "2", "-extfile", "client.ext"});
}

bool EtcdCluster::healthy(const Member& member)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("%1://%2:%3/health").arg(scheme(), member.host).arg(member.client_port)));
    request.setTransferTimeout(2000);
    if (m_tls) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(ca_file()));
        ssl.setLocalCertificate(QSslCertificate::fromPath(client_cert_file()).value(0));
        QFile key(client_key_file());
        if (key.open(QIODevice::ReadOnly)) ssl.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
        request.setSslConfiguration(ssl);
    }
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
    for (const Member& m : m_members) urls << QUrl(QStringLiteral("%1://%2:%3").arg(scheme(), m.host).arg(m.client_port));
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
