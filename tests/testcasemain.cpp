#include "testcase.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace berth::test {

namespace {

std::map<std::string, TestCaseRunner>& test_cases()
{
    // Filled by static initialisers in the test files, before main and in no set order.
    static std::map<std::string, TestCaseRunner> cases;
    return cases;
}

} // namespace

bool register_test_case(const char* source_file, TestCaseRunner run)
{
    std::string name(source_file);
    name.erase(0, name.find_last_of('/') + 1);
    if (name.size() > 4 && name.ends_with(".cpp")) name.resize(name.size() - 4);
    if (!test_cases().emplace(name, run).second) {
        std::fprintf(stderr, "two test cases are named %s\n", name.c_str());
        std::abort();
    }
    return true;
}

} // namespace berth::test

int main(int argc, char* argv[])
{
    const auto& cases = berth::test::test_cases();
    const auto found = argc >= 2 ? cases.find(argv[1]) : cases.end();
    if (found == cases.end()) {
        std::fprintf(stderr, "usage: %s TEST_CASE [Qt Test options]\n%s test cases:\n", argv[0], argc >= 2 ? "unknown test case; the" : "the");
        for (const auto& entry : cases) std::fprintf(stderr, "  %s\n", entry.first.c_str());
        return 2;
    }
    // Qt Test sees the case's own command line: the program, then its options.
    std::vector<char*> arguments{argv[0]};
    arguments.insert(arguments.end(), argv + 2, argv + argc);
    arguments.push_back(nullptr);
    return found->second(argc - 1, arguments.data());
}
