#pragma once

#include "orderdrafterror.h"

#include <amount.h>
#include <hash.h>
#include <transaction.h>

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>

namespace berth {

/** What a user asks of a new order, apart from its manifest. */
struct OrderTerms {
    std::string instance_type;
    std::uint32_t replicas = 1;
    /** In USDC base units per second (core/price.h). */
    Amount max_price_per_s = 0;
    /** USDC base units locked in escrow. */
    Amount deposit = 0;
    /** Optional; shown to providers, not checked. */
    std::string image_url;
};

/**
 * The user's side of placing an order or changing a lease's manifest, shared by berth-cli and
 * the GUI: it refuses a manifest no provider would accept (Manifest::parse) before any escrow
 * is locked for it, and keeps an accepted one in ManifestStore::user_directory(datadir), where
 * the node's TenantAgent finds it to upload again when the job moves to another provider. Only
 * then does it hand out the tx::CreateOrder carrying the manifest's hash, ready to sign. It
 * checks what it can without the chain (the ledger still judges prices, balance and limits),
 * works on plain values without an event loop, and throws OrderDraftError; when a check
 * fails nothing is written.
 */
class OrderDraft
{
public:
    /** Drafts orders whose manifests are kept under `datadir` (the node's data directory). */
    explicit OrderDraft(QString datadir);

    /** The directory the manifests go to: ManifestStore::user_directory(datadir). */
    QString manifest_directory() const;

    /** Throws OrderDraftError (InvalidManifest) with the parser's message when `manifest` is no valid manifest. */
    static void check_manifest(const QByteArray& manifest);
    /**
     * Checks `manifest` and stores it atomically by its SHA-256; returns the hash. For a lease's
     * new manifest (an update, an upload) as much as for a new order. Throws OrderDraftError
     * (InvalidManifest, Storage).
     */
    Hash256 keep_manifest(const QByteArray& manifest) const;
    /**
     * Checks the terms and the manifest, keeps the manifest and returns the order to sign.
     * Throws OrderDraftError: InvalidTerms before anything else, then InvalidManifest, then
     * Storage.
     */
    tx::CreateOrder create(const OrderTerms& terms, const QByteArray& manifest) const;

private:
    QString m_datadir;
};

} // namespace berth
