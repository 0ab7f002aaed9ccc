// The RPC request handler on arbitrary requests, against a real devnet node (store, ledger,
// mempool; no sockets, no agents). An input is "METHOD URL" on its first line and the body
// after it. Every answer must have an HTTP status; every 4xx/5xx must carry a JSON
// {"error":{"code","message"}}. Any exception, a crash, or ASan/UBSan finding is a bug.

#include <node.h>
#include <rpchandler.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

namespace {

std::unique_ptr<QCoreApplication> application;
std::unique_ptr<QTemporaryDir> datadir;
std::unique_ptr<berth::Node> node;
std::unique_ptr<berth::RpcHandler> handler;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    application = std::make_unique<QCoreApplication>(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.info=false\n*.warning=false"));
    datadir = std::make_unique<QTemporaryDir>();
    berth::NodeConfig config;
    config.datadir = datadir->path();
    config.devnet = true;
    config.demo_providers = 2;
    config.rpc_enabled = false;
    config.run_agents = false;
    node = std::make_unique<berth::Node>(config);
    node->start();
    handler = std::make_unique<berth::RpcHandler>(*node);
    // Leave the node, the store and the directory to the process's end: libFuzzer exits from anywhere.
    std::atexit([] {
        handler.reset();
        node.reset();
        datadir.reset();
        application.reset();
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const qsizetype line_end = input.indexOf('\n');
    const QByteArray request_line = line_end < 0 ? input : input.left(line_end);
    const QByteArray body = line_end < 0 ? QByteArray() : input.mid(line_end + 1);
    const qsizetype space = request_line.indexOf(' ');
    const QByteArray method = space < 0 ? request_line : request_line.left(space);
    const QUrl url(QString::fromUtf8(space < 0 ? QByteArray("/") : request_line.mid(space + 1)));

    const berth::RpcResponse response = handler->handle(method, url, body);
    if (response.status < 200 || response.status > 599) std::abort();
    if (response.status >= 400) {
        const QJsonObject error = QJsonDocument::fromJson(response.body).object().value("error").toObject();
        if (error.value("code").toString().isEmpty() || error.value("message").toString().isEmpty()) std::abort();
    }
    return 0;
}
