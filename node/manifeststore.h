#pragma once

#include <hash.h>

#include <QByteArray>
#include <QString>

#include <optional>

namespace berth {

/**
 * Manifests kept on disk by their SHA-256, the same hash an order carries: the user's node
 * needs a lease's manifest again when the job moves to another provider, and a provider needs
 * its leases' manifests again after a restart. Content addressing makes a stored file
 * self-checking and saving the same manifest twice harmless.
 */
class ManifestStore
{
public:
    explicit ManifestStore(QString directory);

    /** The folder a node's user-side manifests live in. */
    static QString user_directory(const QString& datadir);
    /** The folder a provider agent keeps the manifests of its leases in. */
    static QString provider_directory(const QString& datadir, const QString& provider_name);

    /** Stores the bytes atomically; returns their hash. Throws std::runtime_error when the disk refuses. */
    Hash256 save(const QByteArray& manifest) const;
    /** The manifest with this hash, or nullopt when none (or only a corrupted copy) is stored. */
    std::optional<QByteArray> load(const Hash256& hash) const;
    void remove(const Hash256& hash) const;

    static Hash256 hash_of(const QByteArray& manifest);

private:
    QString path(const Hash256& hash) const;

    QString m_directory;
};

} // namespace berth
