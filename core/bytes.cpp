#include "bytes.h"

namespace berth {

std::string to_hex(ByteView bytes)
{
    std::string out(bytes.size() * 2, '\0');
    write_hex(bytes, out.data());
    return out;
}

char* write_hex(ByteView bytes, char* out)
{
    static constexpr char digits[] = "0123456789abcdef";
    for (std::uint8_t b : bytes) {
        *out++ = digits[b >> 4];
        *out++ = digits[b & 0x0f];
    }
    return out;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<Bytes> from_hex(std::string_view hex)
{
    if (hex.size() % 2 != 0) return std::nullopt;
    Bytes out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_value(hex[i]);
        const int lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
    }
    return out;
}

} // namespace berth
