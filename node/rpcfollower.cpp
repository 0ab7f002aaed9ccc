#include "rpcfollower.h"

#include "logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>

namespace berth {

RpcFollower::RpcFollower(QUrl producer, std::uint64_t block_ms, QObject* parent)
    : Ordering(parent), m_producer(std::move(producer)), m_network(new QNetworkAccessManager(this))
{
    m_timer.setInterval(static_cast<int>(std::max<std::uint64_t>(block_ms / 2, 50)));
    connect(&m_timer, &QTimer::timeout, this, &RpcFollower::poll);
}

void RpcFollower::start(const BlockHeader& tip)
{
    m_height = tip.height;
    m_timer.start();
}

void RpcFollower::stop()
{
    m_timer.stop();
}

OrderingInfo RpcFollower::info() const
{
    return OrderingInfo{QStringLiteral("follower"), {}, {m_producer.toString()}, false, m_reachable, m_height};
}

void RpcFollower::poll()
{
    if (m_in_flight) return;
    m_in_flight = true;
    const QUrl url = m_producer.resolved(QUrl(QStringLiteral("/blocks/%1/raw").arg(m_height + 1)));
    QNetworkReply* reply = m_network->get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_in_flight = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            m_reachable = true;
            const std::uint64_t before = m_height;
            Q_EMIT blockArrived(reply->readAll());
            // The node committed it (committed() moved the height): fetch the next one at once.
            if (m_height > before && m_timer.isActive()) QTimer::singleShot(0, this, &RpcFollower::poll);
        } else if (status != 404) {
            m_reachable = false;
            qCWarning(lcNode) << "cannot reach the producer:" << reply->errorString();
        }
    });
}

} // namespace berth
