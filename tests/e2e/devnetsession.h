#pragma once

#include "berthdprocess.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

namespace berth::test {

/**
 * A berthd devnet in its own temporary directory, plus berth-cli, RPC, HTTP and curl helpers
 * for end-to-end tests: it starts `berthd --devnet` with a block time and genesis parameters,
 * runs berth-cli --json against it as any devnet account, reads leases, accounts, providers and
 * events, orders and deploys the hello-static manifest, fetches workload URLs over plain HTTP,
 * talks to provider endpoints with curl and client certificates, and finds the berth-workload
 * processes the node started. None of it asserts: every helper returns what it found, or an
 * empty value, for the test to check.
 */
class DevnetSession
{
public:
    struct Result {
        int exit_code = -1;
        QJsonDocument json;
        QString stderr_text;
        /** stdout as it came, for commands that print a record per line. */
        QByteArray output;
    };
    struct HttpAnswer {
        QNetworkReply::NetworkError error = QNetworkReply::UnknownNetworkError;
        int status = 0;
        QString body;
    };
    struct CurlAnswer {
        int exit_code = -1;
        int http_status = 0; // 0 when no HTTP answer came back
        QJsonObject body;
    };

    /** A session whose node will produce a block every `block_ms`. */
    explicit DevnetSession(int block_ms = 500);
    ~DevnetSession();

    /** The manifest that `order()` and `deploy()` use: resources/manifests/hello-static.json. */
    static QString manifest();

    /** Whether the temporary directory could be created. */
    bool is_valid() const { return m_dir.isValid(); }
    /**
     * Starts berthd with `--param` for each of `params` and then `extra_args`; returns false (and
     * logs the node's output) if the directory is unusable or RPC does not come up.
     */
    bool start(const QStringList& params = {}, const QStringList& extra_args = {});
    /** Whether `start()` got as far as creating the berthd process, whether or not it came up. */
    bool has_node() const { return m_node != nullptr; }
    /** SIGTERM to berthd; its exit code, or -1 if it did not exit normally in time. */
    int terminate();
    /** What berthd printed so far. */
    QString log() const;
    BerthdProcess& node() { return *m_node; }
    QString datadir() const { return m_dir.filePath(QStringLiteral("node")); }

    /** berth-cli --json with `--from from` unless `from` is empty; a default Result if it hangs. */
    /** Runs berth-cli against the node with BERTH_PASSPHRASE set to `passphrase` (unset when empty). */
    Result cli(const QString& from, const QStringList& args, const QString& passphrase = {});

    QJsonObject lease(const QString& id);
    QJsonObject account(const QString& name);
    QJsonObject provider(const QString& address);
    QJsonObject genesis_params();
    QJsonArray events(const QString& lease);
    static QList<QJsonObject> named(const QJsonArray& events, const QString& name);
    /** Polls the lease's events until the `nth` one named `name` appears; returns it, or {} at the deadline. */
    QJsonObject wait_for_event(const QString& lease, const QString& name, int nth = 1, int timeout_ms = 40000);
    /** The time of the block that holds `event`. */
    quint64 block_time(const QJsonObject& event);

    /** Orders cpu.small with `manifest()`; returns the order id, or an empty string. */
    QString order(const QString& from, const QString& max_price, const QString& deposit);
    /** Orders cpu.small, uploads the manifest with the CLI once LEASE_READY and waits for DEPLOYMENT_CONFIRMED. */
    QString deploy(const QString& from, const QString& max_price, const QString& deposit);

    /** A GET without proxy and with a 5 s transfer timeout. */
    HttpAnswer http_get(const QUrl& url);
    static bool refuses_connection(const QUrl& url);
    /** The berth-workload children of berthd that serve `lease`, from /proc. */
    QList<qint64> workload_pids(const QString& lease);
    /** Waits until every URL refuses connections and no workload of the lease is left. */
    bool workload_gone(const QString& lease, const QStringList& urls, int timeout_ms = 15000);

    /** curl with the client certificate of `identity` (none if empty) and `body_file` as the body. */
    CurlAnswer curl(const QString& method, const QString& url, const QString& identity, const QString& body_file = {});
    /** Writes `bytes` to `name` in the session's directory; returns the path, or an empty string. */
    QString write_file(const QString& name, const QByteArray& bytes);
    /** `manifest()` with the first service's "/" page replaced by `root`. */
    static QByteArray manifest_with_root(const QString& root);

    /** Calls `condition` every 200 ms, handling events in between, until it holds or `timeout_ms` passed. */
    static bool poll(const std::function<bool()>& condition, int timeout_ms);

private:
    int m_block_ms;
    QTemporaryDir m_dir;
    std::unique_ptr<BerthdProcess> m_node;
    QNetworkAccessManager m_network;
};

} // namespace berth::test
