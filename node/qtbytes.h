#pragma once

#include <bytes.h>

#include <QByteArray>

namespace berth {

// The ledger speaks Bytes/ByteView and Qt speaks QByteArray; these are the one place the two meet.

inline QByteArray to_qbytearray(ByteView bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

inline ByteView as_byte_view(const QByteArray& bytes)
{
    return ByteView(reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
}

inline Bytes to_bytes(const QByteArray& bytes)
{
    const ByteView view = as_byte_view(bytes);
    return Bytes(view.begin(), view.end());
}

} // namespace berth
