#pragma once

#include "blockcontext.h"
#include "transaction.h"

namespace berth {

/**
 * The order book: users' orders with their escrow deposit (PROVIDER_LOOKUP), providers'
 * bids while the window is open (CREATE_BID), and the close of each window, which either
 * matches the lowest eligible bid (CREATE_LEASE: stake locked, capacity reserved), opens
 * another window, or closes the order with its escrow refunded and the reason stated.
 */
class Market
{
public:
    explicit Market(BlockContext& ctx) : m_ctx(ctx) {}

    JobId create_order(const Address& owner, const tx::CreateOrder& order);
    void create_bid(const Address& provider, const tx::CreateBid& bid);
    /** Runs when a job's window has closed (end of its last window block). */
    void close_window(Job& job);
    /** Starts a fresh lookup window for the job; `cause` becomes the close reason if none is found. */
    void open_lookup(Job& job, CloseReason cause);

private:
    BlockContext& m_ctx;
};

} // namespace berth
