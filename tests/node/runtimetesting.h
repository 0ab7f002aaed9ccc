#pragma once

#include <manifest.h>
#include <processruntime.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <memory>

/** What the runtime tests share: manifests to deploy, workloads to run, and a client for their URLs. */
namespace berth::test {

inline constexpr int wait_ms = 30000;

ServiceSpec static_service(const QString& name, QMap<QString, QByteArray> content, int replicas = 1);
ServiceSpec command_service(const QString& name, QStringList command, const QString& health_path = QStringLiteral("/"));
Manifest manifest_of(QList<ServiceSpec> services);
/** python3 -m http.server on 127.0.0.1:${PORT}. */
QStringList python_http_server();
/**
 * A command that serves HTTP on $HOST:$PORT with python3's http.server; `get_body` is a Python
 * expression for the bytes a GET answers, and with `echo_posts` a POST answers its own body.
 */
QStringList python_command(const QString& get_body, bool echo_posts = false);
/** python_command(get_body) that first runs `preamble` (statements, which may define what get_body uses). */
QStringList python_command_after(const QString& preamble, const QString& get_body);
bool have_python();
/** A runtime of the berth-workload built beside the tests. */
std::unique_ptr<ProcessRuntime> make_runtime();
/** Deploys and waits for the outcome; an empty list when the deployment failed (the reason is logged). */
QList<ReplicaStatus> deploy_and_wait(ProcessRuntime& runtime, std::uint64_t lease, const Manifest& manifest, int lease_replicas,
                                     const InstanceType& resources = {});

/** What a GET got: its status (0 for none), network error, content type and body. */
struct Fetched {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray content_type;
    QByteArray body;
};

/** GETs replicas' URLs directly, past any proxy the environment names, and waits for the answer. */
class WorkloadClient
{
public:
    WorkloadClient();
    Fetched get(const QString& url);
    /** A GET on a new connection: a replica's front reads only the first request of each connection. */
    Fetched get_on_new_connection(const QString& url);
    QNetworkAccessManager& network() { return m_network; }

private:
    QNetworkAccessManager m_network;
};

} // namespace berth::test
