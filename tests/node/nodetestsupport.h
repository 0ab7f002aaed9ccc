#pragma once

// What the tests of node/ share: catching the error an action throws, reading and writing whole
// files, and a keystore cost that keeps the tests fast. Header-only.

#include <keystore.h>

#include <QFile>
#include <QString>

#include <optional>

namespace berth::test {

/** The cheapest scrypt cost the keystore accepts, so each derivation takes about a millisecond. */
inline constexpr std::uint64_t fast_n = Keystore::min_scrypt_n;

/** The `Error` that `action` throws, or nothing when it returns. */
template <typename Error, typename Action>
std::optional<Error> error_of(Action&& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error;
    }
    return std::nullopt;
}

/** The file's contents, or nothing when it cannot be read. */
inline QByteArray read_all(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

/** Replaces the file's contents; false when that fails. */
inline bool write_all(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

} // namespace berth::test
