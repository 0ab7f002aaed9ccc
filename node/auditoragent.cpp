#include "auditoragent.h"

#include "leasehealth.h"
#include "logging.h"
#include "node.h"
#include "qtbytes.h"

#include <fieldlimits.h>
#include <transaction.h>
#include <txerror.h>

#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <set>

namespace berth {

namespace {

/** Reports stay well inside the chain's limit; the url and the error are what matter. */
constexpr std::size_t max_reason_bytes = std::min<std::size_t>(200, limits::reason);
/** A lease-bound health answer is a few dozen bytes; a provider cannot make an auditor hold more. */
constexpr qint64 max_challenge_answer_bytes = 4096;
constexpr char oversized_property[] = "berth_oversized";

/** The states in which the chain accepts a fault report, given a confirmed, billing deployment. */
bool monitored(const Job& job)
{
    return job.billing &&
           (job.state == JobState::DeploymentConfirmed || job.state == JobState::UpdateLease || job.state == JobState::ExitCooldown);
}

/** Only web endpoints can be probed with a GET; other schemes (a raw TCP port, ipfs) are not judged. */
bool probeable(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"));
}

} // namespace

AuditorAgent::AuditorAgent(Node& node, QString name, PrivateKey key)
    : m_node(node), m_name(std::move(name)), m_key(std::move(key)), m_address(Address::of(m_key.public_key()))
{
    // The only full scan: afterwards the set follows the events, so a block costs nothing per live job.
    m_node.ledger().state().jobs.for_each([this](JobId, const Job& job) {
        if (monitored(job)) watch(job);
    });
    connect(&m_node, &Node::blockCommitted, this, &AuditorAgent::on_block);
    connect(&m_timer, &QTimer::timeout, this, &AuditorAgent::probe_due_jobs);
    m_timer.start(2000);
}

AuditorAgent::~AuditorAgent()
{
    // m_network and its replies are destroyed before QObject's teardown drops the connections
    // to this agent; a reply finishing then must not reach a half-destroyed agent.
    m_timer.stop();
    for (auto& [id, watch] : m_watches) cancel_probe(watch);
}

void AuditorAgent::set_probe_interval_ms(int ms)
{
    m_timer.setInterval(std::max(ms, 1));
}

bool AuditorAgent::reported_recently(const Watch& watch) const
{
    if (!watch.reported_at_ms) return false;
    // The chain forgets a report once it is older than the window; a report included in any
    // later block than the tip then counts afresh.
    return m_node.tip().timestamp_ms < *watch.reported_at_ms + m_node.ledger().params().fault_window_s * 1000;
}

void AuditorAgent::watch(const Job& job)
{
    auto [it, added] = m_watches.try_emplace(job.id);
    Watch& w = it->second;
    if (added) {
        // A restarted agent may have reported already; the chain remembers it in the job.
        for (const FaultReport& f : job.faults)
            if (f.auditor == m_address) w.reported_at_ms = std::max(w.reported_at_ms.value_or(0), f.time_ms);
    } else {
        // The access details may have changed; a probe of the old ones proves nothing.
        cancel_probe(w);
        w.failed_probes = 0;
    }
}

void AuditorAgent::forget(JobId job)
{
    auto it = m_watches.find(job);
    if (it == m_watches.end()) return;
    cancel_probe(it->second);
    m_watches.erase(it);
}

void AuditorAgent::cancel_probe(Watch& watch)
{
    watch.probe_id = 0;
    watch.replies_left = 0;
    watch.failure.clear();
    // Moved out first: abort() emits finished() synchronously, and the handler must find no probe.
    const std::vector<QPointer<QNetworkReply>> replies = std::move(watch.replies);
    watch.replies.clear();
    for (const QPointer<QNetworkReply>& reply : replies) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void AuditorAgent::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    // Before the events: a report refused in this block is still worth a warning when the
    // same block ends the monitoring (another auditor's report reached the quorum first).
    for (auto& [id, watch] : m_watches)
        if (watch.pending_tx) check_pending(watch, id, header);
    const State& state = m_node.ledger().state();
    for (const Event& e : events) {
        switch (e.name) {
        case EventName::DeploymentConfirmed:
        case EventName::LeaseUpdated:
        case EventName::AccessRestored:
            if (const Job* job = state.jobs.find(e.job); job && monitored(*job)) watch(*job);
            break;
        case EventName::LeaseClosed:
        case EventName::JobReassigned:
        case EventName::Slashed: forget(e.job); break;
        default:
            // Any other step of a watched job (a user's close, an order closing) may end the
            // monitoring too; the job's state after the block says so.
            if (e.job != 0 && watches(e.job)) {
                const Job* job = state.jobs.find(e.job);
                if (!job || !monitored(*job)) forget(e.job);
            }
            break;
        }
    }
}

void AuditorAgent::check_pending(Watch& watch, JobId job, const BlockHeader& header)
{
    const TxStatus status = m_node.status(*watch.pending_tx);
    switch (status.kind) {
    case TxStatus::Kind::Included:
        if (status.height == header.height) watch.reported_at_ms = header.timestamp_ms;
        watch.pending_tx.reset();
        break;
    case TxStatus::Kind::Rejected:
        qCWarning(lcAgent).noquote() << m_name << "report on lease" << job << "refused:" << QString::fromStdString(status.code)
                                     << QString::fromStdString(status.message);
        watch.pending_tx.reset();
        // The chain already holds a report of ours in this window; anything else may be retried.
        if (status.code != error_code_name(ErrorCode::AlreadyExists)) watch.reported_at_ms.reset();
        break;
    case TxStatus::Kind::Pending:
    case TxStatus::Kind::Unknown: break;
    }
}

void AuditorAgent::probe_due_jobs()
{
    const State& state = m_node.ledger().state();
    const std::uint64_t now_ms = m_node.tip().timestamp_ms;
    const Params& params = m_node.ledger().params();
    std::vector<JobId> gone;
    for (auto& [id, watch] : m_watches) {
        if (watch.probe_id != 0 || reported_recently(watch)) continue;
        const Job* job = state.jobs.find(id);
        if (!job || !monitored(*job)) {
            gone.push_back(id);
            continue;
        }
        // Block time, not the wall clock: the chain refuses a report before this with TooEarly.
        if (now_ms < fault_reports_open_ms(*job, params)) continue;
        std::vector<QUrl> urls;
        for (const std::string& text : job->access.urls) {
            QUrl url(QString::fromStdString(text), QUrl::StrictMode);
            if (probeable(url)) urls.push_back(std::move(url));
        }
        if (!urls.empty()) start_probe(id, watch, urls);
    }
    for (JobId id : gone) forget(id);
}

void AuditorAgent::start_probe(JobId job, Watch& watch, const std::vector<QUrl>& urls)
{
    const std::uint64_t probe_id = m_next_probe_id++;
    watch.probe_id = probe_id;
    watch.failure.clear();
    watch.challenge_failure.clear();
    std::vector<std::pair<QUrl, QByteArray>> gets;
    std::set<QString> origins;
    for (const QUrl& url : urls) {
        gets.emplace_back(url, QByteArray());
        // Every origin must answer for this lease, so no URL can point at some other page that is always up.
        if (origins.insert(url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString()).second) {
            const QByteArray challenge = lease_health::new_challenge();
            gets.emplace_back(lease_health::challenge_url(url, challenge), challenge);
        }
    }
    watch.replies_left = static_cast<int>(gets.size());
    for (const auto& [url, challenge] : gets) {
        QNetworkRequest request(url);
        request.setTransferTimeout(m_probe_timeout_ms);
        // A cached answer would not show that the endpoint is up now.
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        QNetworkReply* reply = (challenge.isEmpty() ? m_network : m_challenge_network).get(request);
        watch.replies.emplace_back(reply);
        if (!challenge.isEmpty()) {
            connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
                if (received <= max_challenge_answer_bytes) return;
                reply->setProperty(oversized_property, true);
                reply->abort();
            });
        }
        connect(reply, &QNetworkReply::finished, this, [this, job, probe_id, reply, challenge] { on_reply(job, probe_id, reply, challenge); });
    }
}

