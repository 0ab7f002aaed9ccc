#pragma once

#include "keystore.h"

#include <address.h>

#include <QString>

#include <optional>
#include <vector>

namespace berth {

/** A key of the keystore as a list of accounts shows it. */
struct StoredKey {
    QString name;
    /** nullopt only when the file went away while the list was being read. */
    std::optional<Address> address;
};

/**
 * The identities of a data directory as files the user handles, shared by berth-cli and the
 * GUI: the keystore in DATADIR/keys listed without a passphrase, a key file brought in from any
 * path and one written out to any path. A key file moves encrypted as it is; importing checks
 * every field before anything is stored (Keystore::import_file), and exporting writes through
 * QSaveFile with mode 0600, so a failure leaves neither a half-written file nor one anybody
 * else can read, and a file already at the path stays as it was. It needs no event loop, and
 * every failure throws KeystoreError: Io for the outside file, else the keystore's own code.
 */
class KeyFiles
{
public:
    /** The key files of the keystore in `datadir`/keys; nothing is created until a key is imported. */
    explicit KeyFiles(const QString& datadir);

    /** DATADIR/keys, where the node, berth-cli and the GUI keep the encrypted keys. */
    static QString keys_directory(const QString& datadir);
    const QString& directory() const { return m_keystore.directory(); }

    /** The stored keys sorted by name, with their addresses; a malformed key file throws Malformed. */
    std::vector<StoredKey> list() const;
    /**
     * Stores the key file at `path` as key `name` and returns its address. Throws Io when the
     * path cannot be read, Malformed when it is no valid key file (nothing larger than
     * Keystore::max_file_bytes is read), InvalidName or NameExists from the keystore.
     */
    Address import_from(const QString& name, const QString& path);
    /**
     * Writes key `name`'s encrypted file to `path` (mode 0600), replacing a file there only once
     * the whole key is written. Throws UnknownName or Malformed from the keystore, Io when the
     * path cannot be written.
     */
    void export_to(const QString& name, const QString& path) const;

private:
    Keystore m_keystore;
};

} // namespace berth
