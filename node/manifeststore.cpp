#include "manifeststore.h"

#include "qtbytes.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <stdexcept>

namespace berth {

ManifestStore::ManifestStore(QString directory) : m_directory(std::move(directory)) {}

QString ManifestStore::user_directory(const QString& datadir)
{
    return QDir(datadir).filePath(QStringLiteral("manifests"));
}

QString ManifestStore::provider_directory(const QString& datadir, const QString& provider_name)
{
    return QDir(datadir).filePath(QStringLiteral("providers/%1/manifests").arg(provider_name));
}

Hash256 ManifestStore::hash_of(const QByteArray& manifest)
{
    return Hash256::of(as_byte_view(manifest));
}

QString ManifestStore::path(const Hash256& hash) const
{
    return QDir(m_directory).filePath(QString::fromStdString(hash.hex()) + QStringLiteral(".json"));
}

Hash256 ManifestStore::save(const QByteArray& manifest) const
{
    const Hash256 hash = hash_of(manifest);
    if (!QDir().mkpath(m_directory)) throw std::runtime_error("cannot create " + m_directory.toStdString());
    QSaveFile file(path(hash));
    if (!file.open(QIODevice::WriteOnly) || file.write(manifest) != manifest.size() || !file.commit())
        throw std::runtime_error("cannot write " + path(hash).toStdString() + ": " + file.errorString().toStdString());
    return hash;
}

std::optional<QByteArray> ManifestStore::load(const Hash256& hash) const
{
    QFile file(path(hash));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    QByteArray bytes = file.readAll();
    if (hash_of(bytes) != hash) return std::nullopt;
    return bytes;
}

void ManifestStore::remove(const Hash256& hash) const
{
    QFile::remove(path(hash));
}

} // namespace berth
