#pragma once

#include <QString>

#include <stdexcept>

namespace berth {

/**
 * A JSON document or one of its values that the strict reader (JsonReader) refused. field()
 * is the path of the value at fault ("services[1].ports[0]"), empty for the document as a
 * whole; line() and column() (1-based, in characters) point at it in the text that was
 * parsed, or are 0 when the value was built in memory and has no text. It is an
 * invalid_argument so that callers of the genesis and RPC readers, which caught that before
 * there was one reader, still do; the keystore and the manifest wrap it in their own errors.
 */
class JsonFieldError : public std::invalid_argument
{
public:
    JsonFieldError(QString field, QString problem, int line = 0, int column = 0)
        : std::invalid_argument(text(field, problem, line, column).toStdString()), m_field(std::move(field)), m_problem(std::move(problem)),
          m_line(line), m_column(column)
    {}

    const QString& field() const { return m_field; }
    /** What is wrong, without the field or the position: "must be a string, not a number". */
    const QString& problem() const { return m_problem; }
    int line() const { return m_line; }
    int column() const { return m_column; }
    bool has_position() const { return m_line > 0; }

    /** " (line 3, column 17)", or nothing without a position; the messages of the wrapping errors end with it too. */
    static QString position_text(int line, int column)
    {
        return line > 0 ? QStringLiteral(" (line %1, column %2)").arg(line).arg(column) : QString();
    }

private:
    static QString text(const QString& field, const QString& problem, int line, int column)
    {
        const QString subject = field.isEmpty() ? QString() : QLatin1Char('\'') + field + QStringLiteral("' ");
        return subject + problem + position_text(line, column);
    }

    QString m_field;
    QString m_problem;
    int m_line;
    int m_column;
};

} // namespace berth
