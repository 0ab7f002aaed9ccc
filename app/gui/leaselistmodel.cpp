#include "leaselistmodel.h"

#include "eventrow.h"
#include "providerrow.h"

#include <escrow.h>

#include <QVariantMap>

namespace berth::gui {

namespace {

QString name_of(JobState state)
{
    const std::string_view name = job_state_name(state);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

} // namespace

LeaseListModel::LeaseListModel(QObject* parent) : QAbstractListModel(parent) {}

int LeaseListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> LeaseListModel::roleNames() const
{
    return {
        {LeaseIdRole, "leaseId"},
        {StateRole, "leaseState"},
        {TimelineRole, "timeline"},
        {ClosedRole, "closed"},
        {CloseReasonRole, "closeReason"},
        {InstanceTypeRole, "instanceType"},
        {ProviderNameRole, "providerName"},
        {ProviderAddressRole, "providerAddress"},
        {PricePerSecondRole, "pricePerSecond"},
        {PricePerHourRole, "pricePerHour"},
        {UrlsRole, "urls"},
        {EscrowRole, "escrow"},
        {SpentRole, "spent"},
        {TimeLeftRole, "timeLeft"},
        {LowEscrowRole, "lowEscrow"},
        {BillingRole, "billing"},
        {CanTopUpRole, "canTopUp"},
        {CanCloseRole, "canClose"},
        {CanUpdateRole, "canUpdate"},
        {ReplicasRole, "replicas"},
        {MaxPricePerSecondRole, "maxPricePerSecond"},
        {CanExitRole, "canExit"},
        {ActionMessageRole, "actionMessage"},
        {ActionFailedRole, "actionFailed"},
        {UpdateRefusalRole, "updateRefusal"},
    };
}

QVariant LeaseListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Entry& e = entry(index.row());
    const Job& job = e.row.job;
    switch (role) {
    case Qt::DisplayRole:
    case LeaseIdRole: return QString::number(job.id);
    case StateRole: return e.state;
    case TimelineRole: return e.timeline;
    case ClosedRole: return job.is_final();
    case CloseReasonRole: return e.close_reason;
    case InstanceTypeRole: return QString::fromStdString(job.instance_type);
    case ProviderNameRole: return e.row.provider_name;
    case ProviderAddressRole: return job.provider.is_null() ? QString() : short_address(QString::fromStdString(job.provider.str()));
    case PricePerSecondRole: return e.price_per_s;
    case PricePerHourRole: return e.price_per_h;
    case UrlsRole: return e.urls;
    case EscrowRole: return e.escrow;
    case SpentRole: return e.spent;
    case TimeLeftRole: return e.time_left;
    case LowEscrowRole: return e.low_escrow;
    case BillingRole: return job.billing;
    // The same states the ledger accepts a DepositEscrow, a CloseLease and an ExitLease in.
    case CanTopUpRole: return !job.is_final() && job.state != JobState::CloseLease;
    case CanCloseRole:
    case CanExitRole:
        return job.state == JobState::CreateLease || job.state == JobState::LeaseReady || job.state == JobState::DeploymentConfirmed ||
               job.state == JobState::UpdateLease;
    case CanUpdateRole: return job.state == JobState::DeploymentConfirmed;
    case ReplicasRole: return static_cast<int>(job.replicas);
    case MaxPricePerSecondRole: return format_price(job.max_price_per_s);
    case ActionMessageRole: return e.action_message;
    case ActionFailedRole: return e.action_failed;
    // Shown while the refused update is the lease's last word: a new update clears it on chain.
    case UpdateRefusalRole: return job.state == JobState::DeploymentConfirmed ? QString::fromStdString(job.update_refusal) : QString();
    default: return {};
    }
}

QVariantList LeaseListModel::timeline(const Job& job)
{
    // The path this job takes through the lifecycle: an order that never matched ends in
    // ORDER_CLOSED after lookup; a lease shows UPDATE_LEASE only while an update is pending,
    // and EXIT_COOLDOWN instead of CLOSE_LEASE when the provider ended it.
    std::vector<JobState> steps;
    if (job.state == JobState::OrderClosed) {
        steps = {JobState::ProviderLookup, JobState::OrderClosed};
    } else {
        steps = {JobState::ProviderLookup, JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed};
        if (job.state == JobState::UpdateLease) steps.push_back(JobState::UpdateLease);
        const bool exit = job.state == JobState::ExitCooldown || job.close_reason == CloseReason::ProviderExit;
        steps.push_back(exit ? JobState::ExitCooldown : JobState::CloseLease);
        steps.push_back(JobState::LeaseClosed);
    }
    std::size_t current = 0;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i] == job.state) current = i;
    QVariantList out;
    for (std::size_t i = 0; i < steps.size(); ++i)
        out.append(QVariantMap{{QStringLiteral("name"), name_of(steps[i])},
                               {QStringLiteral("status"), i < current    ? QStringLiteral("done")
                                                          : i == current ? QStringLiteral("current")
                                                                         : QStringLiteral("todo")}});
    return out;
}

