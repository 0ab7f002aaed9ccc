#include "providerrow.h"

#include "sharedstrings.h"

#include <stdexcept>

namespace berth::gui {

ProviderRow ProviderRow::from(const Address& address, const Provider& provider, const State& state, SharedStrings* shared)
{
    auto text = [shared](const std::string& s) { return shared ? shared->get(s) : QString::fromStdString(s); };
    ProviderRow row;
    row.address = address;
    row.name = QString::fromStdString(provider.name);
    row.region = text(provider.region);
    row.endpoint = QString::fromStdString(provider.endpoint);
    row.offers.reserve(provider.offers.size());
    for (const auto& [type, offer] : provider.offers) row.offers.push_back(OfferRow{text(type), offer.price_per_s, offer.capacity, offer.used});
    if (const Account* account = state.accounts.find(address)) row.stake = account->stake;
    row.stake_locked = state.locked_stake(address);
    row.slashes = provider.slashes;
    row.jobs_served = provider.jobs_served;
    row.active_jobs = provider.active_jobs;
    return row;
}

const Amount* ProviderRow::cheapest_price() const
{
    const Amount* best = nullptr;
    for (const OfferRow& offer : offers)
        if (!best || offer.price_per_s < *best) best = &offer.price_per_s;
    return best;
}

const Amount* ProviderRow::price_of(const QString& instance_type) const
{
    for (const OfferRow& offer : offers)
        if (offer.instance_type == instance_type) return &offer.price_per_s;
    return nullptr;
}

std::uint32_t ProviderRow::free_capacity() const
{
    std::uint32_t total = 0;
    for (const OfferRow& offer : offers) total += offer.free();
    return total;
}

QStringList ProviderRow::instance_types() const
{
    QStringList types;
    types.reserve(static_cast<qsizetype>(offers.size()));
    for (const OfferRow& offer : offers) types.append(offer.instance_type);
    return types;
}

QString format_usdc(const Amount& amount)
{
    return QString::fromStdString(format_amount(amount, decimals(Denom::USDC)));
}

QString format_pond(const Amount& amount)
{
    return QString::fromStdString(format_amount(amount, decimals(Denom::POND)));
}

QString format_price(const Amount& rate)
{
    return QString::fromStdString(price::format_usdc_per_s(rate));
}

QString format_price_per_hour(const Amount& rate)
{
    return QString::fromStdString(price::format_per_hour(rate));
}

} // namespace berth::gui