void AuditorAgent::on_reply(JobId job, std::uint64_t probe_id, QNetworkReply* reply, const QByteArray& challenge)
{
    reply->deleteLater();
    auto it = m_watches.find(job);
    if (it == m_watches.end() || it->second.probe_id != probe_id) return;
    Watch& watch = it->second;
    std::erase_if(watch.replies, [reply](const QPointer<QNetworkReply>& r) { return !r || r == reply; });

    const QString url = reply->request().url().toString(QUrl::RemovePassword);
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    QString failure;
    if (reply->property(oversized_property).toBool()) {
        failure = QStringLiteral("GET %1 answered more than %2 bytes").arg(url).arg(max_challenge_answer_bytes);
    } else if (status.isValid() && (status.toInt() < 200 || status.toInt() > 299)) {
        failure = QStringLiteral("GET %1 answered HTTP %2").arg(url).arg(status.toInt());
    } else if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
        // Our own cancellations never get here (the probe id changed), so this is the transfer timeout.
        failure = QStringLiteral("GET %1 timed out after %2 ms").arg(url).arg(m_probe_timeout_ms);
    } else if (reply->error() != QNetworkReply::NoError) {
        QString error = reply->errorString();
        if (!error.isEmpty()) error[0] = error[0].toLower();
        failure = QStringLiteral("GET %1 %2").arg(url, error);
    } else if (!status.isValid()) {
        failure = QStringLiteral("GET %1 got no HTTP status").arg(url);
    } else if (!challenge.isEmpty()) {
        if (const QString problem = lease_health::problem(reply->read(max_challenge_answer_bytes), job, challenge); !problem.isEmpty())
            failure = QStringLiteral("GET %1 %2").arg(url, problem);
    }
    QString& first = challenge.isEmpty() ? watch.failure : watch.challenge_failure;
    if (first.isEmpty()) first = failure;

    if (--watch.replies_left > 0) return;
    const QString verdict = watch.failure.isEmpty() ? watch.challenge_failure : watch.failure;
    watch.probe_id = 0;
    watch.failure.clear();
    watch.challenge_failure.clear();
    watch.replies.clear();
    if (verdict.isEmpty()) {
        watch.failed_probes = 0;
        return;
    }
    const std::uint64_t now_ms = m_node.tip().timestamp_ms;
    if (watch.failed_probes++ == 0) watch.failing_since_ms = now_ms;
    // One failed probe is a moment; a fault is a failure that lasts.
    if (watch.failed_probes >= failures_to_report && now_ms >= watch.failing_since_ms + failure_persist_ms) {
        watch.failed_probes = 0;
        report(job, watch, verdict);
    }
}

void AuditorAgent::report(JobId job, Watch& watch, const QString& reason)
{
    const std::string text = clip_utf8(reason, max_reason_bytes);
    const std::uint64_t nonce = m_node.next_nonce(m_address);
    const Transaction t = Transaction::make(m_node.ledger().params().chain_id, m_key, nonce, tx::ReportFault{job, text});
    if (auto rejection = m_node.submit(t)) {
        qCWarning(lcAgent).noquote() << m_name << "report on lease" << job << "refused:" << QString::fromStdString(rejection->code)
                                     << QString::fromStdString(rejection->message);
        return;
    }
    const QString shown = QString::fromStdString(text);
    qCInfo(lcAgent).noquote() << QStringLiteral("%1 reports lease %2: %3").arg(m_name).arg(job).arg(shown);
    // Counted from submission until the block that includes it says when it was.
    watch.reported_at_ms = m_node.tip().timestamp_ms;
    watch.pending_tx = t.id();
    Q_EMIT faultReportSubmitted(job, t.id(), shown);
}

} // namespace berth
