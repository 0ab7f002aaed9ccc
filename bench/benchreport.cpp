#include "benchreport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace berth::bench {

BenchReport::BenchReport(QString benchmark) : m_benchmark(std::move(benchmark)) {}

void BenchReport::reference(const QString& name, double value, const QString& unit, const QString& how)
{
    m_references.append(QJsonObject{{"name", name}, {"value", value}, {"unit", unit}, {"how", how}});
}

void BenchReport::measurement(const QString& name, double value, const QString& unit)
{
    m_measurements.append(QJsonObject{{"name", name}, {"value", value}, {"unit", unit}});
}

void BenchReport::spread(const QString& name, const std::vector<double>& samples, const QString& unit)
{
    if (samples.empty()) return;
    const auto [lowest, highest] = std::minmax_element(samples.begin(), samples.end());
    measurement(QStringLiteral("%1_lowest_of_%2").arg(name).arg(samples.size()), *lowest, unit);
    measurement(QStringLiteral("%1_highest_of_%2").arg(name).arg(samples.size()), *highest, unit);
}

static QString budget_text(BenchReport::Rule rule, double budget)
{
    return (rule == BenchReport::Rule::AtLeast ? QStringLiteral(">= ") : QStringLiteral("<= ")) + QString::number(budget, 'g', 4);
}

void BenchReport::figure(const QString& name, double value, const QString& unit, Rule rule, double budget, const QString& note)
{
    const bool ok = rule == Rule::AtLeast ? value >= budget : value <= budget;
    QJsonObject figure{{"name", name}, {"value", value}, {"unit", unit}, {"budget", budget_text(rule, budget)}, {"ok", ok}};
    if (!note.isEmpty()) figure.insert(QStringLiteral("note"), note);
    m_figures.append(figure);
}

void BenchReport::missing(const QString& name, const QString& unit, Rule rule, double budget, const QString& why)
{
    m_missing = true;
    m_figures.append(QJsonObject{
        {"name", name}, {"value", QJsonValue::Null}, {"unit", unit}, {"budget", budget_text(rule, budget)}, {"ok", false}, {"note", why}});
}

bool smoke_run()
{
    static const bool smoke = std::getenv("BERTH_BENCH_SMOKE") != nullptr;
    return smoke;
}

int BenchReport::print() const
{
    const QJsonObject document{{"benchmark", m_benchmark},   {"smoke", smoke_run()},           {"cores", QThread::idealThreadCount()},
                               {"references", m_references}, {"measurements", m_measurements}, {"figures", m_figures}};
    const QByteArray text = QJsonDocument(document).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    std::fflush(stdout);
    return m_missing ? 1 : 0;
}

double seconds_now()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return static_cast<double>(clock.nsecsElapsed()) / 1e9;
}

std::optional<std::uint64_t> size_argument(const char* text, const char* what, std::uint64_t most)
{
    bool ok = false;
    const qulonglong value = QByteArray(text).toULongLong(&ok);
    if (!ok || value == 0 || value > most) {
        std::fprintf(stderr, "%s must be a whole number from 1 to %llu, not '%s'\n", what, static_cast<unsigned long long>(most), text);
        return std::nullopt;
    }
    return value;
}

double median(std::vector<double>& samples)
{
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const std::size_t mid = samples.size() / 2;
    return samples.size() % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
}

std::optional<double> process_memory_bytes(std::string_view field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return std::nullopt;
    const QByteArray prefix = QByteArray(field.data(), static_cast<qsizetype>(field.size())) + ':';
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(prefix)) return line.mid(prefix.size()).trimmed().split(' ').value(0).toDouble() * 1024.0;
    return std::nullopt;
}

} // namespace berth::bench
