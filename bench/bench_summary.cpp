// bench_summary: gathers what the benchmarks printed into bench/results.json (a list of
// {"name", "value", "unit", "budget", "ok"}), prints every figure beside its budget, and draws
// with Qt Charts into a PNG the scaling curves of bench_block_scaling and bench_matchmaking and,
// below them, bench_node_tx's admission figures and bench_gui's figures as bars beside their budgets.
//
// Usage: bench_summary RESULTS_JSON PLOT_PNG BENCHMARK_OUTPUT.json...

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsTextItem>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPen>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWidget>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <vector>

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

/**
 * One figure drawn as a bar. The measurement and reference it is the ratio of, when the document
 * has them, are printed in its note, so that the picture shows the absolute rates and times too.
 */
struct Bar {
    QString figure;
    QString label;
    QString measurement;
    QString reference;
};

/** A bar chart of some of one benchmark's figures that share a unit, each bar with its budget drawn across it. */
struct BarChart {
    QString benchmark;
    QString title;
    QString axis;
    std::vector<Bar> bars;
};

/** The entry called `name` in the document's list `list` ("figures", "measurements" or "references"), or an empty object. */
QJsonObject entry(const QJsonObject& doc, const QString& list, const QString& name)
{
    for (const QJsonValue& v : doc.value(list).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name) return v.toObject();
    return {};
}

QString number(double value)
{
    // Rates in the thousands read better whole and grouped than as 6.17e+03.
    return std::abs(value) >= 1000 ? QLocale(QLocale::English).toString(value, 'f', 0) : QString::number(value, 'g', 3);
}

/** "0.415 s": an entry's value with its unit, or an empty string when the document lacks it. */
QString quantity(const QJsonObject& e)
{
    if (!e.value(QStringLiteral("value")).isDouble()) return {};
    return number(e.value(QStringLiteral("value")).toDouble()) + QLatin1Char(' ') + e.value(QStringLiteral("unit")).toString();
}

