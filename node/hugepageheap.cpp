#include "hugepageheap.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace berth {

namespace {

constexpr char tunables_variable[] = "GLIBC_TUNABLES";
constexpr std::string_view hugetlb_tunable = "glibc.malloc.hugetlb";

/** Whether the kernel gives huge pages at all: its mode is "always" or "madvise", not "never". */
bool kernel_has_huge_pages()
{
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    return std::getline(mode, line) && line.find('[') != std::string::npos && line.find("[never]") == std::string::npos;
}

bool has_tunable(const std::string& tunables, std::string_view name)
{
    return tunables.find(std::string(name) + "=") != std::string::npos;
}

/** Appends `name=value` unless the user set that tunable: glibc takes the last of two. */
void add_tunable(std::string& tunables, std::string_view name, std::string_view value)
{
    if (has_tunable(tunables, name)) return;
    if (!tunables.empty()) tunables += ':';
    tunables.append(name).append("=").append(value);
}

} // namespace

void HugePageHeap::enable(char** argv, Profile profile)
{
    const char* set = std::getenv(tunables_variable);
    std::string tunables = set ? set : "";
    if (has_tunable(tunables, hugetlb_tunable) || !kernel_has_huge_pages()) return;
    add_tunable(tunables, hugetlb_tunable, "1");
    if (profile == Profile::Threads) {
        add_tunable(tunables, "glibc.malloc.top_pad", "67108864");
        add_tunable(tunables, "glibc.malloc.arena_max", "3");
    }
    if (setenv(tunables_variable, tunables.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not re-executed (the binary replaced on disk, a restricted /proc): run with small pages.
}

} // namespace berth
