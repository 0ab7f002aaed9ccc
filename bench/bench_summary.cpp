// bench_summary: gathers what the benchmarks printed into bench/results.json (a list of
// {"name", "value", "unit", "budget", "ok"}), prints every figure beside its budget, and draws
// the scaling curves of bench_block_scaling and bench_matchmaking with Qt Charts into a PNG.
//
// Usage: bench_summary RESULTS_JSON PLOT_PNG BENCHMARK_OUTPUT.json...

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QValueAxis>
#include <QWidget>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

namespace {

/** One scaling curve: the figures named like `pattern` (whose first capture is the size), the reference at `base` being 1. */
struct Curve {
    QString title;
    QString axis;
    QRegularExpression pattern;
    double base;
    std::map<double, double> points;
};

QChartView* chart_of(const Curve& curve, const std::function<double(double)>& budget, const QString& budget_name)
{
    auto* chart = new QChart;
    chart->setTitle(curve.title);
    auto* measured = new QLineSeries;
    measured->setName(QStringLiteral("measured"));
    auto* dots = new QScatterSeries;
    dots->setMarkerSize(9);
    dots->setName(QStringLiteral("sizes"));
    measured->append(curve.base, 1.0);
    dots->append(curve.base, 1.0);
    for (const auto& [size, ratio] : curve.points) {
        measured->append(size, ratio);
        dots->append(size, ratio);
    }
    auto* limit = new QLineSeries;
    limit->setName(budget_name);
    limit->setPen(QPen(Qt::red, 2, Qt::DashLine));
    const double top = curve.points.empty() ? curve.base * 1000 : curve.points.rbegin()->first;
    for (double x = curve.base; x <= top * 1.0001; x *= std::pow(10.0, 0.25)) limit->append(x, budget(x));
    double highest = 1.0;
    for (const auto& [size, ratio] : curve.points) highest = std::max({highest, ratio, budget(size)});
    chart->addSeries(limit);
    chart->addSeries(measured);
    chart->addSeries(dots);
    auto* x = new QLogValueAxis;
    x->setBase(10);
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setTitleText(curve.axis);
    x->setRange(curve.base / 2, top * 2);
    auto* y = new QValueAxis;
    y->setTitleText(QStringLiteral("cost ratio to the smallest size"));
    y->setRange(0, std::ceil(highest * 1.15 * 4) / 4);
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    return view;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_summary RESULTS_JSON PLOT_PNG BENCHMARK_OUTPUT.json...\n");
        return 2;
    }
    Curve blocks{QStringLiteral("bench_block_scaling: a block of 1,000 lifecycle transactions"),
                 QStringLiteral("active leases"),
                 QRegularExpression(QStringLiteral("^block_cost_(\\d+)_leases_vs_1000$")),
                 1000,
                 {}};
    Curve matching{QStringLiteral("bench_matchmaking: cost per matched order"),
                   QStringLiteral("providers"),
                   QRegularExpression(QStringLiteral("^cost_per_order_(\\d+)_providers_vs_1000$")),
                   1000,
                   {}};

    QJsonArray results;
    int failed = 0;
    for (int i = 3; i < argc; ++i) {
        QFile file(QString::fromLocal8Bit(argv[i]));
        const QString benchmark = QFileInfo(file).completeBaseName();
        QJsonParseError error;
        const QJsonObject doc = file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll(), &error).object() : QJsonObject();
        const QJsonArray figures = doc.value(QStringLiteral("figures")).toArray();
        if (figures.isEmpty()) {
            std::printf("%-58s no figures: the benchmark failed (see its log)\n", qPrintable(benchmark));
            results.append(QJsonObject{{"name", benchmark}, {"value", QJsonValue::Null}, {"unit", ""}, {"budget", ""}, {"ok", false}});
            ++failed;
            continue;
        }
        for (const QJsonValue& v : figures) {
            const QJsonObject f = v.toObject();
            const QString name = f.value(QStringLiteral("name")).toString();
            const bool ok = f.value(QStringLiteral("ok")).toBool();
            results.append(QJsonObject{{"name", benchmark + QLatin1Char('.') + name},
                                       {"value", f.value(QStringLiteral("value"))},
                                       {"unit", f.value(QStringLiteral("unit"))},
                                       {"budget", f.value(QStringLiteral("budget"))},
                                       {"ok", ok}});
            std::printf("%-58s %12.4g %-8s budget %-10s %s\n", qPrintable(benchmark + QLatin1Char('.') + name),
                        f.value(QStringLiteral("value")).toDouble(), qPrintable(f.value(QStringLiteral("unit")).toString()),
                        qPrintable(f.value(QStringLiteral("budget")).toString()), ok ? "ok" : "MISSED");
            if (!ok) ++failed;
            for (Curve* curve : {&blocks, &matching}) {
                const QRegularExpressionMatch m = curve->pattern.match(name);
                if (m.hasMatch() && f.value(QStringLiteral("value")).isDouble())
                    curve->points[m.captured(1).toDouble()] = f.value(QStringLiteral("value")).toDouble();
            }
        }
    }
    QFile out(QString::fromLocal8Bit(argv[1]));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(QJsonDocument(results).toJson()) < 0) {
        std::fprintf(stderr, "cannot write %s\n", argv[1]);
        return 2;
    }

    QWidget page;
    auto* layout = new QHBoxLayout(&page);
    layout->addWidget(chart_of(
        blocks, [](double) { return 1.2; }, QStringLiteral("budget: 1.2")));
    layout->addWidget(chart_of(
        matching, [](double n) { return std::log(n) / std::log(1000.0); }, QStringLiteral("budget: log(n) / log(1000)")));
    page.resize(1400, 560);
    page.show();
    if (!page.grab().save(QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 2;
    }
    std::printf("%d of %d figures miss their budget; results in %s, plot in %s\n", failed, static_cast<int>(results.size()), argv[1], argv[2]);
    return 0;
}
