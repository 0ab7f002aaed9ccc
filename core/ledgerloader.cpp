#include "ledgerloader.h"

#include "decoder.h"

#include <stdexcept>
#include <string>

namespace berth {

void LedgerLoader::add(ByteView key, ByteView value)
{
    m_state.load_object(key, value);
    ++m_objects;
    if (m_derived == Derived::Recompute) m_commitment.load(StateCommitment::leaf_of(key, value));
}

void LedgerLoader::add_bucket(std::uint64_t bucket, ByteView entries)
{
    if (m_derived != Derived::Stored) throw std::logic_error("a commitment bucket given to a loader that derives them");
    try {
        m_commitment.load_bucket(bucket, entries);
    } catch (const std::invalid_argument& e) {
        throw DecodeError(e.what());
    }
}

void LedgerLoader::add_deadline(JobId job, const JobDeadline& deadline)
{
    if (m_derived != Derived::Stored) throw std::logic_error("a deadline given to a loader that derives them");
    // A store reads each kind soonest first, so each entry goes at the end of its index without a
    // search down the tree; the hint costs a search only for one out of order.
    auto& index = deadline.by_height ? m_deadlines.by_height : m_deadlines.by_time;
    index.insert(index.end(), {deadline.at, job});
}

Ledger LedgerLoader::finish() &&
{
    if (!m_state.m_globals.find(0)) throw DecodeError("state has no globals");
    if (m_derived == Derived::Stored) {
        if (m_commitment.size() != m_objects)
            throw DecodeError("the stored commitment holds " + std::to_string(m_commitment.size()) + " entries for " +
                              std::to_string(m_objects) + " objects");
        return Ledger(std::move(m_state), std::move(m_commitment), std::move(m_deadlines));
    }
    try {
        m_commitment.finish_loading();
    } catch (const std::invalid_argument& e) {
        throw DecodeError(e.what());
    }
    return Ledger(std::move(m_state), std::move(m_commitment), std::nullopt);
}

} // namespace berth
