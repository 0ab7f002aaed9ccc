#pragma once

#include <amount.h>

#include <QObject>
#include <QString>

#include <optional>

namespace berth::gui {

/**
 * An amount as a user types it, read exactly: QML sets `text` and `kind`, and reads back
 * whether it is valid, why not, and the exact value in base units as a decimal string, so
 * that no amount ever becomes a JavaScript number. Every amount field of the pages has one,
 * and the C++ view models read what they are sent through the same parse().
 */
class AmountInput : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY changed)
    Q_PROPERTY(Kind kind READ kind WRITE setKind NOTIFY changed)
    /** When false, an empty text is valid (the field is optional); the error still names a bad one. */
    Q_PROPERTY(bool required READ required WRITE setRequired NOTIFY changed)
    Q_PROPERTY(bool valid READ valid NOTIFY changed)
    /** Why the text is not an amount of its kind; "" when it is (or when it is empty and not required). */
    Q_PROPERTY(QString error READ error NOTIFY changed)
    /** The exact value: USDC or POND base units, or for a price the rate in base units per second × 10^12. */
    Q_PROPERTY(QString baseUnits READ baseUnits NOTIFY changed)
    /** How many decimals the kind allows. */
    Q_PROPERTY(int decimals READ decimals NOTIFY changed)
    Q_PROPERTY(QString unit READ unit NOTIFY changed)

public:
    enum class Kind { Usdc, Pond, UsdcPerSecond };
    Q_ENUM(Kind)

    explicit AmountInput(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    Kind kind() const { return m_kind; }
    void setKind(Kind kind);
    bool required() const { return m_required; }
    void setRequired(bool required);
    bool valid() const { return m_error.isEmpty() && (m_value || !m_required); }
    QString error() const { return m_error; }
    QString baseUnits() const { return m_value ? QString::fromStdString(m_value->str()) : QString(); }
    int decimals() const { return decimals_of(m_kind); }
    QString unit() const;
    /** The value, once the text is valid and not empty. */
    std::optional<Amount> value() const { return m_value; }

    /** A positive amount of `kind` with at most its decimals; nullopt with a translated reason in `error` otherwise. */
    static std::optional<Amount> parse(const QString& text, Kind kind, QString* error);
    /** The reason `text` is not a positive amount of `kind`, or "". */
    static QString problem(const QString& text, Kind kind);
    static int decimals_of(Kind kind);

Q_SIGNALS:
    void changed();

private:
    void update();

    QString m_text;
    Kind m_kind = Kind::Usdc;
    bool m_required = true;
    QString m_error;
    std::optional<Amount> m_value;
};

} // namespace berth::gui
