#pragma once

#include "jsonfielderror.h"
#include "jsonlocator.h"

#include <address.h>
#include <amount.h>
#include <bytes.h>
#include <instancetype.h>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>

namespace berth {

/**
 * The node's one strict reader of JSON: the genesis file, RPC bodies, key files and manifests
 * all read their fields through it, so that a field has the same rules and its error the same
 * shape wherever it is read. A JsonReader stands at one value of a document and knows its path
 * ("services[1].ports[0]"); every refusal throws JsonFieldError naming that path and, when the
 * document was parsed from text, the line and column of the value. Integers are read exactly
 * (never through a lossy double), and a fraction, a sign where none is allowed, or a value out
 * of range is an error. Readers are cheap to copy: they share the parsed document.
 */
class JsonReader
{
public:
    /** How an integer may be written. The genesis file writes its integers as decimal strings, exact to 2^64. */
    enum class IntegerForm { Number, NumberOrString };

    /**
     * Parses a whole document; a syntax error throws JsonFieldError at the place
     * QJsonParseError names. `subject` ("the manifest") opens the messages about the document
     * as a whole ("the manifest must be a JSON object, not an array").
     */
    static JsonReader parse(const QByteArray& text, const QString& subject);
    /** A reader over a value built in memory: its errors name the field but have no position. */
    explicit JsonReader(QJsonValue value, const QString& subject = QStringLiteral("the document"));

    const QJsonValue& value() const { return m_value; }
    const QString& path() const { return m_path; }
    /** The member's key of a reader from members() or field(); empty for an element or the root. */
    QString key() const { return m_steps.isEmpty() ? QString() : m_steps.last().key; }
    bool is_present() const { return !m_value.isUndefined(); }

    /** The member `key` of this object, absent (not present) when the object has no such member. */
    JsonReader field(const QString& key) const;
    JsonReader field(const char* key) const { return field(QString::fromLatin1(key)); }
    /** The elements of this array; `expected` describes the array in the error when it is not one. */
    QList<JsonReader> elements(const QString& expected = {}) const;
    /** The members of this object, in key order. */
    QList<JsonReader> members(const QString& expected = {}) const;
    QJsonObject object(const QString& expected = {}) const;
    QJsonArray array(const QString& expected = {}) const;
    /** Refuses a member not in `known`: more likely a typo than something to ignore. `owner` names the object ("a service"). */
    void only_keys(std::initializer_list<const char*> known, const QString& owner) const;

    QString string(const QString& expected = {}) const;
    /** An integer within [min, max]; `expected` replaces "an integer from min to max" in the messages. */
    std::uint64_t unsigned_integer(std::uint64_t min = 0, std::uint64_t max = std::numeric_limits<std::uint64_t>::max(),
                                   IntegerForm form = IntegerForm::Number, const QString& expected = {}) const;
    /** A string of decimal base units ("1000000"). */
    Amount amount() const;
    /** A per-second price written as decimal base units per second ("20", "5.555555555555"), read as a rate (core/price.h). */
    Amount price() const;
    Address address() const;
    /** {"name", "vcpus" (decimal, up to 3 places), "memory_mib", "processes"}, validated. */
    InstanceType instance_type() const;
    /** A string of exactly 2·N hex digits. */
    template <std::size_t N>
    std::array<std::uint8_t, N> hex_bytes() const
    {
        const auto bytes = fixed_from_hex<N>(string(QStringLiteral("a string of hex digits")).toStdString());
        if (!bytes) fail(QStringLiteral("must be %1 hex digits (%2 bytes)").arg(2 * N).arg(N));
        return *bytes;
    }

    /** Throws JsonFieldError about this value: its path, `problem`, and where it is in the text. */
    [[noreturn]] void fail(const QString& problem) const;

    /** "a string", "an array", "null": how a value's type is named in the messages. */
    static QString type_name(const QJsonValue& value);
    /** Echoes a value in a message in quotes, cut short so that a huge rejected string does not balloon it. */
    static QString quoted(const QString& text);

private:
    struct Document {
        QByteArray text;
        QString subject;
    };

    JsonReader(QJsonValue value, std::shared_ptr<const Document> document, QList<JsonPathStep> steps, QString path);
    JsonReader child(QJsonValue value, JsonPathStep step) const;
    void require(QJsonValue::Type type, const QString& expected) const;

    QJsonValue m_value;
    std::shared_ptr<const Document> m_document;
    QList<JsonPathStep> m_steps;
    QString m_path;
};

} // namespace berth
