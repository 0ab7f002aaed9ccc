#pragma once

#include "keystoreerror.h"

#include <address.h>
#include <privatekey.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <optional>

namespace berth {

/**
 * The node's encrypted keystore: one JSON file `NAME.key` per account in a directory (such as
 * DATADIR/keys), holding the account's 32-byte Ed25519 seed encrypted with AES-256-GCM under a
 * key derived from a passphrase with scrypt. The address is stored in clear, so listing needs
 * no passphrase, and is bound to the ciphertext as GCM additional authenticated data, so an
 * edited address makes unlocking fail. Files are written atomically with mode 0600 into a
 * directory created with mode 0700, and an existing key is never overwritten. Every failure
 * throws KeystoreError. A Keystore holds only its directory and scrypt cost, so const calls
 * may run concurrently; two writers racing for the same new name are not serialized.
 */
class Keystore
{
public:
    static constexpr int file_version = 1;
    /** scrypt cost for new keys: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s). */
    static constexpr std::uint64_t default_scrypt_n = std::uint64_t{1} << 15;
    static constexpr std::uint32_t scrypt_r = 8;
    static constexpr std::uint32_t scrypt_p = 1;
    /** Bounds on N for the keys this keystore writes and the files it accepts. */
    static constexpr std::uint64_t min_scrypt_n = std::uint64_t{1} << 10;
    static constexpr std::uint64_t max_scrypt_n = std::uint64_t{1} << 20;
    static constexpr int max_name_length = 64;
    /** A key file is a few hundred bytes; a larger file is refused unread. */
    static constexpr qint64 max_file_bytes = 64 * 1024;

    /**
     * A keystore over `directory`, which is created (mode 0700) on the first write. New keys
     * use scrypt cost `scrypt_n`; lower it only for tests and the devnet's demo accounts.
     * Throws KeystoreError (InvalidParameter) for an empty directory or an N that is not a
     * power of two within [min_scrypt_n, max_scrypt_n].
     */
    explicit Keystore(QString directory, std::uint64_t scrypt_n = default_scrypt_n);

    const QString& directory() const { return m_directory; }
    std::uint64_t scrypt_n() const { return m_scrypt_n; }

    /** True for 1 to 64 characters of [A-Za-z0-9_.-]. */
    static bool is_valid_name(const QString& name);

    /** Stores a new random key under `name` and returns its address. */
    Address create(const QString& name, const QString& passphrase);
    /** Stores the key with this seed under `name`; the same seed always gives the same address. */
    Address import_seed(const QString& name, const std::array<std::uint8_t, PrivateKey::seed_size>& seed, const QString& passphrase);
    /** Decrypts the key; a wrong passphrase or any tampering with the file throws WrongPassphrase. */
    PrivateKey unlock(const QString& name, const QString& passphrase) const;

    /** The names of the stored keys, sorted; empty when the directory does not exist yet. */
    QStringList names() const;
    /** The stored address of `name`, without the passphrase; nullopt when there is no such key. */
    std::optional<Address> address(const QString& name) const;

    /** The encrypted key file of `name` exactly as stored (after checking that it is valid). */
    QByteArray export_file(const QString& name) const;
    /**
     * Stores an exported key file under `name` after validating every field; the file's
     * "name" field is set to `name`. Nothing is written when validation fails.
     */
    Address import_file(const QString& name, const QByteArray& contents);

private:
    QString file_path(const QString& name) const;
    QByteArray read_file(const QString& name) const;
    Address store(const QString& name, const std::array<std::uint8_t, PrivateKey::seed_size>& seed, const QString& passphrase);
    void write_new_file(const QString& name, const QByteArray& contents) const;
    void ensure_directory() const;

    QString m_directory;
    std::uint64_t m_scrypt_n;
};

} // namespace berth
