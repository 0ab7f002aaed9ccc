#pragma once

#include <transaction.h>

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace berth::cli {

class RpcClient;

/** What became of a transaction the CLI sent: its id, the block that included it, and any order it created. */
struct TxOutcome {
    QString id;
    QString height;
    QString order_id;

    QJsonObject json() const;
};

/**
 * Signs, submits and follows transactions. It signs locally with Transaction::make, taking the
 * chain id and block time from GET /status and the sender's nonce from the "next_nonce" of
 * GET /accounts/ADDR (which counts its pending transactions), posts the hex encoding to
 * POST /tx, and then polls GET /tx/ID every poll_interval_ms until the transaction is
 * "included" or "rejected". A rejection throws CliError with the ledger's code and message; no
 * verdict within max(min_wait_ms, wait_blocks block times) throws "timeout". A submission
 * refused with bad_nonce (another client of the same account took the nonce) is re-signed with
 * a fresh nonce, up to nonce_retries times.
 */
class TxSender
{
public:
    static constexpr int poll_interval_ms = 100;
    static constexpr std::uint64_t wait_blocks = 30;
    static constexpr std::uint64_t min_wait_ms = 30000;
    static constexpr int nonce_retries = 5;

    explicit TxSender(RpcClient& rpc);

    /** Signs `payload` with `key`, submits it and waits for the block that decides it. */
    TxOutcome send(const PrivateKey& key, const tx::Payload& payload);
    /** Waits for an already submitted transaction, such as one the faucet sent. */
    TxOutcome wait(const QString& id);

private:
    void load_status();
    std::uint64_t next_nonce(const Address& sender);

    RpcClient& m_rpc;
    std::optional<std::string> m_chain_id;
    std::uint64_t m_block_ms = 1000;
};

} // namespace berth::cli
