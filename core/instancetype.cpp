#include "instancetype.h"

#include "amount.h"
#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"

#include <stdexcept>

namespace berth {

void InstanceType::validate() const
{
    if (name.empty() || name.size() > limits::instance_type)
        throw std::invalid_argument("an instance type's name must be 1 to " + std::to_string(limits::instance_type) + " characters");
    const std::string where = "instance type '" + name + "': ";
    if (millicpus < 1 || millicpus > max_millicpus) throw std::invalid_argument(where + "vcpus must be 0.001 to 1024");
    if (memory_mib < 16 || memory_mib > max_memory_mib) throw std::invalid_argument(where + "memory_mib must be 16 to 16777216");
    if (processes < 1 || processes > max_processes) throw std::invalid_argument(where + "processes must be 1 to 1000000");
}

std::string InstanceType::summary() const
{
    return format_amount(millicpus, 3) + " vCPU, " + std::to_string(memory_mib) + " MiB, " + std::to_string(processes) + " processes";
}

void InstanceType::encode(Encoder& out) const
{
    out.str(name).u32(millicpus).u64(memory_mib).u32(processes);
}

InstanceType InstanceType::decode(Decoder& in)
{
    InstanceType type;
    type.name = in.str("instance_type.name", limits::instance_type);
    type.millicpus = in.u32("instance_type.millicpus");
    type.memory_mib = in.u64("instance_type.memory_mib");
    type.processes = in.u32("instance_type.processes");
    return type;
}

} // namespace berth