bool LeaseListModel::update_live(Entry& e, std::uint64_t now_ms)
{
    const Job& job = e.row.job;
    // Core's lazy settlement rule applied at the tip's time: what settling now would move.
    const Amount accrued = Escrow::accrued(job, now_ms);
    QString escrow = format_usdc(job.escrow - accrued);
    QString spent = format_usdc(job.spent + accrued);
    QString time_left;
    bool low = false;
    if (const auto exhaustion = Escrow::exhaustion_ms(job); exhaustion && !job.is_final()) {
        const std::uint64_t left = *exhaustion > now_ms ? *exhaustion - now_ms : 0;
        time_left = *exhaustion == UINT64_MAX ? tr("practically never") : format_duration(left);
        low = left <= low_escrow_ms;
    }
    const bool changed = escrow != e.escrow || spent != e.spent || time_left != e.time_left || low != e.low_escrow;
    e.escrow = std::move(escrow);
    e.spent = std::move(spent);
    e.time_left = std::move(time_left);
    e.low_escrow = low;
    return changed;
}

LeaseListModel::Entry LeaseListModel::make_entry(const LeaseRow& row)
{
    Entry e;
    e.row = row;
    const Job& job = row.job;
    e.state = name_of(job.state);
    e.timeline = timeline(job);
    const std::string_view reason = close_reason_name(job.close_reason);
    e.close_reason = QString::fromLatin1(reason.data(), static_cast<qsizetype>(reason.size()));
    const bool priced = !job.provider.is_null() && job.price_per_s > 0;
    e.price_per_s = priced ? format_price(job.price_per_s) : QString();
    e.price_per_h = priced ? format_price_per_hour(job.price_per_s) : QString();
    for (const std::string& url : job.access.urls) e.urls.append(QString::fromStdString(url));
    return e;
}

void LeaseListModel::reindex()
{
    m_index.clear();
    for (std::size_t i = 0; i < m_entries.size(); ++i) m_index.insert(QString::number(m_entries[i].row.job.id), static_cast<int>(i));
}

void LeaseListModel::load(const std::vector<LeaseRow>& rows, std::uint64_t now_ms)
{
    beginResetModel();
    m_now_ms = now_ms;
    m_entries.clear();
    m_entries.reserve(rows.size());
    // Newest first: the snapshot lists jobs by ascending id.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        m_entries.push_back(make_entry(*it));
        update_live(m_entries.back(), now_ms);
    }
    reindex();
    endResetModel();
    Q_EMIT countChanged();
    if (!m_loaded) {
        m_loaded = true;
        Q_EMIT loadedChanged();
    }
}

void LeaseListModel::apply(const std::vector<LeaseRow>& changed, std::uint64_t now_ms)
{
    m_now_ms = now_ms;
    std::vector<bool> refreshed(m_entries.size(), false);
    bool inserted = false;
    for (const LeaseRow& row : changed) {
        const int existing = row_of(QString::number(row.job.id));
        if (existing >= 0) {
            Entry& e = m_entries[static_cast<std::size_t>(existing)];
            Entry fresh = make_entry(row);
            fresh.action_message = e.action_message;
            fresh.action_failed = e.action_failed;
            e = std::move(fresh);
            update_live(e, now_ms);
            refreshed[static_cast<std::size_t>(existing)] = true;
            const QModelIndex at = index(existing);
            Q_EMIT dataChanged(at, at);
        } else {
            beginInsertRows(QModelIndex(), 0, 0);
            m_entries.insert(m_entries.begin(), make_entry(row));
            update_live(m_entries.front(), now_ms);
            refreshed.insert(refreshed.begin(), true);
            reindex();
            endInsertRows();
            inserted = true;
        }
    }
    // Leases the block did not touch still accrue: only their live values change.
    static const QList<int> live_roles{EscrowRole, SpentRole, TimeLeftRole, LowEscrowRole};
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (refreshed[i] || !m_entries[i].row.job.billing) continue;
        if (update_live(m_entries[i], now_ms)) {
            const QModelIndex at = index(static_cast<int>(i));
            Q_EMIT dataChanged(at, at, live_roles);
        }
    }
    if (inserted) Q_EMIT countChanged();
}

std::pair<Amount, Amount> LeaseListModel::totals(std::uint64_t now_ms) const
{
    Amount escrow = 0;
    Amount spent = 0;
    for (const Entry& e : m_entries) {
        const Amount accrued = Escrow::accrued(e.row.job, now_ms);
        escrow += e.row.job.escrow - accrued;
        spent += e.row.job.spent + accrued;
    }
    return {escrow, spent};
}

void LeaseListModel::set_action_result(const QString& lease_id, const QString& message, bool failed)
{
    const int row = row_of(lease_id);
    if (row < 0) return;
    Entry& e = m_entries[static_cast<std::size_t>(row)];
    e.action_message = message;
    e.action_failed = failed;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {ActionMessageRole, ActionFailedRole});
}

} // namespace berth::gui
