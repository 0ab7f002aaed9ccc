#include "workloadsandbox.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace berth {

WorkloadSandbox WorkloadSandbox::system()
{
    // The system's own directories, not the node's PATH: the sandbox must not come from a directory the user can write.
    return WorkloadSandbox(QStandardPaths::findExecutable(QStringLiteral("bwrap"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")}));
}

void WorkloadSandbox::hide(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir()) m_hidden.append(info.canonicalFilePath());
}

QStringList WorkloadSandbox::arguments(const QStringList& command, const QString& work_dir) const
{
    QStringList args{QStringLiteral("--ro-bind"), QStringLiteral("/"), QStringLiteral("/"),
                     QStringLiteral("--dev"), QStringLiteral("/dev"),
                     QStringLiteral("--proc"), QStringLiteral("/proc"),
                     QStringLiteral("--tmpfs"), QStringLiteral("/tmp"),
                     QStringLiteral("--tmpfs"), QStringLiteral("/run")};
    QStringList hidden = m_hidden;
    hidden.append(QFileInfo(QDir::homePath()).canonicalFilePath());
    if (QFileInfo(QStringLiteral("/var/tmp")).isDir()) hidden.append(QStringLiteral("/var/tmp"));
    for (const QString& path : hidden) {
        // Under /tmp or /run they are gone already, and a mount point there could not be made.
        if (path.isEmpty() || path == QLatin1String("/") || path.startsWith(QLatin1String("/tmp/")) || path.startsWith(QLatin1String("/run/")))
            continue;
        args << QStringLiteral("--tmpfs") << path;
    }
    const QString work = QFileInfo(work_dir).canonicalFilePath();
    args << QStringLiteral("--bind") << work << work << QStringLiteral("--chdir") << work;
    args << QStringLiteral("--unshare-pid") << QStringLiteral("--unshare-ipc") << QStringLiteral("--unshare-uts")
         << QStringLiteral("--unshare-cgroup-try") << QStringLiteral("--cap-drop") << QStringLiteral("ALL")
         << QStringLiteral("--die-with-parent") << QStringLiteral("--new-session") << QStringLiteral("--");
    return args + command;
}

} // namespace berth
