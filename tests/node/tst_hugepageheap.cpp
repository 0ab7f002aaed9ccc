#include <hugepageheap.h>

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

using berth::HugePageHeap;

namespace {

/**
 * The child's modes, each followed by the profile it enables ("main-thread" or "threads"): print
 * the environment's tunables, or print how many kilobytes a thread's allocations put in huge pages.
 */
constexpr char print_tunables[] = "--print-tunables";
constexpr char thread_heap[] = "--thread-heap";
constexpr char threads_profile[] = "threads";
constexpr char main_thread_profile[] = "main-thread";

bool kernel_has_huge_pages()
{
    QFile mode(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled"));
    if (!mode.open(QIODevice::ReadOnly)) return false;
    const QByteArray line = mode.readAll();
    return line.contains('[') && !line.contains("[never]");
}

/** A value of this process's environment as the kernel holds it: what the process was executed with. */
QByteArray exec_environment(const QByteArray& name)
{
    QFile environ_file(QStringLiteral("/proc/self/environ"));
    if (!environ_file.open(QIODevice::ReadOnly)) return {};
    for (const QByteArray& entry : environ_file.readAll().split('\0'))
        if (entry.startsWith(name + '=')) return entry.mid(name.size() + 1);
    return {};
}

/** Kilobytes of this process's anonymous memory held in huge pages. */
qint64 anon_huge_kb()
{
    QFile rollup(QStringLiteral("/proc/self/smaps_rollup"));
    if (!rollup.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : rollup.readAll().split('\n'))
        if (line.startsWith("AnonHugePages:")) return line.mid(14).trimmed().split(' ').first().toLongLong();
    return -1;
}

/** Kilobytes more in huge pages while a new thread holds 32 MB of small allocations from its own heap. */
qint64 thread_heap_huge_kb()
{
    const qint64 before = anon_huge_kb();
    qint64 gained = -1;
    std::thread allocating([&] {
        // Below malloc's mmap threshold, so they come from the thread's heap, not a mapping each.
        constexpr std::size_t block = 4000, blocks = 8192;
        std::vector<std::unique_ptr<char[]>> held;
        for (std::size_t i = 0; i < blocks; ++i) {
            held.emplace_back(new char[block]);
            std::memset(held.back().get(), 1, block);
        }
        gained = anon_huge_kb() - before;
    });
    allocating.join();
    return gained;
}

} // namespace

/**
 * The node's heap in huge pages: the process re-executes itself with glibc's tunable, its
 * allocations then come in huge pages, a tunable the user set is kept, and one the user set
 * for something else is extended rather than replaced; the app's profile also pads each
 * thread's heap, whose allocations then come in huge pages too.
 */
class TestHugePageHeap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theProcessRunsWithTheTunable();
    void largeAllocationsGetHugePages();
    void aUsersChoiceIsKept();
    void otherTunablesAreExtended();
    void theAppsProfileAlsoPadsThreadHeaps();
    void aThreadsHeapGetsHugePagesInTheAppsProfile();

private:
    static QByteArray child_output(const char* mode, const char* profile, const QByteArray& tunables);
    static QByteArray tunables_of_child(const QByteArray& tunables, const char* profile = main_thread_profile)
    {
        return child_output(print_tunables, profile, tunables);
    }
};

