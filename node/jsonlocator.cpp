#include "jsonlocator.h"

#include <algorithm>

namespace berth {

namespace {

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

qsizetype JsonLocator::offset_of(const QList<JsonPathStep>& path) const
{
    // QJsonDocument skips a UTF-8 byte order mark before the document.
    qsizetype offset = m_text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    offset = skip_space(offset);
    for (const JsonPathStep& step : path) {
        const qsizetype next = step.index >= 0 ? element_offset(offset, step.index) : member_offset(offset, step.key);
        if (next < 0) break;
        offset = next;
    }
    return offset;
}

std::pair<int, int> JsonLocator::line_column(qsizetype offset) const
{
    int line = 1;
    int column = 1;
    const qsizetype end = std::min(offset, m_text.size());
    for (qsizetype i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(m_text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            // A UTF-8 continuation byte belongs to the character its lead byte counted.
            ++column;
        }
    }
    return {line, column};
}

qsizetype JsonLocator::skip_space(qsizetype offset) const
{
    while (offset < m_text.size() && is_space(m_text[offset])) ++offset;
    return offset;
}

qsizetype JsonLocator::skip_string(qsizetype offset) const
{
    for (qsizetype i = offset + 1; i < m_text.size(); ++i) {
        if (m_text[i] == '\\')
            ++i;
        else if (m_text[i] == '"')
            return i + 1;
    }
    return m_text.size();
}

qsizetype JsonLocator::skip_value(qsizetype offset) const
{
    const char first = at(offset);
    if (first == '"') return skip_string(offset);
    if (first != '{' && first != '[') {
        while (offset < m_text.size() && !is_space(m_text[offset]) && m_text[offset] != ',' && m_text[offset] != ']' && m_text[offset] != '}')
            ++offset;
        return offset;
    }
    // Counting brackets instead of recursing: the depth of a document is the sender's choice.
    int depth = 0;
    while (offset < m_text.size()) {
        const char c = m_text[offset];
        if (c == '"') {
            offset = skip_string(offset);
            continue;
        }
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return offset + 1;
        ++offset;
    }
    return offset;
}

QString JsonLocator::decoded_string(qsizetype begin, qsizetype end) const
{
    QString out;
    qsizetype run = begin;
    qsizetype i = begin;
    while (i < end) {
        if (m_text[i] != '\\') {
            ++i;
            continue;
        }
        out += QString::fromUtf8(m_text.constData() + run, i - run);
        const char escape = at(i + 1);
        i += 2;
        switch (escape) {
        case 'b': out += QLatin1Char('\b'); break;
        case 'f': out += QLatin1Char('\f'); break;
        case 'n': out += QLatin1Char('\n'); break;
        case 'r': out += QLatin1Char('\r'); break;
        case 't': out += QLatin1Char('\t'); break;
        case 'u': {
            char16_t unit = 0;
            for (int k = 0; k < 4; ++k) unit = static_cast<char16_t>(unit * 16 + std::max(0, hex_digit(at(i + k))));
            // A surrogate pair arrives as two escapes and is joined again by the QString.
            out += QChar(unit);
            i += 4;
            break;
        }
        default: out += QLatin1Char(escape); break;
        }
        run = i;
    }
    out += QString::fromUtf8(m_text.constData() + run, std::max<qsizetype>(0, end - run));
    return out;
}

qsizetype JsonLocator::member_offset(qsizetype object, const QString& key) const
{
    if (at(object) != '{') return -1;
    qsizetype found = -1;
    qsizetype offset = skip_space(object + 1);
    while (at(offset) == '"') {
        const qsizetype key_end = skip_string(offset);
        const bool match = decoded_string(offset + 1, key_end - 1) == key;
        offset = skip_space(key_end);
        if (at(offset) != ':') break;
        offset = skip_space(offset + 1);
        if (match) found = offset;
        offset = skip_space(skip_value(offset));
        if (at(offset) != ',') break;
        offset = skip_space(offset + 1);
    }
    return found;
}

qsizetype JsonLocator::element_offset(qsizetype array, qsizetype index) const
{
    if (at(array) != '[') return -1;
    qsizetype offset = skip_space(array + 1);
    for (qsizetype i = 0; offset < m_text.size() && at(offset) != ']'; ++i) {
        if (i == index) return offset;
        offset = skip_space(skip_value(offset));
        if (at(offset) != ',') break;
        offset = skip_space(offset + 1);
    }
    return -1;
}

} // namespace berth
