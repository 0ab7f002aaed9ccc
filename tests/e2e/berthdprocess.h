#pragma once

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <optional>

namespace berth {
class Transaction;
}

namespace berth::test {

/**
 * A real berthd process for end-to-end tests: started on a free loopback port in a given
 * data directory, ready once it prints "RPC listening on", with a small synchronous JSON
 * client for its RPC, which presents the node's cookie on POSTs. It can be stopped with SIGTERM or killed with SIGKILL, and started
 * under a file size limit, which its writes meet as they would a full disk.
 */
class BerthdProcess
{
public:
    explicit BerthdProcess(QString datadir, QStringList extra_args = {});
    ~BerthdProcess();

    /** Starts and waits until RPC is up; returns false (with the output in `log()`) otherwise. */
    bool start(int timeout_ms = 20000);
    void kill();
    /** SIGTERM; returns the exit code, or -1 if it did not exit in time. */
    int terminate(int timeout_ms = 10000);
    /** Waits for the node to exit by itself; its exit code, or -1 if it did not exit normally in time. */
    int wait_for_exit(int timeout_ms = 20000);
    bool is_running() const { return m_process.state() == QProcess::Running; }

    /** From the next start on: files the node writes cannot grow past `bytes` (0: no limit); writes past it fail with EFBIG. */
    void limit_file_size(qint64 bytes) { m_file_size_limit = bytes; }
    /**
     * From the next start: the node runs under `prefix` (ip netns exec HOST, for a node on another
     * host); its loopback RPC is then read through the same prefix with curl.
     */
    void run_in(QStringList prefix) { m_prefix = std::move(prefix); }

    QUrl rpc_url() const { return m_url; }
    /** The node's process id, so that tests can look at the processes it started. */
    qint64 pid() const { return m_process.processId(); }
    QString log() const { return m_log; }

    struct Reply {
        int status = 0;
        QJsonDocument body;
    };
    Reply get(const QString& path);
    /** POSTs JSON with the node's cookie, as berth-cli does. */
    Reply post(const QString& path, const QByteArray& json);
    /** Any method, any body; with a body, the JSON content type and the cookie come along. */
    Reply send(const QByteArray& method, const QString& path, const QByteArray& body);
    /** The secret in the node's rpc.cookie (empty when there is none). */
    QByteArray cookie() const;
    QString datadir() const { return m_datadir; }
    /** POSTs the transaction's encoding to /tx. */
    Reply submit(const Transaction& tx);

    static quint16 free_port();

private:
    Reply wait(class QNetworkReply* reply);

    QString m_datadir;
    QStringList m_extra_args;
    QProcess m_process;
    QUrl m_url;
    QString m_log;
    qint64 m_file_size_limit = 0;
    QStringList m_prefix;
    QNetworkAccessManager m_network;
};

} // namespace berth::test
