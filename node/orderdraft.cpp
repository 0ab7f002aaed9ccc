#include "orderdraft.h"

#include "manifest.h"
#include "manifeststore.h"

#include <stdexcept>

namespace berth {

OrderDraft::OrderDraft(QString datadir) : m_datadir(std::move(datadir)) {}

QString OrderDraft::manifest_directory() const
{
    return ManifestStore::user_directory(m_datadir);
}

void OrderDraft::check_manifest(const QByteArray& manifest)
{
    try {
        Manifest::parse(manifest);
    } catch (const ManifestError& e) {
        throw OrderDraftError(OrderDraftError::Code::InvalidManifest, e.what());
    }
}

Hash256 OrderDraft::keep_manifest(const QByteArray& manifest) const
{
    check_manifest(manifest);
    try {
        return ManifestStore(manifest_directory()).save(manifest);
    } catch (const std::runtime_error& e) {
        throw OrderDraftError(OrderDraftError::Code::Storage, e.what());
    }
}

tx::CreateOrder OrderDraft::create(const OrderTerms& terms, const QByteArray& manifest) const
{
    // The ledger would refuse these too, but only after the manifest was stored for nothing.
    if (terms.instance_type.empty()) throw OrderDraftError(OrderDraftError::Code::InvalidTerms, "the instance type must not be empty");
    if (terms.replicas == 0) throw OrderDraftError(OrderDraftError::Code::InvalidTerms, "an order needs at least one replica");
    tx::CreateOrder order;
    order.instance_type = terms.instance_type;
    order.replicas = terms.replicas;
    order.max_price_per_s = terms.max_price_per_s;
    order.manifest_hash = keep_manifest(manifest);
    order.image_url = terms.image_url;
    order.deposit = terms.deposit;
    return order;
}

} // namespace berth
