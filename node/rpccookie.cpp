#include "rpccookie.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

#include <openssl/crypto.h>

#include <array>
#include <stdexcept>

namespace berth {

namespace {

bool same_secret(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() && !a.isEmpty() && CRYPTO_memcmp(a.constData(), b.constData(), static_cast<std::size_t>(a.size())) == 0;
}

} // namespace

QString RpcCookie::path_in(const QString& datadir)
{
    return QDir(datadir).filePath(QString::fromLatin1(file_name));
}

RpcCookie::RpcCookie(const QString& datadir) : m_path(path_in(datadir))
{
    std::array<quint32, 8> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    m_secret = QByteArray(reinterpret_cast<const char*>(random.data()), sizeof(random)).toHex();
    QSaveFile file(m_path);
    // Owner-only before the secret is written; the rename then replaces any older cookie whole.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QByteArray(user) + ':' + m_secret) < 0 || !file.commit())
        throw std::runtime_error("cannot write the RPC cookie " + m_path.toStdString() + ": " + file.errorString().toStdString());
}

RpcCookie::~RpcCookie()
{
    if (read(m_path) == m_secret) QFile::remove(m_path);
}

bool RpcCookie::accepts(const QByteArray& authorization) const
{
    const QByteArray value = authorization.trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space <= 0) return false;
    const QByteArray scheme = value.left(space).toLower();
    const QByteArray credential = value.mid(space + 1).trimmed();
    if (scheme == "bearer") return same_secret(credential, m_secret);
    if (scheme == "basic") {
        const auto decoded = QByteArray::fromBase64Encoding(credential, QByteArray::AbortOnBase64DecodingErrors);
        return decoded && same_secret(*decoded, QByteArray(user) + ':' + m_secret);
    }
    return false;
}

std::optional<QByteArray> RpcCookie::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    const QByteArray text = file.read(1024).trimmed();
    const QByteArray prefix = QByteArray(user) + ':';
    if (!text.startsWith(prefix) || text.size() == prefix.size()) return std::nullopt;
    return text.mid(prefix.size());
}

} // namespace berth
