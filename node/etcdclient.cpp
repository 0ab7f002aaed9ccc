#include "etcdclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslKey>

#include <stdexcept>

namespace berth {

namespace {

QString b64(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray unb64(const QJsonValue& value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

/** The gateway prints 64-bit integers as JSON strings. */
qint64 int64_of(const QJsonValue& value)
{
    return value.isString() ? value.toString().toLongLong() : static_cast<qint64>(value.toDouble());
}

QByteArray read_file(const QString& path, const char* what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::invalid_argument(std::string("cannot read the etcd ") + what + " " + path.toStdString() + ": " +
                                    file.errorString().toStdString());
    return file.readAll();
}

/** Errors worth trying on another member: the member itself could not be reached or did not answer. */
bool member_unreachable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ServiceUnavailableError: return true;
    default: return false;
    }
}

} // namespace

qint64 EtcdResult::revision() const
{
    return int64_of(body.value(QStringLiteral("header")).toObject().value(QStringLiteral("revision")));
}

std::vector<EtcdKeyValue> EtcdResult::kvs() const
{
    std::vector<EtcdKeyValue> out;
    for (const QJsonValue& v : body.value(QStringLiteral("kvs")).toArray()) {
        const QJsonObject kv = v.toObject();
        out.push_back(EtcdKeyValue{unb64(kv.value(QStringLiteral("key"))), unb64(kv.value(QStringLiteral("value"))),
                                   int64_of(kv.value(QStringLiteral("create_revision"))), int64_of(kv.value(QStringLiteral("mod_revision"))),
                                   int64_of(kv.value(QStringLiteral("lease")))});
    }
    return out;
}

bool EtcdResult::succeeded() const
{
    // The gateway leaves false fields out.
    return body.value(QStringLiteral("succeeded")).toBool(false);
}

EtcdClient::EtcdClient(QList<QUrl> endpoints, std::optional<EtcdTls> tls, QObject* parent)
    : QObject(parent), m_endpoints(std::move(endpoints)), m_network(new QNetworkAccessManager(this))
{
    if (m_endpoints.isEmpty()) throw std::invalid_argument("no etcd endpoint given");
    for (const QUrl& url : m_endpoints)
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
            throw std::invalid_argument("etcd endpoint '" + url.toString().toStdString() + "' is not an http(s) URL");
    // The ordering service is reached directly; a proxy from the environment must not sit in between.
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_ssl = QSslConfiguration::defaultConfiguration();
    if (tls) {
        m_tls = true;
        if (!tls->ca_file.isEmpty()) {
            const QList<QSslCertificate> ca = QSslCertificate::fromData(read_file(tls->ca_file, "CA certificate"), QSsl::Pem);
            if (ca.isEmpty()) throw std::invalid_argument("the etcd CA file " + tls->ca_file.toStdString() + " holds no PEM certificate");
            m_ssl.setCaCertificates(ca);
        }
        if (!tls->cert_file.isEmpty() || !tls->key_file.isEmpty()) {
            if (tls->cert_file.isEmpty() || tls->key_file.isEmpty())
                throw std::invalid_argument("an etcd client certificate needs both --etcd-cert and --etcd-key");
            const QList<QSslCertificate> cert = QSslCertificate::fromData(read_file(tls->cert_file, "client certificate"), QSsl::Pem);
            if (cert.isEmpty()) throw std::invalid_argument("the etcd client certificate " + tls->cert_file.toStdString() + " is not PEM");
            const QByteArray key_pem = read_file(tls->key_file, "client key");
            QSslKey key(key_pem, QSsl::Ec, QSsl::Pem);
            if (key.isNull()) key = QSslKey(key_pem, QSsl::Rsa, QSsl::Pem);
            if (key.isNull()) throw std::invalid_argument("the etcd client key " + tls->key_file.toStdString() + " is not a PEM EC or RSA key");
            m_ssl.setLocalCertificate(cert.first());
            m_ssl.setPrivateKey(key);
        }
    }
}

EtcdClient::~EtcdClient()
{
    // Pending callbacks capture objects that are going away with us; drop them unanswered.
    for (QNetworkReply* reply : m_network->findChildren<QNetworkReply*>()) {
        reply->disconnect(this);
        reply->abort();
    }
}

void EtcdClient::call(const QString& path, const QJsonObject& request, Callback done, int endpoint_tries_left, int endpoint)
{
    QUrl url = m_endpoints[endpoint];
    url.setPath(path);
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setTransferTimeout(m_timeout_ms);
    if (m_tls) http.setSslConfiguration(m_ssl);
    QNetworkReply* reply = m_network->post(http, QJsonDocument(request).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, request, done = std::move(done), endpoint_tries_left, endpoint] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0 && member_unreachable(reply->error()) && endpoint_tries_left > 0) {
            const int next = (endpoint + 1) % static_cast<int>(m_endpoints.size());
            m_preferred = next;
            call(path, request, done, endpoint_tries_left - 1, next);
            return;
        }
        EtcdResult result;
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
        if (doc.isObject()) result.body = doc.object();
        // A streaming endpoint answers {"result": {...}}; a failed call {"error": "...", "message": "..."}.
        if (result.body.contains(QStringLiteral("result"))) result.body = result.body.value(QStringLiteral("result")).toObject();
        if (result.body.contains(QStringLiteral("error"))) {
            const QJsonValue e = result.body.value(QStringLiteral("error"));
            result.error = e.isObject() ? e.toObject().value(QStringLiteral("message")).toString()
                                        : result.body.value(QStringLiteral("message")).toString(e.toString());
            if (result.error.isEmpty()) result.error = QStringLiteral("etcd answered an error");
        } else if (reply->error() != QNetworkReply::NoError) {
            result.error = QStringLiteral("etcd at %1: %2").arg(m_endpoints[endpoint].toString(), reply->errorString());
        } else if (!doc.isObject()) {
            result.error =
                QStringLiteral("etcd at %1 answered %2 bytes that are not a JSON object").arg(m_endpoints[endpoint].toString()).arg(body.size());
        }
        done(result);
    });
}

