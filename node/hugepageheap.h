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
    /** Which threads of the process fill the heap. */
    enum class Profile {
        /** The node's own programs, whose ledger is built on the main thread. */
        MainThread,
        /**
         * The desktop app, whose GUI, QML loader and node threads each build megabytes as it
         * starts. glibc advises huge pages only for the first 132 KB of a thread's heap and grows
         * the rest a 4 KB page at a time, each page a fault of its own; so the app also asks for
         * a 64 MB top pad, which maps a thread's heap whole and in huge pages from its first
         * allocation on, and for at most three heaps, since each now takes at least one 2 MB page.
         */
        Threads,
    };

    /**
     * Re-executes the process with the tunables when they are missing; returns when they are not
     * missing or the process cannot be re-executed, and the process then runs as it is. Call it
     * first in main(), before anything has been allocated on another thread or a thread started.
     */
    static void enable(char** argv, Profile profile = Profile::MainThread);
};

} // namespace berth
