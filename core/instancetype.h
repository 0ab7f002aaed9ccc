#pragma once

#include <cstdint>
#include <string>

namespace berth {

class Encoder;
class Decoder;

/**
 * What one unit of an instance type is on this chain: the CPU time, memory and process count
 * each replica of a lease of that type may use. Genesis fixes the table, so a tenant knows what
 * "cpu.small" buys from any provider, and every provider's runtime enforces the same numbers.
 */
struct InstanceType {
    std::string name;
    /** Thousandths of a CPU core: 500 is half a core. */
    std::uint32_t millicpus = 1000;
    std::uint64_t memory_mib = 512;
    /** Processes and threads together, as the kernel counts them. */
    std::uint32_t processes = 64;

    static constexpr std::uint32_t max_millicpus = 1'024'000;
    static constexpr std::uint64_t max_memory_mib = 16ULL * 1024 * 1024; // 16 TiB
    static constexpr std::uint32_t max_processes = 1'000'000;

    /** Throws std::invalid_argument naming the type and the first field out of range. */
    void validate() const;
    /** "0.5 vCPU, 256 MiB, 32 processes". */
    std::string summary() const;
    void encode(Encoder& out) const;
    static InstanceType decode(Decoder& in);
    bool operator==(const InstanceType&) const = default;
};

} // namespace berth
