#pragma once

#include <address.h>
#include <event.h>
#include <hash.h>
#include <job.h>
#include <privatekey.h>

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

class QNetworkReply;

namespace berth {

class Node;
struct BlockHeader;

/**
 * An auditor's agent running inside the node (docs/design.md, "Monitoring and slashing"): it
 * keeps the set of running deployments from each committed block's events, probes every
 * access URL of those the chain lets it report on (fault_reports_open_ms: job_startup_s after
 * the access details were posted, and an update's deadline) with an HTTP GET on a timer, asks
 * each URL's origin for the lease-bound health answer with a fresh challenge (lease_health), and
 * turns a failure that persists into a ReportFault signed with the auditor's key: the last
 * `failures_to_report` probes all failed, over at least `failure_persist_ms` of block time, so
 * that a provider restarting its workloads at the same addresses is not reported for the
 * moment they were down. Probes are asynchronous, so the node's thread never waits on a
 * provider's endpoint; the chain decides the quorum and the slash.
 */
class AuditorAgent : public QObject
{
    Q_OBJECT

public:
    AuditorAgent(Node& node, QString name, PrivateKey key);
    ~AuditorAgent() override;

    /** How often the due jobs are probed; 2000 ms unless set. */
    void set_probe_interval_ms(int ms);
    /** A GET that transfers nothing for this long fails the probe; 2000 ms unless set. */
    void set_probe_timeout_ms(int ms) { m_probe_timeout_ms = ms; }

    /** Consecutive failed probes before a report. */
    static constexpr int failures_to_report = 3;
    /** Block time from the first of them to the report, at least. */
    static constexpr std::uint64_t failure_persist_ms = 5000;

    /** Whether the job's deployment is currently monitored. */
    bool watches(JobId job) const { return m_watches.count(job) != 0; }
    std::size_t watched_count() const { return m_watches.size(); }

Q_SIGNALS:
    /** A fault report entered the node's mempool; `tx` is its id. */
    void faultReportSubmitted(berth::JobId job, const berth::Hash256& tx, const QString& reason);

private:
    struct Watch {
        /** Block time of this auditor's last report on the job (its submission time until included). */
        std::optional<std::uint64_t> reported_at_ms;
        std::optional<Hash256> pending_tx;
        /** Identifies the probe in flight (0: none), so late replies of a cancelled one are ignored. */
        std::uint64_t probe_id = 0;
        int replies_left = 0;
        /** The probe's first failure of a URL on chain, and of a lease-bound health answer; the first is the one reported. */
        QString failure;
        QString challenge_failure;
        /** Probes failed in a row, and the block time of the first of them. */
        int failed_probes = 0;
        std::uint64_t failing_since_ms = 0;
        std::vector<QPointer<QNetworkReply>> replies;
    };

    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void watch(const Job& job);
    void forget(JobId job);
    void cancel_probe(Watch& watch);
    void check_pending(Watch& watch, JobId job, const BlockHeader& header);
    bool reported_recently(const Watch& watch) const;
    void probe_due_jobs();
    void start_probe(JobId job, Watch& watch, const std::vector<QUrl>& urls);
    void on_reply(JobId job, std::uint64_t probe_id, QNetworkReply* reply, const QByteArray& challenge);
    void report(JobId job, Watch& watch, const QString& reason);

    Node& m_node;
    QString m_name;
    PrivateKey m_key;
    Address m_address;
    int m_probe_timeout_ms = 2000;
    std::uint64_t m_next_probe_id = 1;
    std::map<JobId, Watch> m_watches;
    QNetworkAccessManager m_network;
    /** Challenges on their own connections: one reused from a URL probe would reach the workload, not its front. */
    QNetworkAccessManager m_challenge_network;
    QTimer m_timer;
};

} // namespace berth
