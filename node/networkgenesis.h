#pragma once

#include "genesisfile.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <vector>

namespace berth {

/**
 * Writes the genesis of a new Berth network: its chain id, parameters (the defaults, with
 * named overrides), the initial balances and auditors from a balances file, and the public
 * keys of the nodes allowed to produce blocks. Nothing in it comes from a public seed: each
 * producer makes its own key and hands over only the public half.
 *
 * The balances file is JSON: {"accounts": [{"name", "address", "usdc", "pond", "stake"}],
 * "auditors": [name or address, ...]}, amounts in base units; "name" and "stake" are optional.
 */
class NetworkGenesis
{
public:
    struct Spec {
        std::string chain_id;
        QByteArray balances_json;
        std::vector<PublicKey> producers;
        QMap<QString, QString> params;
        std::uint64_t timestamp_ms = 0;
    };

    /** Throws std::invalid_argument naming what is missing, malformed or inconsistent. */
    static GenesisFile create(const Spec& spec);
};

} // namespace berth
