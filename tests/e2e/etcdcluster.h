#pragma once

#include <etcdclient.h>

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace berth::test {

/**
 * A real etcd cluster for tests: N members of Debian's etcd-server on loopback (or on given
 * host addresses, for tests across network namespaces), each with its own data directory in
 * a temporary folder and free ports, started together and ready once every member answers
 * /health. Members can be killed, frozen and thawed one at a time; everything stops with the
 * object.
 */
class EtcdCluster
{
public:
    /** Runs one asynchronous EtcdClient call to its end (an error result after `timeout_ms`). */
    static EtcdResult wait_for(const std::function<void(EtcdClient::Callback)>& call, int timeout_ms = 20000);

    /** `hosts` gives each member's listen address; empty means N members on 127.0.0.1. */
    explicit EtcdCluster(int members, QStringList hosts = {});

    /**
     * From the next start: clients reach the members over TLS and must present a certificate
     * of the cluster's own CA (etcd's --client-cert-auth); openssl makes the CA and certificates.
     */
    void require_client_certificates() { m_tls = true; }
    /** From the next start: member i runs under `prefixes[i]` (ip netns exec HOST, for a member on another host). */
    void run_members_in(QList<QStringList> prefixes) { m_prefixes = std::move(prefixes); }
    QString ca_file() const { return m_dir.filePath(QStringLiteral("ca.crt")); }
    QString client_cert_file() const { return m_dir.filePath(QStringLiteral("client.crt")); }
    QString client_key_file() const { return m_dir.filePath(QStringLiteral("client.key")); }
    ~EtcdCluster();

    /** Starts every member and waits until each one is healthy; false with the reason in error(). */
    bool start(int timeout_ms = 30000);
    QList<QUrl> client_urls() const;
    /** The etcd endpoints as berthd's --etcd takes them: comma-separated client URLs. */
    QString endpoints() const;
    void kill(int member);
    qint64 pid(int member) const;
    QString error() const { return m_error; }
    /** etcd's own log of a member, for a failing test's message. */
    QString log(int member) const;

private:
    struct Member {
        QString name;
        QString host;
        quint16 client_port = 0;
        quint16 peer_port = 0;
        std::unique_ptr<QProcess> process;
    };
    bool healthy(const Member& member);
    bool make_certificates();
    QString scheme() const { return m_tls ? QStringLiteral("https") : QStringLiteral("http"); }

    QTemporaryDir m_dir;
    std::vector<Member> m_members;
    QString m_error;
    bool m_tls = false;
    QList<QStringList> m_prefixes;
};

} // namespace berth::test
