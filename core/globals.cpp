#include "globals.h"

#include "decoder.h"
#include "encoder.h"

namespace berth {

void Globals::encode(Encoder& out) const
{
    params.encode(out);
    out.u32(static_cast<std::uint32_t>(auditors.size()));
    for (const Address& a : auditors) out.raw(a.bytes());
    out.u64(next_job_id).u64(next_bid_seq).amount(treasury_pond).amount(supply_usdc).amount(supply_pond).u64(last_height).u64(last_time_ms);
}

Globals Globals::decode(Decoder& in)
{
    Globals g;
    g.params = Params::decode(in);
    for (std::uint32_t n = in.count("auditors", Address::size), i = 0; i < n; ++i)
        g.auditors.insert(Address(in.fixed<Address::size>("auditor")));
    g.next_job_id = in.u64("next_job_id");
    g.next_bid_seq = in.u64("next_bid_seq");
    g.treasury_pond = in.amount("treasury_pond");
    g.supply_usdc = in.amount("supply_usdc");
    g.supply_pond = in.amount("supply_pond");
    g.last_height = in.u64("last_height");
    g.last_time_ms = in.u64("last_time_ms");
    return g;
}

} // namespace berth
