#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace berth::bench {

/**
 * What one benchmark found, printed as one JSON document on stdout: the references it measured
 * on this machine in this run, the absolute measurements, and the figures held to a budget.
 * A figure is a ratio to a reference (or a count or time the budget names directly), printed
 * with its budget and whether it meets it, so that scripts/bench can gather every figure into
 * bench/results.json without knowing what each benchmark does.
 */
class BenchReport
{
public:
    enum class Rule { AtLeast, AtMost };

    explicit BenchReport(QString benchmark);

    /** A rate or cost measured as the yardstick for the figures that follow. */
    void reference(const QString& name, double value, const QString& unit, const QString& how);
    /** An absolute measurement, for the record; no budget applies to it. */
    void measurement(const QString& name, double value, const QString& unit);
    /** How far a figure taken as a median moved: its lowest and highest sample, as `<name>_lowest_of_<n>` and `<name>_highest_of_<n>`. */
    void spread(const QString& name, const std::vector<double>& samples, const QString& unit);
    /** A figure with its budget: it is ok when value >= budget (AtLeast) or value <= budget (AtMost). */
    void figure(const QString& name, double value, const QString& unit, Rule rule, double budget, const QString& note = {});
    /** A figure that could not be measured: reported with its budget, never ok. */
    void missing(const QString& name, const QString& unit, Rule rule, double budget, const QString& why);

    /** Writes the document to stdout; returns 0, or 1 when a figure could not be measured. */
    int print() const;

private:
    QString m_benchmark;
    QJsonArray m_references;
    QJsonArray m_measurements;
    QJsonArray m_figures;
    bool m_missing = false;
};

/**
 * Whether this is a smoke run (BERTH_BENCH_SMOKE is set, as ctest sets it): tiny sizes that only
 * show the benchmark still builds, runs and reports; its figures mean nothing. Readable before
 * main(), so that sizes can be constants.
 */
bool smoke_run();
/** `full`, or `smoke` in a smoke run. */
template <typename T>
T sized(T full, T smoke)
{
    return smoke_run() ? smoke : full;
}

/** Seconds since the first call: a monotonic clock for benchmarks. */
double seconds_now();

/**
 * A size given on a profiling entry point's command line (`bench_matchmaking N`): a whole number
 * from 1 to `most`. Anything else prints "<what> must be a whole number from 1 to <most>, not
 * '<text>'" on stderr and gives nullopt, for the caller to exit with an error.
 */
std::optional<std::uint64_t> size_argument(const char* text, const char* what, std::uint64_t most = UINT64_MAX);

/** The median of `samples` (which it sorts). */
double median(std::vector<double>& samples);

/** A memory figure of this process from /proc/self/status ("VmRSS", "VmHWM"), in bytes; nullopt when it cannot be read. */
std::optional<double> process_memory_bytes(std::string_view field);

} // namespace berth::bench
