#pragma once

namespace berth {

/**
 * Backs the process's heap with transparent huge pages. The node keeps its whole ledger in
 * memory, and a block reaches a few cache lines of each of thousands of rows spread over
 * hundreds of megabytes: with 4 KB pages most of those reaches also miss the TLB, and on a
 * virtual machine a TLB miss walks two page tables. glibc's allocator asks the kernel for huge
 * pages (madvise) only under its tunable `glibc.malloc.hugetlb`, which it reads once, when the
 * process starts; so the process executes itself again, once, with the tunable added to
 * `GLIBC_TUNABLES`. A user who sets the tunable (to 0 to keep small pages) is left alone, and so
 * is a kernel whose transparent huge pages are off.
 */
class HugePageHeap
{
public:
    /**
     * Re-executes the process with the tunable when it is missing; returns when it is not
     * missing or the process cannot be re-executed, and the process then runs as it is. Call it
     * first in main(), before anything has been allocated on another thread or a thread started.
     */
    static void enable(char** argv);
};

} // namespace berth
