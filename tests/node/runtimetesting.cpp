#include "runtimetesting.h"

#include <QNetworkProxy>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace berth::test {

ServiceSpec static_service(const QString& name, QMap<QString, QByteArray> content, int replicas)
{
    ServiceSpec service;
    service.name = name;
    service.image = QStringLiteral("berth/static-http");
    service.kind = WorkloadKind::StaticHttp;
    service.ports = {80};
    service.replicas = replicas;
    service.content = std::move(content);
    service.health_path = QStringLiteral("/healthz");
    return service;
}

ServiceSpec command_service(const QString& name, QStringList command, const QString& health_path)
{
    ServiceSpec service;
    service.name = name;
    service.image = QStringLiteral("berth/command");
    service.kind = WorkloadKind::Command;
    service.ports = {8080};
    service.command = std::move(command);
    service.health_path = health_path;
    return service;
}

Manifest manifest_of(QList<ServiceSpec> services)
{
    Manifest manifest;
    manifest.services = std::move(services);
    return manifest;
}

QStringList python_http_server()
{
    return {QStringLiteral("python3"), QStringLiteral("-m"),     QStringLiteral("http.server"),
            QStringLiteral("${PORT}"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1")};
}

QStringList python_command(const QString& get_body, bool echo_posts)
{
    QString script = QStringLiteral("import http.server, json, os\n"
                                    "class Handler(http.server.BaseHTTPRequestHandler):\n"
                                    "    protocol_version = 'HTTP/1.1'\n"
                                    "    def answer(self, body):\n"
                                    "        self.send_response(200)\n"
                                    "        self.send_header('Content-Length', str(len(body)))\n"
                                    "        self.end_headers()\n"
                                    "        self.wfile.write(body)\n"
                                    "    def do_GET(self):\n"
                                    "        self.answer(%1)\n"
                                    "    def log_message(self, *args):\n"
                                    "        pass\n")
                         .arg(get_body);
    if (echo_posts)
        script += QStringLiteral("    def do_POST(self):\n"
                                 "        self.answer(self.rfile.read(int(self.headers['Content-Length'])))\n");
    script += QStringLiteral("http.server.ThreadingHTTPServer((os.environ['HOST'], int(os.environ['PORT'])), Handler).serve_forever()\n");
    return {QStringLiteral("python3"), QStringLiteral("-c"), script};
}

QStringList python_command_after(const QString& preamble, const QString& get_body)
{
    QStringList command = python_command(get_body);
    command.last().replace(QStringLiteral("class Handler"), preamble + QStringLiteral("class Handler"));
    return command;
}

QList<ReplicaStatus> deploy_and_wait(ProcessRuntime& runtime, std::uint64_t lease, const Manifest& manifest, int lease_replicas,
                                     const InstanceType& resources)
{
    QSignalSpy deployed(&runtime, &WorkloadRuntime::deployed);
    QSignalSpy failed(&runtime, &WorkloadRuntime::deployFailed);
    runtime.deploy(lease, manifest, lease_replicas, {}, resources);
    if (!QTest::qWaitFor([&] { return !deployed.isEmpty() || !failed.isEmpty(); }, wait_ms)) {
        qWarning("lease %llu: neither deployed nor failed", static_cast<unsigned long long>(lease));
        return {};
    }
    if (!failed.isEmpty()) {
        qWarning("lease %llu failed: %s", static_cast<unsigned long long>(lease), qPrintable(failed.at(0).at(1).toString()));
        return {};
    }
    if (deployed.at(0).at(0).value<std::uint64_t>() != lease) return {};
    return deployed.at(0).at(1).value<QList<ReplicaStatus>>();
}

bool have_python()
{
    return !QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty();
}

std::unique_ptr<ProcessRuntime> make_runtime()
{
    return std::make_unique<ProcessRuntime>(QStringLiteral(BERTH_WORKLOAD_PATH));
}

WorkloadClient::WorkloadClient()
{
    m_network.setProxy(QNetworkProxy::NoProxy);
}

Fetched WorkloadClient::get(const QString& url)
{
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(wait_ms);
    std::unique_ptr<QNetworkReply> reply(m_network.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(wait_ms)) return {};
    Fetched fetched;
    fetched.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    fetched.error = reply->error();
    fetched.content_type = reply->rawHeader("Content-Type");
    fetched.body = reply->readAll();
    return fetched;
}

Fetched WorkloadClient::get_on_new_connection(const QString& url)
{
    m_network.clearConnectionCache();
    return get(url);
}

} // namespace berth::test
