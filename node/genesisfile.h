#pragma once

#include <genesis.h>
#include <publickey.h>

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <vector>

namespace berth {

/**
 * A chain's genesis as the node keeps it in its data directory (genesis.json): the ledger's
 * Genesis, the public keys of the nodes allowed to produce blocks (the devnet's one sequencer,
 * or a network's producers), and the names of well-known accounts (the
 * devnet's alice, bob, providers, auditors and faucet). Amounts are decimal strings of base
 * units. Parsing is strict and names the offending field.
 */
struct GenesisFile {
    Genesis genesis;
    std::vector<PublicKey> producers;
    QMap<QString, Address> names;

    /**
     * The instance types of a devnet and, unless its balances file names others, of a network:
     * from cpu.micro (a quarter of a core, 128 MiB) to gpu.a100 (8 cores, 32 GiB).
     */
    static std::vector<InstanceType> standard_instance_types();

    bool may_produce(const PublicKey& key) const;
    QByteArray to_json() const;
    /**
     * Throws JsonFieldError (an std::invalid_argument) naming the field that is missing or
     * malformed, with its line and column in `json`.
     */
    static GenesisFile from_json(const QByteArray& json);
    /** The same for a document built in memory (the devnet's, a new network's): errors name the field only. */
    static GenesisFile from_object(const QJsonObject& root);
    /** Reads and parses a file; throws std::invalid_argument with the path in the message. */
    static GenesisFile load(const QString& path);
    /** Writes atomically; throws std::runtime_error on an I/O failure. */
    void save(const QString& path) const;
};

} // namespace berth
