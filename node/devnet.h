#pragma once

#include "genesisfile.h"

#include <privatekey.h>

#include <QString>

#include <map>

namespace berth {

/**
 * The local development network: builds a genesis from the template in resources/
 * (parameters, funded users alice and bob, a faucet, N demo providers with stake and offers,
 * and auditors), with every demo account's key derived from a public seed. Those keys are
 * for a local devnet only and are documented as such.
 */
class Devnet
{
public:
    /** The passphrase the devnet's demo key files are encrypted with (they protect nothing). */
    static constexpr const char* demo_passphrase = "berth-devnet";
    static constexpr const char* producer_name = "sequencer";

    /**
     * Builds the genesis; `block_ms` of 0 keeps the template's, and `params` replaces named
     * parameters. Throws std::invalid_argument on a bad template, an unknown parameter or a bad value.
     */
    static GenesisFile create(int demo_providers, std::uint64_t block_ms, std::uint64_t now_ms, const QMap<QString, QString>& params = {});
    /** The deterministic key of a named devnet account. */
    static PrivateKey demo_key(const QString& name);
    /** Names of the demo accounts create() funds, producer included. */
    static QStringList demo_names(const GenesisFile& genesis);
};

} // namespace berth
