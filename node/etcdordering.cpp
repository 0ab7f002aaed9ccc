#include "etcdordering.h"

#include "logging.h"
#include "qtbytes.h"

#include <decoder.h>

#include <QJsonArray>

#include <algorithm>

namespace berth {

namespace {

/** Blocks read in one poll: enough to catch up quickly, small enough to keep answers short. */
constexpr qint64 blocks_per_poll = 64;
/** Pool transactions a leader reads for one block. */
constexpr qint64 pool_per_turn = 5000;

QByteArray pool_key_prefix(const std::string& chain_id)
{
    return QByteArray("/berth/") + QByteArray::fromStdString(chain_id) + "/pool/";
}

} // namespace

EtcdOrdering::EtcdOrdering(Options options, QObject* parent)
    : Ordering(parent), m_options(std::move(options)), m_client(m_options.endpoints, m_options.tls)
{
    if (m_options.producer) m_me = QByteArray::fromStdString(m_options.producer->hex());
    const int block_ms = static_cast<int>(m_options.block_ms);
    m_poll_timer.setInterval(std::max(block_ms / 4, 25));
    m_turn_timer.setInterval(block_ms);
    m_turn_timer.setTimerType(Qt::PreciseTimer);
    m_keep_alive_timer.setInterval(static_cast<int>(std::max<qint64>(m_options.leader_ttl_s * 1000 / 3, 200)));
    m_members_timer.setInterval(10000);
    m_client.set_timeout_ms(std::max(2000, block_ms * 2));
    connect(&m_poll_timer, &QTimer::timeout, this, &EtcdOrdering::poll);
    connect(&m_turn_timer, &QTimer::timeout, this, &EtcdOrdering::take_turn);
    connect(&m_keep_alive_timer, &QTimer::timeout, this, &EtcdOrdering::keep_alive);
    connect(&m_members_timer, &QTimer::timeout, this, &EtcdOrdering::refresh_members);
}

EtcdOrdering::~EtcdOrdering()
{
    stop();
}

QByteArray EtcdOrdering::key(const char* suffix) const
{
    return QByteArray("/berth/") + QByteArray::fromStdString(m_options.chain_id) + "/" + suffix;
}

QByteArray EtcdOrdering::block_key(const std::string& chain_id, std::uint64_t height)
{
    // Zero-padded so that etcd's byte order is height order.
    return QByteArray("/berth/") + QByteArray::fromStdString(chain_id) + "/blocks/" +
           QByteArray::number(static_cast<qulonglong>(height)).rightJustified(20, '0');
}

void EtcdOrdering::start(const BlockHeader& tip)
{
    m_stopped = false;
    m_height = tip.height;
    m_known_height = std::max(m_known_height, tip.height);
    m_poll_timer.start();
    m_members_timer.start();
    refresh_members();
    if (m_options.producer) m_turn_timer.start();
    poll();
}

void EtcdOrdering::stop()
{
    if (m_stopped) return;
    m_stopped = true;
    m_poll_timer.stop();
    m_turn_timer.stop();
    m_keep_alive_timer.stop();
    m_members_timer.stop();
    // Hand the turn over at once rather than when the lease runs out.
    if (m_lease != 0) m_client.revoke_lease(m_lease, [](const EtcdResult&) {});
    m_lease = 0;
    m_leading = false;
}

void EtcdOrdering::forward(const Transaction& tx)
{
    const QByteArray id = QByteArray::fromStdString(tx.id().hex());
    m_client.put(pool_key_prefix(m_options.chain_id) + id, to_qbytearray(tx.encode()), 0, [id](const EtcdResult& r) {
        if (!r.ok()) qCWarning(lcNode).noquote() << "cannot hand transaction" << id << "to the ordering:" << r.error;
    });
}

void EtcdOrdering::committed(const BlockHeader& header)
{
    m_height = header.height;
    m_known_height = std::max(m_known_height, header.height);
}

OrderingInfo EtcdOrdering::info() const
{
    return OrderingInfo{QStringLiteral("etcd"), m_leader, m_members, m_leading, m_caught_up && m_height >= m_known_height, m_known_height};
}

void EtcdOrdering::refresh_members()
{
    m_client.members([this](const EtcdResult& r) {
        if (!r.ok()) return;
        QStringList members;
        for (const QJsonValue& v : r.body.value(QStringLiteral("members")).toArray()) {
            const QJsonObject m = v.toObject();
            const QStringList urls = m.value(QStringLiteral("clientURLs")).toVariant().toStringList();
            members << QStringLiteral("%1 %2").arg(m.value(QStringLiteral("name")).toString(), urls.join(QLatin1Char(',')));
        }
        m_members = members;
    });
}

void EtcdOrdering::poll()
{
    if (m_stopped || m_polling) return;
    m_polling = true;
    const QByteArray from = block_key(m_options.chain_id, m_height + 1);
    m_client.range(from, EtcdClient::prefix_end(key("blocks/")), blocks_per_poll, [this](const EtcdResult& r) {
        m_polling = false;
        if (m_stopped) return;
        if (!r.ok()) {
            if (r.error != m_last_error) qCWarning(lcNode).noquote() << "cannot read blocks from etcd:" << r.error;
            m_last_error = r.error;
            m_caught_up = false;
            return;
        }
        m_last_error.clear();
        const std::vector<EtcdKeyValue> kvs = r.kvs();
        const qint64 total = r.body.value(QStringLiteral("count")).toString().toLongLong();
        const qsizetype prefix = key("blocks/").size();
        for (const EtcdKeyValue& kv : kvs) {
            const std::uint64_t height = kv.key.mid(prefix).toULongLong();
            const std::uint64_t before = m_height;
            m_known_height = std::max(m_known_height, height);
            // This node's own block, written and committed while the read was under way.
            if (height <= before) continue;
            if (height != before + 1) return;
            Q_EMIT blockArrived(kv.value);
            // The node refused it and stopped, or is busy with a proposal of its own: read it again later.
            if (m_stopped || m_height == before) return;
        }
        m_caught_up = total <= static_cast<qint64>(kvs.size());
        if (!m_caught_up) QTimer::singleShot(0, this, &EtcdOrdering::poll);
    });
    m_client.range(key("leader"), {}, 0, [this](const EtcdResult& r) {
        if (!r.ok()) return;
        const auto kvs = r.kvs();
        m_leader = kvs.empty() ? QString() : QString::fromLatin1(kvs.front().value);
        if (m_leading && m_leader.toLatin1() != m_me) lose_leadership(QStringLiteral("another producer holds the leader key"));
        if (!m_leading && m_options.producer && kvs.empty()) campaign();
    });
}

void EtcdOrdering::campaign()
{
    if (m_campaigning || m_stopped) return;
    m_campaigning = true;
    auto try_key = [this] {
        m_client.txn(QJsonArray{EtcdClient::absent(key("leader"))}, QJsonArray{EtcdClient::put_op(key("leader"), m_me, m_lease)}, {},
                     [this](const EtcdResult& r) {
                         m_campaigning = false;
                         if (m_stopped || !r.ok() || !r.succeeded()) return;
                         m_leading = true;
                         m_leader = QString::fromLatin1(m_me);
                         m_keep_alive_timer.start();
                         qCInfo(lcNode).noquote() << "this node now produces the network's blocks (etcd leader key taken)";
                     });
    };
    if (m_lease != 0) {
        try_key();
        return;
    }
    m_client.grant_lease(m_options.leader_ttl_s, [this, try_key](const EtcdResult& r) {
        if (m_stopped || !r.ok()) {
            m_campaigning = false;
            return;
        }
        m_lease = r.body.value(QStringLiteral("ID")).toString().toLongLong();
        try_key();
    });
}

void EtcdOrdering::keep_alive()
{
    if (m_lease == 0) return;
    m_client.keep_alive(m_lease, [this](const EtcdResult& r) {
        if (m_stopped) return;
        // An expired lease answers with no TTL: the leader key is gone with it.
        if (!r.ok() || r.body.value(QStringLiteral("TTL")).toString().toLongLong() <= 0)
            lose_leadership(r.ok() ? QStringLiteral("its etcd lease expired") : r.error);
    });
}

void EtcdOrdering::lose_leadership(const QString& why)
{
    if (!m_leading && m_lease == 0) return;
    if (m_leading) qCWarning(lcNode).noquote() << "this node no longer produces blocks:" << why;
    m_leading = false;
    m_lease = 0;
    m_keep_alive_timer.stop();
}

void EtcdOrdering::take_turn()
{
    // Only a leader that has applied every block it knows of builds on the tip.
    if (m_stopped || !m_leading || m_proposing || m_taking_turn || !m_caught_up || m_height < m_known_height) return;
    m_taking_turn = true;
    const QByteArray prefix = pool_key_prefix(m_options.chain_id);
    m_client.range(prefix, EtcdClient::prefix_end(prefix), pool_per_turn, [this](const EtcdResult& r) {
        m_taking_turn = false;
        if (m_stopped || !m_leading || m_proposing) return;
        std::vector<Transaction> pool;
        if (r.ok()) {
            for (const EtcdKeyValue& kv : r.kvs()) {
                try {
                    pool.push_back(Transaction::decode(as_byte_view(kv.value)));
                } catch (const DecodeError&) {
                    // Not ours to judge further: the node's own checks would refuse it anyway.
                }
            }
        }
        m_proposing = true;
        Q_EMIT turn(pool);
        // The node answers with propose() or, when it has nothing to build, leaves the flag to us.
        if (m_proposing && !m_awaiting_proposal) m_proposing = false;
    });
}

void EtcdOrdering::propose(const Block& block, const std::vector<Hash256>& settled)
{
    m_awaiting_proposal = true;
    const QByteArray at = block_key(m_options.chain_id, block.header.height);
    m_client.txn(QJsonArray{EtcdClient::absent(at), EtcdClient::holds(key("leader"), m_me)},
                 QJsonArray{EtcdClient::put_op(at, to_qbytearray(block.encode()))}, {},
                 [this, settled, height = block.header.height](const EtcdResult& r) {
                     m_awaiting_proposal = false;
                     m_proposing = false;
                     if (m_stopped) return;
                     if (r.ok() && r.succeeded()) {
                         clear_pool(settled);
                         Q_EMIT proposalDecided(true, {});
                         return;
                     }
                     const QString why =
                         r.ok() ? QStringLiteral("block %1 exists already or this node lost the leader key").arg(height) : r.error;
                     if (r.ok()) lose_leadership(why);
                     Q_EMIT proposalDecided(false, why);
                 });
}

void EtcdOrdering::clear_pool(const std::vector<Hash256>& settled)
{
    // etcd's default --max-txn-ops is 128.
    constexpr std::size_t per_txn = 100;
    const QByteArray prefix = pool_key_prefix(m_options.chain_id);
    for (std::size_t from = 0; from < settled.size(); from += per_txn) {
        QJsonArray deletes;
        for (std::size_t i = from; i < std::min(settled.size(), from + per_txn); ++i)
            deletes.append(EtcdClient::delete_op(prefix + QByteArray::fromStdString(settled[i].hex())));
        m_client.txn({}, deletes, {}, [](const EtcdResult& r) {
            // A leftover entry is harmless: the next leader finds its nonce used and settles it again.
            if (!r.ok()) qCWarning(lcNode).noquote() << "cannot clear the transaction pool in etcd:" << r.error;
        });
    }
}

} // namespace berth
