#include "workloadsandbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace berth {

WorkloadSandbox WorkloadSandbox::system()
{
    // The system's own directories, not the node's PATH: the sandbox must not come from a directory the user can write.
    WorkloadSandbox sandbox(QStandardPaths::findExecutable(QStringLiteral("bwrap"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")}));
    if (::geteuid() == 0) {
        if (const passwd* nobody = ::getpwnam("nobody")) sandbox.m_user = User{nobody->pw_uid, nobody->pw_gid};
    }
    return sandbox;
}

bool WorkloadSandbox::give_to_workload_user(const QString& work_dir) const
{
    if (!m_user.changes()) return true;
    if (::chown(QFile::encodeName(work_dir).constData(), m_user.uid, m_user.gid) != 0) return false;
    // Every directory above it must let the workload user pass, without listing what is there.
    for (QDir dir(QFileInfo(work_dir).absolutePath()); !dir.isRoot(); dir.cdUp()) {
        const QFileInfo info(dir.path());
        if (info.permission(QFile::ExeOther)) continue;
        if (info.ownerId() != ::geteuid() || !QFile::setPermissions(dir.path(), info.permissions() | QFile::ExeOther | QFile::ExeGroup))
            return false;
    }
    return true;
}

void WorkloadSandbox::become(const User& user)
{
    if (!user.changes()) return;
    if (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0) ::_exit(126);
}

void WorkloadSandbox::hide(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir()) m_hidden.append(info.canonicalFilePath());
}

QStringList WorkloadSandbox::arguments(const QStringList& command, const QString& work_dir) const
{
    QStringList args{QStringLiteral("--ro-bind"), QStringLiteral("/"),       QStringLiteral("/"),     QStringLiteral("--dev"),
                     QStringLiteral("/dev"),      QStringLiteral("--proc"),  QStringLiteral("/proc"), QStringLiteral("--tmpfs"),
                     QStringLiteral("/tmp"),      QStringLiteral("--tmpfs"), QStringLiteral("/run")};
    // Under /tmp and /run all is gone already. The home goes first: what lies under it is hidden
    // with it, and a workload user that may not enter it could not make a mount point there.
    const QStringList gone{QStringLiteral("/tmp"), QStringLiteral("/run")};
    QStringList hidden;
    for (const QString& path : QStringList{QFileInfo(QDir::homePath()).canonicalFilePath(), QStringLiteral("/var/tmp")} + m_hidden) {
        auto under = [&path](const QString& above) { return path == above || path.startsWith(above + QLatin1Char('/')); };
        if (path.isEmpty() || path == QLatin1String("/") || !QFileInfo(path).isDir()) continue;
        if (std::any_of(gone.begin(), gone.end(), under) || std::any_of(hidden.begin(), hidden.end(), under)) continue;
        hidden.append(path);
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
