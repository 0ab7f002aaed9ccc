#include "leaselogfeed.h"

#include <QJsonArray>
#include <QNetworkReply>

namespace berth::gui {

LeaseLogFeed::LeaseLogFeed(QObject* parent) : QObject(parent)
{
    m_batch_timer.setSingleShot(true);
    m_batch_timer.setInterval(batch_ms);
    connect(&m_batch_timer, &QTimer::timeout, this, &LeaseLogFeed::flush);
}

LeaseLogFeed::~LeaseLogFeed()
{
    close();
}

void LeaseLogFeed::open(JobId lease, const QUrl& endpoint, const QSslCertificate& provider, const TlsIdentity& identity)
{
    close();
    m_lease = lease;
    m_endpoint = endpoint;
    m_provider = provider;
    m_client = std::make_unique<ManifestClient>(identity);
    connect(m_client.get(), &ManifestClient::statusFinished, this, [this](JobId from, const ManifestReply& reply) {
        if (from != m_lease || !reply.accepted()) return;
        QList<QJsonObject> replicas;
        for (const QJsonValue& v : reply.body.value(QLatin1String("replicas")).toArray()) replicas.append(v.toObject());
        Q_EMIT this->replicas(m_lease, replicas);
    });
    ManifestClient::LogQuery query;
    query.tail = initial_lines;
    query.follow = true;
    m_reply = m_client->open_logs(endpoint, provider, lease, query);
    connect(m_reply, &QNetworkReply::readyRead, this, &LeaseLogFeed::on_ready_read);
    connect(m_reply, &QNetworkReply::finished, this, &LeaseLogFeed::on_finished);
    fetch_status();
}

void LeaseLogFeed::close()
{
    m_batch_timer.stop();
    m_batch.clear();
    m_partial.clear();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_reply = nullptr;
    m_client.reset();
    m_lease = 0;
}

void LeaseLogFeed::fail(JobId lease, const QString& reason)
{
    close();
    Q_EMIT ended(lease, reason);
}

void LeaseLogFeed::fetch_status()
{
    if (m_client) m_client->fetch_status(m_endpoint, m_provider, m_lease);
}

void LeaseLogFeed::on_ready_read()
{
    if (!m_reply || m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) return;
    m_partial += m_reply->readAll();
    bool runtime_note = false;
    for (qsizetype newline; (newline = m_partial.indexOf('\n')) >= 0;) {
        const QByteArray line = m_partial.left(newline).trimmed();
        m_partial.remove(0, newline + 1);
        // An empty line only keeps a quiet stream alive.
        if (line.isEmpty()) continue;
        runtime_note |= line.contains("\"stream\":\"runtime\"");
        m_batch.append(line);
    }
    if (runtime_note) fetch_status();
    if (!m_batch.isEmpty() && !m_batch_timer.isActive()) m_batch_timer.start();
}

void LeaseLogFeed::flush()
{
    if (m_batch.isEmpty()) return;
    Q_EMIT records(m_lease, std::exchange(m_batch, {}));
}

void LeaseLogFeed::on_finished()
{
    on_ready_read();
    flush();
    const JobId lease = m_lease;
    QString reason;
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200 || m_reply->error() != QNetworkReply::NoError) {
        const ManifestReply failed = ManifestReply::read(*m_reply);
        reason = failed.message().isEmpty() ? m_reply->errorString() : failed.message();
    }
    close();
    Q_EMIT ended(lease, reason);
}

} // namespace berth::gui
