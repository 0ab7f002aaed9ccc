#pragma once

#include <job.h>
#include <manifestclient.h>
#include <tlsidentity.h>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <memory>

class QNetworkReply;

namespace berth::gui {

/**
 * Follows one lease's logs for the app, on the node's thread: it asks the lease's provider over
 * mTLS for the last lines and then every new one (GET /lease/{id}/logs?follow=1), and hands them
 * to the GUI thread in batches at most every batch_ms, so that a workload printing without end
 * costs the window one update per batch, not one per line. It also reads the replicas' status
 * when it opens and whenever the runtime notes something about a replica (a start, an exit).
 */
class LeaseLogFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int batch_ms = 100;
    static constexpr int initial_lines = 200;

    explicit LeaseLogFeed(QObject* parent = nullptr);
    ~LeaseLogFeed() override;

    /** Follows `lease` at its provider's `endpoint`, pinned to `provider`, as `identity`; ends any earlier feed. */
    void open(JobId lease, const QUrl& endpoint, const QSslCertificate& provider, const TlsIdentity& identity);
    /** Stops following; nothing more is signalled for the lease. */
    void close();
    /** Reports that the feed could not open, as `ended` does. */
    void fail(JobId lease, const QString& reason);

Q_SIGNALS:
    /** New records (ReplicaLog's JSON objects), oldest first. */
    void records(berth::JobId lease, const QList<QByteArray>& records);
    /** The replicas as GET /lease/{id}/status describes them. */
    void replicas(berth::JobId lease, const QList<QJsonObject>& replicas);
    /** The stream ended: the lease closed (reason empty) or it failed. */
    void ended(berth::JobId lease, const QString& reason);

private:
    void on_ready_read();
    void on_finished();
    void flush();
    void fetch_status();

    JobId m_lease = 0;
    QUrl m_endpoint;
    QSslCertificate m_provider;
    std::unique_ptr<ManifestClient> m_client;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_partial;
    QList<QByteArray> m_batch;
    QTimer m_batch_timer{this};
};

} // namespace berth::gui
