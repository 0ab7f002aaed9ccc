#pragma once

#include <nodeclient.h>

#include <QString>

#include <optional>
#include <vector>

namespace berth::test {

/**
 * A NodeClient for the view-model tests: it records every request the GUI sends and replays
 * whatever a test hands it (a recorded snapshot, a block's delta, an outcome) as the real node's
 * signals, synchronously, so that a test can check each model's answer without a node, a
 * thread or a timed wait.
 */
class FakeNode final : public gui::NodeClient
{
    Q_OBJECT

public:
    /** One request as the GUI sent it; only the fields of its kind are set. */
    struct Request {
        QString kind;
        gui::NodeAction action = gui::NodeAction::Transaction;
        JobId lease = 0;
        std::optional<tx::Payload> payload;
        std::optional<gui::OrderRequest> order;
        QString name;
        QString secret;
        QString path;
    };

    void start() override { ++m_starts; }
    void stop() override { m_running = false; }
    bool is_running() const override { return m_running; }
    QThread* node_thread() const override { return nullptr; }

    void submit_transaction(const QByteArray& encoded) override;
    void send_as_identity(gui::NodeAction action, JobId lease, const tx::Payload& payload) override;
    void place_order(const gui::OrderRequest& request) override;
    void publish_certificate() override;
    void switch_identity(const QString& name, const QString& passphrase) override;
    void create_account(const QString& name, const QString& passphrase) override;
    void import_account(const QString& name, const QString& path) override;
    void export_account(const QString& name, const QString& path) override;
    void open_logs(JobId lease) override;
    void close_logs() override;

    int starts() const { return m_starts; }
    const std::vector<Request>& requests() const { return m_requests; }
    /** The oldest request not yet taken; fails the test's QCOMPARE when there is none (kind is empty). */
    Request take();

    /** The node has started with `snapshot`. */
    void deliver(const gui::NodeSnapshot& snapshot);
    void deliver(const gui::ProviderChunk& chunk) { Q_EMIT providersLoaded(chunk); }
    void deliver(const gui::BlockDelta& delta) { Q_EMIT blockApplied(delta); }
    void answer(const gui::ActionOutcome& outcome) { Q_EMIT actionFinished(outcome); }
    /** The node stopped with `message`. */
    void fail(const QString& message);

private:
    void record(Request request) { m_requests.push_back(std::move(request)); }

    bool m_running = false;
    int m_starts = 0;
    std::vector<Request> m_requests;
    std::size_t m_taken = 0;
};

} // namespace berth::test
