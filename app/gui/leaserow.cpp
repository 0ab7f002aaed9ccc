#include "leaserow.h"

#include <QCoreApplication>

namespace berth::gui {

LeaseRow LeaseRow::from(const Job& job, const State& state)
{
    LeaseRow row;
    row.job = job;
    if (!job.provider.is_null())
        if (const Provider* provider = state.providers.find(job.provider)) row.provider_name = QString::fromStdString(provider->name);
    return row;
}

QString format_duration(std::uint64_t ms)
{
    const std::uint64_t s = ms / 1000;
    const auto n = [](std::uint64_t v) { return QString::number(v); };
    if (s >= 86400) return QCoreApplication::translate("berth::gui::LeaseRow", "%1 d %2 h").arg(n(s / 86400), n(s % 86400 / 3600));
    if (s >= 3600) return QCoreApplication::translate("berth::gui::LeaseRow", "%1 h %2 min").arg(n(s / 3600), n(s % 3600 / 60));
    if (s >= 60) return QCoreApplication::translate("berth::gui::LeaseRow", "%1 min").arg(n(s / 60));
    return QCoreApplication::translate("berth::gui::LeaseRow", "%1 s").arg(n(s));
}

} // namespace berth::gui
