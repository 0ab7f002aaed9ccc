#include "sharedstrings.h"

namespace berth::gui {

QString SharedStrings::get(const std::string& text)
{
    const QByteArray key = QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size()));
    if (const auto it = m_strings.constFind(key); it != m_strings.cend()) return *it;
    // The key is stored deep-copied: `text` outlives only this call.
    return *m_strings.insert(QByteArray(text.data(), static_cast<qsizetype>(text.size())), QString::fromStdString(text));
}

} // namespace berth::gui
