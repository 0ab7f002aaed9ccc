#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace berth {

/** One step of a path into a JSON document: a member's key, or an element's index when index >= 0. */
struct JsonPathStep {
    QString key;
    qsizetype index = -1;
};

/**
 * Finds where a value sits in the text of a JSON document, for error messages that point at
 * it: QJsonDocument keeps no positions, so on an error the text is walked again along the
 * value's path. The text must be one QJsonDocument accepted; the walk is bounds-checked all
 * the same and stops at whatever it cannot follow.
 */
class JsonLocator
{
public:
    explicit JsonLocator(QByteArray text) : m_text(std::move(text)) {}

    /**
     * The byte offset where the value at `path` starts. A step the text does not have (a
     * missing member) stops the walk, and the offset is that of the deepest value reached: the
     * object that lacks the member. Of duplicate keys the last counts, as in QJsonDocument.
     */
    qsizetype offset_of(const QList<JsonPathStep>& path) const;
    /** The text of the scalar (number, literal or quoted string) that starts at `offset`. */
    QByteArray scalar_at(qsizetype offset) const { return m_text.mid(offset, skip_value(offset) - offset); }
    /** 1-based line and column of a byte offset; columns count characters, not UTF-8 bytes. */
    std::pair<int, int> line_column(qsizetype offset) const;

private:
    char at(qsizetype offset) const { return offset < m_text.size() ? m_text[offset] : '\0'; }
    qsizetype skip_space(qsizetype offset) const;
    qsizetype skip_string(qsizetype offset) const;
    qsizetype skip_value(qsizetype offset) const;
    QString decoded_string(qsizetype begin, qsizetype end) const;
    qsizetype member_offset(qsizetype object, const QString& key) const;
    qsizetype element_offset(qsizetype array, qsizetype index) const;

    QByteArray m_text;
};

} // namespace berth
