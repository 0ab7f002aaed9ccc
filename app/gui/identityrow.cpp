#include "identityrow.h"

namespace berth::gui {

IdentityRow IdentityRow::from(const QString& name, const Address& address, const State& state)
{
    IdentityRow row;
    row.name = name;
    row.address = QString::fromStdString(address.str());
    const Account* account = state.accounts.find(address);
    if (account) row.account = *account;
    if (const Provider* provider = state.providers.find(address)) row.provider = ProviderRow::from(address, *provider, state);
    return row;
}

} // namespace berth::gui