QChartView* bar_chart_of(const BarChart& spec, const std::map<QString, QJsonObject>& documents)
{
    const auto found = documents.find(spec.benchmark);
    const QJsonObject doc = found == documents.end() ? QJsonObject() : found->second;
    QString trouble;
    if (found == documents.end())
        trouble = QStringLiteral("no document: %1.json was not given").arg(spec.benchmark);
    else if (doc.value(QStringLiteral("figures")).toArray().isEmpty())
        trouble = QStringLiteral("no figures: the benchmark failed (see its log)");

    auto* chart = new QChart;
    chart->setTitle(trouble.isEmpty() ? spec.title
                                      : QStringLiteral("<center>%1<br><font color=\"#c0392b\">%2</font></center>").arg(spec.title, trouble));
    const QColor met(0x6a, 0xa8, 0x4f);
    const QColor missed(0xe6, 0x91, 0x38);
    auto* measured = new QBarSet(QStringLiteral("measured"));
    measured->setColor(met);
    // A missed budget is coloured by selecting its bar, since a bar set has one colour.
    measured->setSelectedColor(missed);
    auto* bars = new QBarSeries;
    bars->setBarWidth(0.5);
    bars->append(measured);
    chart->addSeries(bars);
    std::vector<QLineSeries*> budgets;
    // Each bar's note, and the value above which it stands.
    std::vector<std::pair<QGraphicsTextItem*, double>> notes;
    QString unit;
    double highest = 0;
    static const QRegularExpression budget_rule(QStringLiteral("^\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*$"));
    for (std::size_t i = 0; i < spec.bars.size(); ++i) {
        const Bar& bar = spec.bars[i];
        const QJsonObject f = entry(doc, QStringLiteral("figures"), bar.figure);
        const QJsonValue value = f.value(QStringLiteral("value"));
        const QString budget = f.value(QStringLiteral("budget")).toString();
        if (unit.isEmpty()) unit = f.value(QStringLiteral("unit")).toString();
        double top = 0;
        // Notes are rich text, where a budget's "<=" would open a tag.
        QStringList lines{QStringLiteral("<b>") + bar.label.toHtmlEscaped() + QStringLiteral("</b>")};
        measured->append(value.isDouble() ? value.toDouble() : 0);
        if (f.isEmpty())
            lines << (trouble.isEmpty() ? QStringLiteral("not in the document") : QStringLiteral("not measured"));
        else if (!value.isDouble())
            lines << QStringLiteral("not measured (budget %1)").arg(budget).toHtmlEscaped();
        else {
            const bool ok = f.value(QStringLiteral("ok")).toBool();
            // A ratio's unit goes without saying; MB beside 294 does not.
            const QString of_unit = f.value(QStringLiteral("unit")).toString();
            const QString in = of_unit == QStringLiteral("ratio") ? QString() : QLatin1Char(' ') + of_unit;
            const QString verdict = QStringLiteral("<font color=\"%1\"><b>%2</b></font>")
                                        .arg((ok ? met : missed).darker(130).name(), ok ? QStringLiteral("met") : QStringLiteral("missed"));
            lines << QStringLiteral("%1%3, budget %2%3: ").arg(number(value.toDouble()), budget, in).toHtmlEscaped() + verdict;
            if (!ok) measured->selectBar(static_cast<int>(i));
            top = value.toDouble();
        }
        const QString of = quantity(entry(doc, QStringLiteral("measurements"), bar.measurement));
        const QString to = quantity(entry(doc, QStringLiteral("references"), bar.reference));
        if (!of.isEmpty() && !to.isEmpty()) lines << (of + QStringLiteral(" vs ") + to).toHtmlEscaped();
        const QRegularExpressionMatch m = budget_rule.match(budget);
        if (m.hasMatch()) {
            auto* line = new QLineSeries;
            line->setName(QStringLiteral("budget"));
            line->setPen(QPen(Qt::red, 2, Qt::DashLine));
            const double limit = m.captured(2).toDouble();
            // A line series on a category axis is centred on the category's index.
            line->append(static_cast<double>(i) - 0.4, limit);
            line->append(static_cast<double>(i) + 0.4, limit);
            top = std::max(top, limit);
            chart->addSeries(line);
            budgets.push_back(line);
        }
        highest = std::max(highest, top);
        auto* note = new QGraphicsTextItem(chart);
        note->setHtml(QStringLiteral("<center>") + lines.join(QStringLiteral("<br>")) + QStringLiteral("</center>"));
        note->setZValue(100);
        notes.emplace_back(note, top);
    }
    // The notes name the bars: a category axis gives each label only a fraction of its bar's width.
    auto* x = new QBarCategoryAxis;
    // Blank categories, each a different number of spaces, since the axis drops a repeated one.
    for (std::size_t i = 0; i < spec.bars.size(); ++i) x->append(QString(static_cast<int>(i) + 1, QLatin1Char(' ')));
    x->setLabelsVisible(false);
    auto* y = new QValueAxis;
    y->setTitleText(unit.isEmpty() ? spec.axis : spec.axis + QStringLiteral(" (") + unit + QLatin1Char(')'));
    y->setLabelFormat(QStringLiteral("%g"));
    // Room above the highest bar or budget for its note.
    y->setRange(0, highest > 0 ? highest * 1.45 : 1);
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    // Every budget is its own short line; the legend names them once.
    for (std::size_t i = 1; i < budgets.size(); ++i)
        for (QLegendMarker* marker : chart->legend()->markers(budgets[i])) marker->setVisible(false);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Where a note goes is known only once the chart is laid out.
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart, bars, notes](const QRectF& area) {
        for (std::size_t i = 0; i < notes.size(); ++i) {
            auto [note, top] = notes[i];
            note->setTextWidth(area.width() / static_cast<double>(notes.size()) - 8);
            const QPointF at = chart->mapToPosition(QPointF(static_cast<double>(i), top), bars);
            note->setPos(at.x() - note->textWidth() / 2, at.y() - note->boundingRect().height() - 2);
        }
    });
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

    const std::vector<BarChart> bar_charts{
        {QStringLiteral("bench_node_tx"),
         QStringLiteral("bench_node_tx: admission, verifying on one thread and on all cores"),
         QStringLiteral("admitted tx/s over one core's verify rate"),
         {{QStringLiteral("tx_per_s_single_thread_vs_verify_rate"), QStringLiteral("single thread"),
           QStringLiteral("tx_per_s_single_thread_verification"), QStringLiteral("openssl_ed25519_verify_per_s_one_core")},
          {QStringLiteral("tx_per_s_all_cores_vs_verify_rate"), QStringLiteral("all cores"),
           QStringLiteral("tx_per_s_verification_on_all_cores"), QStringLiteral("openssl_ed25519_verify_per_s_one_core")}}},
        {QStringLiteral("bench_gui"),
         QStringLiteral("bench_gui: loaded frame, model update"),
         QStringLiteral("time over its reference"),
         {{QStringLiteral("loaded_frame_vs_5_providers_10000"), QStringLiteral("loaded frame, 10,000 providers"),
           QStringLiteral("loaded_frame_s_10000_providers"), QStringLiteral("loaded_frame_s_5_providers")},
          {QStringLiteral("model_update_per_block_vs_frame"), QStringLiteral("model update per block"),
           QStringLiteral("model_update_ms_per_block"), QStringLiteral("frame_interval")}}},
        {QStringLiteral("bench_gui"),
         QStringLiteral("bench_gui: peak memory"),
         QStringLiteral("peak RSS"),
         {{QStringLiteral("peak_rss_mb_100000_providers"), QStringLiteral("100,000 providers"), {}, {}}}},
    };

    QJsonArray results;
    std::map<QString, QJsonObject> documents;
    int failed = 0;
    for (int i = 3; i < argc; ++i) {
        QFile file(QString::fromLocal8Bit(argv[i]));
        const QString benchmark = QFileInfo(file).completeBaseName();
        QJsonParseError error;
        const QJsonObject doc = file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll(), &error).object() : QJsonObject();
        documents[benchmark] = doc;
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
    auto* rows = new QVBoxLayout(&page);
    auto* curves = new QHBoxLayout;
    curves->addWidget(chart_of(
        blocks, [](double) { return 1.2; }, QStringLiteral("budget: 1.2")));
    curves->addWidget(chart_of(
        matching, [](double n) { return std::log(n) / std::log(1000.0); }, QStringLiteral("budget: log(n) / log(1000)")));
    rows->addLayout(curves);
    // bench_gui's figures have two units, so they take two charts; the one with a single bar needs
    // less width than the others.
    auto* figures = new QHBoxLayout;
    const int widths[] = {3, 3, 2};
    for (std::size_t i = 0; i < bar_charts.size(); ++i) figures->addWidget(bar_chart_of(bar_charts[i], documents), widths[i]);
    rows->addLayout(figures);
    page.resize(1400, 1120);
    page.show();
    if (!page.grab().save(QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 2;
    }
    std::printf("%d of %d figures miss their budget; results in %s, plot in %s\n", failed, static_cast<int>(results.size()), argv[1], argv[2]);
    return 0;
}
