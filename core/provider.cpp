#include "provider.h"

#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"

namespace berth {

void Provider::encode(Encoder& out) const
{
    out.str(name).str(region).str(endpoint).u32(static_cast<std::uint32_t>(offers.size()));
    for (const auto& [type, offer] : offers) out.str(type).amount(offer.price_per_s).u32(offer.capacity).u32(offer.used);
    out.u32(active_jobs).u32(slashes).u32(jobs_served).u64(registered_at_ms);
}

Provider Provider::decode(Decoder& in)
{
    Provider p;
    p.name = in.str("name", limits::name);
    p.region = in.str("region", limits::region);
    p.endpoint = in.str("endpoint", limits::url);
    const std::uint32_t n = in.count("offers", 44);
    for (std::uint32_t i = 0; i < n; ++i) {
        std::string type = in.str("instance_type", limits::instance_type);
        Offer offer;
        offer.price_per_s = in.amount("price_per_s");
        offer.capacity = in.u32("capacity");
        offer.used = in.u32("used");
        p.offers.emplace(std::move(type), offer);
    }
    p.active_jobs = in.u32("active_jobs");
    p.slashes = in.u32("slashes");
    p.jobs_served = in.u32("jobs_served");
    p.registered_at_ms = in.u64("registered_at_ms");
    return p;
}

} // namespace berth
