#include "chainsnapshots.h"

#include "sharedstrings.h"

#include <algorithm>

namespace berth::gui {

void ChainSnapshots::providers(const State& state, std::size_t rows_per_chunk, const std::function<void(const ProviderChunk&)>& take)
{
    SharedStrings shared;
    ProviderChunk chunk;
    std::size_t left = state.providers.size();
    // A new list for each chunk: the one sent is still shared with the queued signal that carries it.
    const auto start_chunk = [&] {
        chunk.rows = {};
        chunk.rows.reserve(static_cast<qsizetype>(std::min(rows_per_chunk, left)));
    };
    start_chunk();
    for (const auto& [address, provider] : state.providers.ordered()) {
        chunk.rows.push_back(ProviderRow::from(address, provider, state, &shared));
        --left;
        if (static_cast<std::size_t>(chunk.rows.size()) == rows_per_chunk && left > 0) {
            take(chunk);
            start_chunk();
        }
    }
    chunk.last = true;
    take(chunk);
}

IdentitySnapshot ChainSnapshots::identity(const State& state, const IdentityRow& identity, const Address& owner, std::uint64_t now_ms)
{
    IdentitySnapshot snapshot;
    snapshot.identity = identity;
    snapshot.now_ms = now_ms;
    // A scan on start-up and on a switch only; after that a block resends just the jobs it touched.
    m_served.clear();
    state.jobs.for_each([&](JobId id, const Job& job) {
        if (job.owner == owner) snapshot.leases.push_back(LeaseRow::from(job, state));
        if (job.provider == owner && !owner.is_null()) {
            snapshot.served.push_back(LeaseRow::from(job, state));
            m_served.insert(id);
        }
    });
    return snapshot;
}

BlockDelta ChainSnapshots::delta(const State& state, std::uint64_t height, const std::vector<Event>& events, const Address& owner)
{
    BlockDelta delta;
    delta.events.reserve(events.size());
    // A provider row changes only through events that name it, as the event's account or its
    // "provider" field; those are the rows to resend, never the whole registry.
    std::set<Address> touched;
    std::set<JobId> touched_jobs;
    for (const Event& event : events) {
        if (event.job != 0) touched_jobs.insert(event.job);
        delta.events.push_back(EventRow::from(height, event));
        if (!event.account.is_null()) touched.insert(event.account);
        if (const auto provider = Address::parse(event.field("provider"))) touched.insert(*provider);
        if (!owner.is_null())
            if (auto row = HistoryRow::from(height, event, owner)) delta.history.push_back(std::move(*row));
    }
    for (const Address& address : touched)
        if (const Provider* provider = state.providers.find(address))
            delta.changed_providers.push_back(ProviderRow::from(address, *provider, state));
    for (const JobId id : touched_jobs) {
        const Job* job = state.jobs.find(id);
        if (!job) continue;
        if (job->owner == owner) delta.changed_leases.push_back(LeaseRow::from(*job, state));
        // A job stays in the served list after a reassignment moved it away, so its row shows that.
        if ((job->provider == owner && !owner.is_null()) || m_served.contains(id)) {
            m_served.insert(id);
            delta.changed_served.push_back(LeaseRow::from(*job, state));
        }
    }
    return delta;
}

} // namespace berth::gui
