#pragma once

#include "blockdelta.h"
#include "identitysnapshot.h"
#include "providerchunk.h"

#include <address.h>
#include <event.h>
#include <job.h>
#include <state.h>

#include <functional>
#include <set>
#include <vector>

namespace berth::gui {

/**
 * Copies what the pages show out of a ledger's state: every provider once at start, the jobs of
 * one identity at start and on a switch, and per block only the rows its events touched. It
 * remembers which jobs the identity serves, so that a job a reassignment moved away keeps
 * showing that on the Provider page. It reads a State and nothing else, so the embedded node
 * and the view-model tests' recorded chains make their snapshots the same way.
 */
class ChainSnapshots
{
public:
    /** Every provider, in chunks of at most `rows_per_chunk` rows; an empty registry gives one empty last chunk. */
    static void providers(const State& state, std::size_t rows_per_chunk, const std::function<void(const ProviderChunk&)>& take);
    /** The jobs `owner` owns and serves, from now on the served ones to follow; the caller adds the history. */
    IdentitySnapshot identity(const State& state, const IdentityRow& identity, const Address& owner, std::uint64_t now_ms);
    /** The rows a block's events touched, from the view of `owner`; the caller adds the block summary and the identity's row. */
    BlockDelta delta(const State& state, std::uint64_t height, const std::vector<Event>& events, const Address& owner);

private:
    std::set<JobId> m_served;
};

} // namespace berth::gui