QByteArray TestHugePageHeap::child_output(const char* mode, const char* profile, const QByteArray& tunables)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (tunables.isEmpty())
        environment.remove(QStringLiteral("GLIBC_TUNABLES"));
    else
        environment.insert(QStringLiteral("GLIBC_TUNABLES"), QString::fromLatin1(tunables));
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(mode), QString::fromLatin1(profile)});
    if (!child.waitForFinished(30'000) || child.exitCode() != 0) return "(the child failed)";
    return child.readAllStandardOutput().trimmed();
}

void TestHugePageHeap::theProcessRunsWithTheTunable()
{
    // ctest starts this test without the tunable, so it is there only if main() re-executed.
    if (!kernel_has_huge_pages()) {
        QVERIFY(!exec_environment("GLIBC_TUNABLES").contains("glibc.malloc.hugetlb"));
        return;
    }
    QCOMPARE(exec_environment("GLIBC_TUNABLES"), QByteArray("glibc.malloc.hugetlb=1"));
    QCOMPARE(tunables_of_child({}), QByteArray("glibc.malloc.hugetlb=1"));
}

void TestHugePageHeap::largeAllocationsGetHugePages()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's allocator stands in for glibc's, which the tunable configures");
#endif
    const qint64 before = anon_huge_kb();
    QVERIFY(before >= 0);
    // Larger than malloc's mmap threshold: a mapping of its own, which glibc marks for huge pages.
    constexpr std::size_t size = 64 * 1024 * 1024;
    std::unique_ptr<char[]> block(new char[size]);
    std::memset(block.get(), 1, size);
    const qint64 gained_kb = anon_huge_kb() - before;
    const QString seen = QStringLiteral("%1 kB more in huge pages").arg(gained_kb);
    if (kernel_has_huge_pages())
        QVERIFY2(gained_kb >= 16 * 1024, qPrintable(seen));
    else
        QVERIFY2(gained_kb == 0, qPrintable(seen));
    QCOMPARE(block[size - 1], char(1));
}

void TestHugePageHeap::aUsersChoiceIsKept()
{
    QCOMPARE(tunables_of_child("glibc.malloc.hugetlb=0"), QByteArray("glibc.malloc.hugetlb=0"));
}

void TestHugePageHeap::otherTunablesAreExtended()
{
    const QByteArray expected = kernel_has_huge_pages() ? "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1" : "glibc.malloc.arena_max=2";
    QCOMPARE(tunables_of_child("glibc.malloc.arena_max=2"), expected);
}

void TestHugePageHeap::theAppsProfileAlsoPadsThreadHeaps()
{
    if (!kernel_has_huge_pages()) {
        QCOMPARE(tunables_of_child({}, threads_profile), QByteArray());
        return;
    }
    QCOMPARE(tunables_of_child({}, threads_profile),
             QByteArray("glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864:glibc.malloc.arena_max=3"));
    // A pad or an arena count the user chose is theirs; a chosen hugetlb leaves everything alone.
    QCOMPARE(tunables_of_child("glibc.malloc.arena_max=2", threads_profile),
             QByteArray("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"));
    QCOMPARE(tunables_of_child("glibc.malloc.hugetlb=0", threads_profile), QByteArray("glibc.malloc.hugetlb=0"));
}

void TestHugePageHeap::aThreadsHeapGetsHugePagesInTheAppsProfile()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's allocator stands in for glibc's, which the tunables configure");
#endif
    if (!kernel_has_huge_pages()) QSKIP("the kernel's transparent huge pages are off");
    const qint64 threads_kb = child_output(thread_heap, threads_profile, {}).toLongLong();
    const qint64 main_thread_kb = child_output(thread_heap, main_thread_profile, {}).toLongLong();
    const QString seen =
        QStringLiteral("a thread's 32 MB: %1 kB in huge pages with the app's profile, %2 kB without").arg(threads_kb).arg(main_thread_kb);
    QVERIFY2(threads_kb >= 16 * 1024, qPrintable(seen));
    QVERIFY2(main_thread_kb < 8 * 1024, qPrintable(seen));
}

int main(int argc, char* argv[])
{
    const bool child = argc == 3 && (std::strcmp(argv[1], print_tunables) == 0 || std::strcmp(argv[1], thread_heap) == 0);
    // As berthd's and the app's main() do; ctest's environment has no GLIBC_TUNABLES.
    HugePageHeap::enable(argv, child && std::strcmp(argv[2], threads_profile) == 0 ? HugePageHeap::Profile::Threads
                                                                                   : HugePageHeap::Profile::MainThread);
    if (child && std::strcmp(argv[1], print_tunables) == 0) {
        const char* value = std::getenv("GLIBC_TUNABLES");
        std::printf("%s\n", value ? value : "");
        return 0;
    }
    if (child) {
        std::printf("%lld\n", thread_heap_huge_kb());
        return 0;
    }
    QCoreApplication app(argc, argv);
    TestHugePageHeap test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_hugepageheap.moc"
