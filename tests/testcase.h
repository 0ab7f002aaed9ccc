#pragma once

// One executable holds a directory's Qt Test cases (berth_add_qtest_suite in CMakeLists.txt),
// compiled together so that they parse what they include once. Each case registers itself under
// its file's name, and ctest starts the executable once per case: `tst_core tst_amount`.

#include <QCoreApplication>
#include <QTest>

namespace berth::test {

/** Runs one test case in the process: Qt Test's arguments in, its exit code out. */
using TestCaseRunner = int (*)(int argc, char* argv[]);

/** Adds the case named after `source_file` (its base name without ".cpp") to this executable. */
bool register_test_case(const char* source_file, TestCaseRunner run);

} // namespace berth::test

// As QTEST_APPLESS_MAIN: the case runs without an application object.
#define BERTH_QTEST_APPLESS(TestObject)                                                                                                         \
    [[maybe_unused]] static const bool berth_registered_##TestObject = berth::test::register_test_case(__FILE__, [](int argc, char* argv[]) {   \
        TestObject tc;                                                                                                                          \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                                              \
        return QTest::qExec(&tc, argc, argv);                                                                                                   \
    });

// As QTEST_GUILESS_MAIN: the case runs under a QCoreApplication.
#define BERTH_QTEST_GUILESS(TestObject)                                                                                                         \
    [[maybe_unused]] static const bool berth_registered_##TestObject = berth::test::register_test_case(__FILE__, [](int argc, char* argv[]) {   \
        QTest::Internal::callInitMain<TestObject>();                                                                                            \
        QCoreApplication app(argc, argv);                                                                                                       \
        TestObject tc;                                                                                                                          \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                                              \
        return QTest::qExec(&tc, argc, argv);                                                                                                   \
    });
