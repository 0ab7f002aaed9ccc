#pragma once

#include <bytes.h>

#include <QByteArray>
#include <QString>

#include <string>

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

/** `text` as UTF-8 of at most `max` bytes (a reason on chain has a limit), cut at a character boundary with "...". */
inline std::string clip_utf8(const QString& text, std::size_t max)
{
    QByteArray utf8 = text.toUtf8();
    if (static_cast<std::size_t>(utf8.size()) <= max) return utf8.toStdString();
    qsizetype cut = static_cast<qsizetype>(max) - 3;
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
    return (utf8.left(cut) + "...").toStdString();
}

} // namespace berth
