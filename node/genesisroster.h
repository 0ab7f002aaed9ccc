#pragma once

#include <address.h>
#include <publickey.h>

#include <QByteArray>
#include <QMap>
#include <QString>

#include <vector>

namespace berth {

struct GenesisFile;

/**
 * The part of a chain's genesis that a node still needs once its ledger is built: the keys that
 * may produce blocks and the names of the well-known accounts. The store keeps it beside the
 * genesis block, so that reopening a data directory reads neither the whole genesis file nor
 * its every account and provider again; only a new store is built from the file.
 */
struct GenesisRoster {
    std::vector<PublicKey> producers;
    QMap<QString, Address> names;

    static GenesisRoster of(const GenesisFile& file);
    bool may_produce(const PublicKey& key) const;
    QByteArray to_json() const;
    /** Throws JsonFieldError (an std::invalid_argument) naming the malformed field. */
    static GenesisRoster from_json(const QByteArray& json);
};

} // namespace berth
