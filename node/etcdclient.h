#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace berth {

/** One key of etcd's store as a range or a watch reports it. */
struct EtcdKeyValue {
    QByteArray key;
    QByteArray value;
    qint64 create_revision = 0;
    qint64 mod_revision = 0;
    qint64 lease = 0;
};

/** How one etcd call ended: the decoded JSON answer, or why there is none. */
struct EtcdResult {
    QJsonObject body;
    /** Empty on success; otherwise the transport error or etcd's own error message. */
    QString error;
    bool ok() const { return error.isEmpty(); }
    /** The store revision the answer was read at (from its header). */
    qint64 revision() const;
    /** The key-values of a range answer. */
    std::vector<EtcdKeyValue> kvs() const;
    /** Whether a txn answer took its success branch. */
    bool succeeded() const;
};

/** The TLS material for an etcd cluster that requires client certificates (etcd's --client-cert-auth). */
struct EtcdTls {
    QString ca_file;
    QString cert_file;
    QString key_file;
};

/**
 * A client of an etcd v3 cluster through its JSON gateway (the grpc-gateway every etcd member
 * serves on its client URL), over Qt Network, on the thread it lives on. Calls are
 * asynchronous: each takes a callback that runs on that thread. A call that cannot reach a
 * member (refused, reset, timed out) is retried once on each other endpoint, so the loss of
 * one member of the cluster goes unnoticed. Keys and values are raw bytes; the base64 of the
 * gateway's JSON stays inside this class.
 */
class EtcdClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const EtcdResult&)>;

    /** Throws std::invalid_argument if there is no endpoint or the TLS files cannot be read. */
    EtcdClient(QList<QUrl> endpoints, std::optional<EtcdTls> tls = std::nullopt, QObject* parent = nullptr);
    ~EtcdClient() override;

    const QList<QUrl>& endpoints() const { return m_endpoints; }
    void set_timeout_ms(int ms) { m_timeout_ms = ms; }

    /** Keys from `key` up to (not including) `range_end`; an empty range_end reads `key` alone. */
    void range(const QByteArray& key, const QByteArray& range_end, qint64 limit, Callback done);
    void put(const QByteArray& key, const QByteArray& value, qint64 lease, Callback done);
    /** A transaction: `compare` and the two branches in the gateway's JSON, with keys already encoded (see the helpers). */
    void txn(const QJsonArray& compare, const QJsonArray& success, const QJsonArray& failure, Callback done);
    void grant_lease(qint64 ttl_s, Callback done);
    void keep_alive(qint64 lease, Callback done);
    void revoke_lease(qint64 lease, Callback done);
    /** Cluster members with their names and client URLs. */
    void members(Callback done);
    /** The answering member's status (its leader, raft index). */
    void status(Callback done);

    /** The first key after every key that starts with `prefix`: the range_end of a prefix read. */
    static QByteArray prefix_end(const QByteArray& prefix);
    /** txn compare: `key` does not exist (its create revision is 0). */
    static QJsonObject absent(const QByteArray& key);
    /** txn compare: `key` holds exactly `value`. */
    static QJsonObject holds(const QByteArray& key, const QByteArray& value);
    static QJsonObject put_op(const QByteArray& key, const QByteArray& value, qint64 lease = 0);
    static QJsonObject range_op(const QByteArray& key);
    static QJsonObject delete_op(const QByteArray& key);

private:
    void call(const QString& path, const QJsonObject& request, Callback done, int endpoint_tries_left, int endpoint);

    QList<QUrl> m_endpoints;
    QSslConfiguration m_ssl;
    bool m_tls = false;
    QNetworkAccessManager* m_network;
    int m_preferred = 0;
    int m_timeout_ms = 5000;
};

} // namespace berth
