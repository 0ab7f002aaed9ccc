#include "hostnetwork.h"

#include <QCoreApplication>
#include <QProcess>

#include <unistd.h>

namespace berth::test {

HostNetwork::HostNetwork(int hosts)
    : m_hosts(hosts), m_tag(QString::number(QCoreApplication::applicationPid() % 100000)),
      // One /24 per test process, so that two runs side by side do not share a link.
      m_subnet(static_cast<int>(QCoreApplication::applicationPid() % 200) + 20)
{}

HostNetwork::~HostNetwork()
{
    if (!m_created) return;
    for (int i = 0; i < m_hosts; ++i) {
        QProcess::execute(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("del"), name(i)});
        QProcess::execute(QStringLiteral("ip"), {QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("bv%1h%2").arg(m_tag).arg(i)});
    }
    QProcess::execute(QStringLiteral("ip"), {QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("bb%1").arg(m_tag)});
}

QString HostNetwork::name(int index) const
{
    return QStringLiteral("berth%1h%2").arg(m_tag).arg(index);
}

QString HostNetwork::address(int index) const
{
    return QStringLiteral("10.213.%1.%2").arg(m_subnet).arg(index + 1);
}

QStringList HostNetwork::exec_prefix(int index) const
{
    return {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), name(index)};
}

bool HostNetwork::run(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("ip"), args);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("ip %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

bool HostNetwork::create()
{
    if (::geteuid() != 0) {
        m_error = QStringLiteral("network namespaces need root (CI runs as root)");
        return false;
    }
    m_created = true;
    const QString bridge = QStringLiteral("bb%1").arg(m_tag);
    if (!run({"link", "add", bridge, "type", "bridge"}) ||
        !run({"addr", "add", QStringLiteral("10.213.%1.254/24").arg(m_subnet), "dev", bridge}) || !run({"link", "set", bridge, "up"}))
        return false;
    for (int i = 0; i < m_hosts; ++i) {
        const QString outside = QStringLiteral("bv%1h%2").arg(m_tag).arg(i);
        const QString inside = QStringLiteral("eth0");
        const QString peer = QStringLiteral("bp%1h%2").arg(m_tag).arg(i);
        const QStringList in_ns{"netns", "exec", name(i), "ip"};
        if (!run({"netns", "add", name(i)}) || !run({"link", "add", outside, "type", "veth", "peer", "name", peer}) ||
            !run({"link", "set", peer, "netns", name(i)}) || !run({"link", "set", outside, "master", bridge}) ||
            !run({"link", "set", outside, "up"}) || !run(in_ns + QStringList{"link", "set", peer, "name", inside}) ||
            !run(in_ns + QStringList{"addr", "add", address(i) + "/24", "dev", inside}) ||
            !run(in_ns + QStringList{"link", "set", inside, "up"}) || !run(in_ns + QStringList{"link", "set", "lo", "up"}))
            return false;
    }
    return true;
}

} // namespace berth::test
