#pragma once

#include "jsonfielderror.h"

#include <fieldlimits.h>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <stdexcept>

namespace berth {

/**
 * A manifest the strict parser refused: field() names the offending field
 * ("services[0].ports[1]"), empty for the document as a whole, and line() and column() (1-based,
 * in characters) point at it in the manifest's text, or are 0 when there is no such place (an
 * oversized upload), so that an editor can put the cursor on it.
 */
class ManifestError : public std::runtime_error
{
public:
    ManifestError(QString field, const QString& message, int line = 0, int column = 0)
        : std::runtime_error(((field.isEmpty() ? message : field + QStringLiteral(": ") + message) + JsonFieldError::position_text(line, column))
                                 .toStdString()),
          m_field(std::move(field)), m_problem(message), m_line(line), m_column(column)
    {}
    const QString& field() const { return m_field; }
    /** What is wrong, without the field or the position, for a caller that shows those itself. */
    const QString& problem() const { return m_problem; }
    int line() const { return m_line; }
    int column() const { return m_column; }

private:
    QString m_field;
    QString m_problem;
    int m_line;
    int m_column;
};

enum class WorkloadKind { StaticHttp, Command };

/** The resources one replica of a service asks for. */
struct ServiceResources {
    int cpu_millis = 0;
    int memory_mb = 0;
    bool operator==(const ServiceResources&) const = default;
};

/**
 * One service of a manifest: what to run (an image or enclave URL and a workload kind), the
 * ports it serves, its environment, resources and replica count, and either the content a
 * static-http workload serves or the command a command workload runs.
 */
struct ServiceSpec {
    QString name;
    QString image;
    WorkloadKind kind = WorkloadKind::StaticHttp;
    QList<quint16> ports;
    QMap<QString, QString> env;
    ServiceResources resources;
    int replicas = 1;
    /** static-http only: URL path → body served at it. */
    QMap<QString, QByteArray> content;
    /** command only: the program and its arguments; "${PORT}" is replaced by the replica's port. */
    QStringList command;
    /** The path that answers 2xx once a replica is up. */
    QString health_path;
    bool operator==(const ServiceSpec&) const = default;
};

/**
 * A deployment manifest: the JSON document a user uploads to the provider over mTLS, whose
 * SHA-256 over the exact bytes is what the order carries. parse() is strict: an unknown field,
 * a wrong type or a value out of range is an error that names the field.
 */
struct Manifest {
    static constexpr qsizetype max_bytes = 64 * 1024;
    static constexpr int max_services = 16;
    static constexpr int max_replicas = limits::service_replicas;

    int version = 1;
    QList<ServiceSpec> services;

    /** Throws ManifestError naming the field at fault. */
    static Manifest parse(const QByteArray& json);
    bool operator==(const Manifest&) const = default;
};

} // namespace berth
