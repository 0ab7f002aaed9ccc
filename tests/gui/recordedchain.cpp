#include "recordedchain.h"

namespace berth::test {

RecordedChain::RecordedChain(std::string identity) : m_identity(std::move(identity)) {}

gui::IdentityRow RecordedChain::identity_row()
{
    return gui::IdentityRow::from(QString::fromStdString(m_identity), m_chain.address(m_identity), m_chain.state());
}

gui::BlockSummary RecordedChain::summary() const
{
    gui::BlockSummary block;
    block.height = m_chain.state().globals().last_height;
    block.time_ms = m_chain.state().globals().last_time_ms;
    block.state_root = QString::fromStdString(m_chain.state_root().hex());
    block.ordering = QStringLiteral("devnet");
    block.in_step = true;
    return block;
}

gui::NodeSnapshot RecordedChain::snapshot()
{
    gui::NodeSnapshot snapshot;
    const Params& params = m_chain.ledger().params();
    snapshot.block = summary();
    snapshot.identity = switch_to(m_identity);
    for (const std::string name : {"alice", "bob", "p1", "p2", "p3"})
        snapshot.accounts.append(gui::AccountRow{QString::fromStdString(name), QString::fromStdString(m_chain.address(name).str()), true});
    snapshot.stake_per_job = params.stake_per_job;
    snapshot.min_escrow_seconds = params.min_escrow_seconds;
    snapshot.chain_id = QString::fromStdString(params.chain_id);
    snapshot.block_ms = params.block_ms;
    snapshot.instance_types = params.instance_types;
    return snapshot;
}

std::vector<gui::ProviderChunk> RecordedChain::provider_chunks(std::size_t rows_per_chunk)
{
    std::vector<gui::ProviderChunk> chunks;
    gui::ChainSnapshots::providers(m_chain.state(), rows_per_chunk, [&chunks](const gui::ProviderChunk& chunk) { chunks.push_back(chunk); });
    return chunks;
}

gui::IdentitySnapshot RecordedChain::switch_to(const std::string& name)
{
    m_identity = name;
    return m_snapshots.identity(m_chain.state(), identity_row(), m_chain.address(name), m_chain.state().globals().last_time_ms);
}

gui::BlockDelta RecordedChain::block(const std::vector<Transaction>& txs, std::uint64_t advance_ms)
{
    const BlockOutcome outcome = m_chain.block(txs, advance_ms);
    gui::BlockDelta delta =
        m_snapshots.delta(m_chain.state(), m_chain.state().globals().last_height, outcome.events, m_chain.address(m_identity));
    delta.block = summary();
    delta.identity = identity_row();
    return delta;
}

} // namespace berth::test
