#pragma once

#include "event.h"
#include "state.h"
#include "txerror.h"

#include <string>
#include <vector>

namespace berth {

/**
 * What the contracts work on while a block is applied: the state, the block's height and
 * timestamp (the only clock the ledger knows), and the block's event log. Lookups that must
 * succeed throw a TxError naming the missing id.
 */
class BlockContext
{
public:
    BlockContext(State& state, std::uint64_t height, std::uint64_t now_ms) : m_state(state), m_height(height), m_now_ms(now_ms) {}

    State& state() { return m_state; }
    const Params& params() const { return m_state.params(); }
    std::uint64_t height() const { return m_height; }
    std::uint64_t now_ms() const { return m_now_ms; }

    Job& job(JobId id);
    Provider& provider(const Address& address);
    Account& account(const Address& address) { return m_state.accounts.write(address); }

    void emit(EventName name, JobId job, const Address& account, std::vector<std::pair<std::string, std::string>> data = {});
    std::vector<Event>& events() { return m_events; }

private:
    State& m_state;
    std::uint64_t m_height;
    std::uint64_t m_now_ms;
    std::vector<Event> m_events;
};

/** Throws TxError(code, message) unless `condition` holds. */
inline void require(bool condition, ErrorCode code, const std::string& message)
{
    if (!condition) throw TxError(code, message);
}

std::string job_label(JobId id);

} // namespace berth
