#pragma once

#include <chainharness.h>
#include <chainsnapshots.h>
#include <nodesnapshot.h>

#include <QString>

#include <string>
#include <vector>

namespace berth::test {

/**
 * A market recorded for the view-model tests: a deterministic in-memory ledger (ChainHarness:
 * alice and bob with funds, providers p1 to p3 offering cpu.small, three auditors) whose
 * snapshots and per-block deltas are made by the app's own ChainSnapshots, from the view of
 * one identity, exactly as the embedded node makes them, but with no node, store or thread.
 */
class RecordedChain
{
public:
    explicit RecordedChain(std::string identity = "alice");

    ChainHarness& chain() { return m_chain; }
    Address address(const std::string& name) { return m_chain.address(name); }

    /** What the node reports when it starts: the identity's view and its accounts. */
    gui::NodeSnapshot snapshot();
    /** The market that follows the snapshot, in chunks of `rows_per_chunk` providers. */
    std::vector<gui::ProviderChunk> provider_chunks(std::size_t rows_per_chunk);
    /** Applies one block with `txs` (signed by the harness) and returns the delta the GUI receives. */
    gui::BlockDelta block(const std::vector<Transaction>& txs = {}, std::uint64_t advance_ms = 0);
    /** One transaction from `name` in its own block. */
    gui::BlockDelta submit(const std::string& name, tx::Payload payload) { return block({m_chain.sign(name, std::move(payload))}); }
    /** The identity's snapshot after a switch to `name`. */
    gui::IdentitySnapshot switch_to(const std::string& name);

private:
    gui::IdentityRow identity_row();
    gui::BlockSummary summary() const;

    ChainHarness m_chain;
    std::string m_identity;
    gui::ChainSnapshots m_snapshots;
};

} // namespace berth::test