void EtcdClient::range(const QByteArray& key, const QByteArray& range_end, qint64 limit, Callback done)
{
    QJsonObject request{{"key", b64(key)}};
    if (!range_end.isEmpty()) request.insert(QStringLiteral("range_end"), b64(range_end));
    if (limit > 0) request.insert(QStringLiteral("limit"), QString::number(limit));
    call(QStringLiteral("/v3/kv/range"), request, std::move(done), static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::put(const QByteArray& key, const QByteArray& value, qint64 lease, Callback done)
{
    call(QStringLiteral("/v3/kv/put"), put_op(key, value, lease).value(QStringLiteral("request_put")).toObject(), std::move(done),
         static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::txn(const QJsonArray& compare, const QJsonArray& success, const QJsonArray& failure, Callback done)
{
    call(QStringLiteral("/v3/kv/txn"), QJsonObject{{"compare", compare}, {"success", success}, {"failure", failure}}, std::move(done),
         static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::grant_lease(qint64 ttl_s, Callback done)
{
    call(QStringLiteral("/v3/lease/grant"), QJsonObject{{"TTL", QString::number(ttl_s)}}, std::move(done),
         static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::keep_alive(qint64 lease, Callback done)
{
    call(QStringLiteral("/v3/lease/keepalive"), QJsonObject{{"ID", QString::number(lease)}}, std::move(done),
         static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::revoke_lease(qint64 lease, Callback done)
{
    call(QStringLiteral("/v3/lease/revoke"), QJsonObject{{"ID", QString::number(lease)}}, std::move(done),
         static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::members(Callback done)
{
    call(QStringLiteral("/v3/cluster/member/list"), QJsonObject{}, std::move(done), static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

void EtcdClient::status(Callback done)
{
    call(QStringLiteral("/v3/maintenance/status"), QJsonObject{}, std::move(done), static_cast<int>(m_endpoints.size()) - 1, m_preferred);
}

QByteArray EtcdClient::prefix_end(const QByteArray& prefix)
{
    QByteArray end = prefix;
    while (!end.isEmpty()) {
        const auto last = static_cast<unsigned char>(end.back());
        if (last < 0xff) {
            end.back() = static_cast<char>(last + 1);
            return end;
        }
        end.chop(1);
    }
    // Every key is after a prefix of only 0xff bytes: etcd reads "\0" as "to the end".
    return QByteArray(1, '\0');
}

QJsonObject EtcdClient::absent(const QByteArray& key)
{
    return QJsonObject{{"key", b64(key)}, {"target", "CREATE"}, {"result", "EQUAL"}, {"create_revision", "0"}};
}

QJsonObject EtcdClient::holds(const QByteArray& key, const QByteArray& value)
{
    return QJsonObject{{"key", b64(key)}, {"target", "VALUE"}, {"result", "EQUAL"}, {"value", b64(value)}};
}

QJsonObject EtcdClient::put_op(const QByteArray& key, const QByteArray& value, qint64 lease)
{
    QJsonObject put{{"key", b64(key)}, {"value", b64(value)}};
    if (lease != 0) put.insert(QStringLiteral("lease"), QString::number(lease));
    return QJsonObject{{"request_put", put}};
}

QJsonObject EtcdClient::range_op(const QByteArray& key)
{
    return QJsonObject{{"request_range", QJsonObject{{"key", b64(key)}}}};
}

QJsonObject EtcdClient::delete_op(const QByteArray& key)
{
    return QJsonObject{{"request_delete_range", QJsonObject{{"key", b64(key)}}}};
}

} // namespace berth
