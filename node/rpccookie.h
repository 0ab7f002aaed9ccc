#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace berth {

/**
 * The RPC's cookie-file credential, as Bitcoin Core's: at start the node writes a fresh random
 * secret to DATADIR/rpc.cookie (mode 0600, written whole and then renamed into place) and
 * removes it at a clean stop. State-changing routes require it, so only who can read the data
 * directory (the node's own user: berth-cli, the GUI) can act through the RPC, never a web
 * page or another local user. The file holds "__cookie__:SECRET"; a request carries the secret
 * as "Authorization: Bearer SECRET" or as Basic credentials of the user "__cookie__".
 */
class RpcCookie
{
public:
    static constexpr const char* file_name = "rpc.cookie";
    static constexpr const char* user = "__cookie__";

    /** Writes a fresh secret into `datadir`; throws std::runtime_error naming the file when it cannot. */
    explicit RpcCookie(const QString& datadir);
    /** Removes the file, unless another node has since written its own. */
    ~RpcCookie();
    RpcCookie(const RpcCookie&) = delete;
    RpcCookie& operator=(const RpcCookie&) = delete;

    const QString& path() const { return m_path; }
    const QByteArray& secret() const { return m_secret; }
    /** Whether an Authorization header value carries this secret (compared in constant time). */
    bool accepts(const QByteArray& authorization) const;

    /** DATADIR/rpc.cookie. */
    static QString path_in(const QString& datadir);
    /** The secret in a cookie file, or nullopt when the file is missing, unreadable or not a cookie. */
    static std::optional<QByteArray> read(const QString& path);
    /** The Authorization header value that presents `secret`. */
    static QByteArray authorization(const QByteArray& secret) { return "Bearer " + secret; }

private:
    QString m_path;
    QByteArray m_secret;
};

} // namespace berth
