#include "hugepageheap.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

namespace berth {

namespace {

constexpr char tunables_variable[] = "GLIBC_TUNABLES";
constexpr char hugetlb_tunable[] = "glibc.malloc.hugetlb=";

/** Whether the kernel gives huge pages at all: its mode is "always" or "madvise", not "never". */
bool kernel_has_huge_pages()
{
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    return std::getline(mode, line) && line.find('[') != std::string::npos && line.find("[never]") == std::string::npos;
}

} // namespace

void HugePageHeap::enable(char** argv)
{
    const char* set = std::getenv(tunables_variable);
    std::string value = set ? set : "";
    if (value.find(hugetlb_tunable) != std::string::npos || !kernel_has_huge_pages()) return;
    value += value.empty() ? "" : ":";
    value += hugetlb_tunable;
    value += "1";
    if (setenv(tunables_variable, value.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not re-executed (the binary replaced on disk, a restricted /proc): run with small pages.
}

} // namespace berth
