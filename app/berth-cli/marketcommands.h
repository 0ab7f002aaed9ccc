#pragma once

namespace berth::cli {

class CommandContext;
class CommandLine;
class Output;

/**
 * The berth-cli commands of the market before a lease runs: a provider's registration,
 * offers, stake and earnings, the list of providers, a user's orders (placed through the
 * node's OrderDraft, so the manifest is checked and kept before escrow is locked) and a
 * provider's bids. Made for one command over a CommandContext, like every command group.
 */
class MarketCommands
{
public:
    explicit MarketCommands(CommandContext& context);

    void provider_register();
    void provider_offer();
    void provider_stake();
    void provider_unstake();
    void providers();
    void order_create();
    void order_list();
    void order_cancel();
    void bid_create();
    void withdraw();

private:
    void stake_change(bool stake);

    CommandContext& m_context;
    const CommandLine& m_line;
    const Output& m_out;
};

} // namespace berth::cli
