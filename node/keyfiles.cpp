#include "keyfiles.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <string>

namespace berth {

namespace {

KeystoreError io_error(const char* step, const QString& path, const QString& reason)
{
    return KeystoreError(KeystoreError::Code::Io,
                         "cannot " + std::string(step) + " the key file '" + path.toStdString() + "': " + reason.toStdString());
}

} // namespace

KeyFiles::KeyFiles(const QString& datadir) : m_keystore(keys_directory(datadir)) {}

QString KeyFiles::keys_directory(const QString& datadir)
{
    return QDir(datadir).filePath(QStringLiteral("keys"));
}

std::vector<StoredKey> KeyFiles::list() const
{
    std::vector<StoredKey> keys;
    for (const QString& name : m_keystore.names()) keys.push_back(StoredKey{name, m_keystore.address(name)});
    return keys;
}

Address KeyFiles::import_from(const QString& name, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) throw io_error("read", path, file.errorString());
    const QByteArray contents = file.read(Keystore::max_file_bytes + 1);
    if (file.error() != QFileDevice::NoError) throw io_error("read", path, file.errorString());
    return m_keystore.import_file(name, contents);
}

void KeyFiles::export_to(const QString& name, const QString& path) const
{
    const QByteArray contents = m_keystore.export_file(name);
    // QSaveFile writes a temporary file beside `path` and renames it into place on commit; the
    // temporary file is removed when any step fails.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throw io_error("create", path, file.errorString());
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        throw io_error("restrict", path, reason);
    }
    if (file.write(contents) != contents.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        throw io_error("write", path, reason);
    }
    if (!file.commit()) throw io_error("write", path, file.errorString());
}

} // namespace berth
