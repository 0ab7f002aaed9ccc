#pragma once

#include "opensslhandles.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>

#include <memory>
#include <vector>

namespace berth {

class TlsIdentity;

/**
 * One OpenSSL context for many mTLS connections: made once from a TLS identity (the
 * certificate and key it presents) and the only certificates it trusts (the pinned provider's
 * for a client, the lease owners' for a server), then used for every connection with SSL_new.
 * Qt builds a new SSL_CTX for each QSslSocket, and under OpenSSL 3 that is most of the cost of
 * a handshake; this is what ManifestClient and ManifestServer use instead. Both sides demand
 * TLS 1.2 or later and a verified peer certificate; neither resumes sessions, so every
 * connection is checked against the trust set of the moment. A context does not change once
 * made (new trust means a new context), so it may be shared between threads.
 */
class TlsContext
{
public:
    enum class Role { Client, Server };

    /** Throws TlsIdentityError naming the OpenSSL step that failed. */
    TlsContext(Role role, const TlsIdentity& identity, const QList<QSslCertificate>& trusted);

    /**
     * The client context for `identity` pinning `provider`, made once and kept for the process
     * (a few of them: one per identity and provider in use). Throws TlsIdentityError.
     */
    static std::shared_ptr<const TlsContext> client(const TlsIdentity& identity, const QSslCertificate& provider);
    /** How many client contexts have been made in this process: uploads reuse them. */
    static int clients_made();

    Role role() const { return m_role; }
    SSL_CTX* get() const { return m_ctx.get(); }
    /** Whether `peer` is, byte for byte, one of the trusted certificates. */
    bool trusts(X509* peer) const;

private:
    Role m_role;
    SslCtxPtr m_ctx;
    std::vector<X509Ptr> m_trusted;
};

} // namespace berth
