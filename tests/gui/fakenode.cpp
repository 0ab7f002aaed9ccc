#include "fakenode.h"

namespace berth::test {

using gui::NodeAction;

void FakeNode::submit_transaction(const QByteArray& encoded)
{
    record(Request{QStringLiteral("submit"), NodeAction::Transaction, 0, std::nullopt, std::nullopt, QString(), QString(),
                   QString::fromLatin1(encoded.toHex())});
}

void FakeNode::send_as_identity(NodeAction action, JobId lease, const tx::Payload& payload)
{
    record(Request{QStringLiteral("send"), action, lease, payload, std::nullopt, QString(), QString(), QString()});
}

void FakeNode::place_order(const gui::OrderRequest& request)
{
    record(Request{QStringLiteral("order"), NodeAction::PlaceOrder, 0, std::nullopt, request, QString(), QString(), QString()});
}

void FakeNode::publish_certificate()
{
    record(
        Request{QStringLiteral("certificate"), NodeAction::PublishCertificate, 0, std::nullopt, std::nullopt, QString(), QString(), QString()});
}

void FakeNode::switch_identity(const QString& name, const QString& passphrase)
{
    record(Request{QStringLiteral("switch"), NodeAction::SwitchIdentity, 0, std::nullopt, std::nullopt, name, passphrase, QString()});
}

void FakeNode::create_account(const QString& name, const QString& passphrase)
{
    record(Request{QStringLiteral("create"), NodeAction::CreateAccount, 0, std::nullopt, std::nullopt, name, passphrase, QString()});
}

void FakeNode::import_account(const QString& name, const QString& path)
{
    record(Request{QStringLiteral("import"), NodeAction::ImportAccount, 0, std::nullopt, std::nullopt, name, QString(), path});
}

void FakeNode::export_account(const QString& name, const QString& path)
{
    record(Request{QStringLiteral("export"), NodeAction::ExportAccount, 0, std::nullopt, std::nullopt, name, QString(), path});
}

void FakeNode::open_logs(JobId lease)
{
    record(Request{QStringLiteral("logs"), NodeAction::Transaction, lease, std::nullopt, std::nullopt, QString(), QString(), QString()});
}

void FakeNode::close_logs()
{
    record(Request{QStringLiteral("close logs"), NodeAction::Transaction, 0, std::nullopt, std::nullopt, QString(), QString(), QString()});
}

FakeNode::Request FakeNode::take()
{
    if (m_taken >= m_requests.size()) return Request{};
    return m_requests[m_taken++];
}

void FakeNode::deliver(const gui::NodeSnapshot& snapshot)
{
    m_running = true;
    Q_EMIT started(snapshot);
}

void FakeNode::fail(const QString& message)
{
    m_running = false;
    Q_EMIT failed(message);
}

} // namespace berth::test
