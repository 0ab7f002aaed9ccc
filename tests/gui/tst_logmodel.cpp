#include <logfilterproxy.h>
#include <loglistmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace berth::gui;

namespace {

QByteArray record(int n, const char* stream = "stdout", const char* service = "web")
{
    return QStringLiteral(R"({"time":"2026-12-04T09:00:%1.000Z","service":"%2","replica":0,"stream":"%3","line":"line %4"})")
        .arg(n % 60, 2, 10, QLatin1Char('0'))
        .arg(QLatin1String(service), QLatin1String(stream))
        .arg(n)
        .toUtf8();
}

QList<QByteArray> records(int from, int count)
{
    QList<QByteArray> out;
    for (int i = from; i < from + count; ++i) out.append(record(i));
    return out;
}

} // namespace

/**
 * The log lines the app shows, from recorded provider records and without a node: rows are
 * inserted at the end and the oldest removed past max_rows (checked by QAbstractItemModelTester),
 * a paused list holds new lines back and takes them on resume, malformed records are skipped,
 * and the filter narrows the lines by text in any case and copies what it shows.
 */
class TestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsAndKeepsItsBound();
    void pauseHoldsNewLinesBack();
    void filterNarrowsAndCopies();
};

void TestLogModel::appendsAndKeepsItsBound()
{
    LogListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append({record(1, "stdout"), "not json", record(2, "stderr")});
    QCOMPARE(model.count(), 2);
    QCOMPARE(inserted.size(), 1);
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(LogListModel::SourceRole).toString(), QStringLiteral("web#0"));
    QCOMPARE(first.data(LogListModel::StreamRole).toString(), QStringLiteral("stdout"));
    QCOMPARE(first.data(LogListModel::LineRole).toString(), QStringLiteral("line 1"));
    QCOMPARE(model.index(1).data(LogListModel::StreamRole).toString(), QStringLiteral("stderr"));
    QVERIFY(first.data(LogListModel::TimeRole).toString().endsWith(QLatin1String(".000")));

    // Past the bound the oldest go: the newest max_rows stay, in order.
    model.append(records(3, LogListModel::max_rows));
    QCOMPARE(model.count(), LogListModel::max_rows);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.index(0).data(LogListModel::LineRole).toString(), QStringLiteral("line 3"));
    QCOMPARE(model.index(model.count() - 1).data(LogListModel::LineRole).toString(), QStringLiteral("line %1").arg(LogListModel::max_rows + 2));
    model.clear();
    QCOMPARE(model.count(), 0);
}

void TestLogModel::pauseHoldsNewLinesBack()
{
    LogListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(records(0, 3));
    model.setPaused(true);
    model.append(records(3, 4));
    QCOMPARE(model.count(), 3);
    QCOMPARE(model.waiting(), 4);
    model.setPaused(false);
    QCOMPARE(model.count(), 7);
    QCOMPARE(model.waiting(), 0);
    QCOMPARE(model.index(6).data(LogListModel::LineRole).toString(), QStringLiteral("line 6"));
    // What waits is bounded too.
    model.setPaused(true);
    model.append(records(7, LogListModel::max_rows + 10));
    QCOMPARE(model.waiting(), LogListModel::max_rows);
}

void TestLogModel::filterNarrowsAndCopies()
{
    LogListModel model;
    LogFilterProxy filter;
    filter.setSourceModel(&model);
    model.append({record(1), record(2, "stderr", "api"), record(3)});
    QCOMPARE(filter.count(), 3);
    QSignalSpy count(&filter, &LogFilterProxy::countChanged);
    filter.setText(QStringLiteral("API#0"));
    QCOMPARE(filter.count(), 1);
    QVERIFY(!count.isEmpty());
    QCOMPARE(filter.index(0, 0).data(LogListModel::LineRole).toString(), QStringLiteral("line 2"));
    QVERIFY(filter.shownText().endsWith(QLatin1String("api#0 stderr  line 2")));
    // New lines that match come through the filter.
    model.append({record(4, "stdout", "api")});
    QCOMPARE(filter.count(), 2);
    filter.setText(QString());
    QCOMPARE(filter.count(), 4);
    QCOMPARE(filter.shownText().count(QLatin1Char('\n')), 3);
}

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
