#pragma once

#include <QString>
#include <QStringList>

namespace berth::test {

/**
 * Several hosts on one machine, for tests that must cross real network interfaces: N network
 * namespaces, each joined by a veth pair to one bridge, with an address of its own on a /24
 * that only this test uses (the bridge holds .254, so the test process reaches every host
 * too). Loopback stays private to each host, as on real machines. Needs root (CI runs as
 * root); everything is removed with the object.
 */
class HostNetwork
{
public:
    explicit HostNetwork(int hosts);
    ~HostNetwork();

    /** Creates the namespaces, links and addresses; false with the reason in error(). */
    bool create();
    QString error() const { return m_error; }
    /** The address of host `index` on the shared link. */
    QString address(int index) const;
    /** The command prefix that runs a program on host `index`: ip netns exec NAME. */
    QStringList exec_prefix(int index) const;

private:
    bool run(const QStringList& args);
    QString name(int index) const;

    int m_hosts;
    QString m_tag;
    int m_subnet;
    QString m_error;
    bool m_created = false;
};

} // namespace berth::test
