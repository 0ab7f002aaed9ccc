#include "tlscontext.h"

#include "tlsidentity.h"

#include <QCryptographicHash>

#include <openssl/err.h>
#include <openssl/pem.h>

#include <atomic>
#include <mutex>

namespace berth {

namespace {

/** Client contexts kept for the process; an identity uploads to a handful of providers. */
constexpr std::size_t max_cached_clients = 16;

std::atomic<int> g_clients_made{0};

[[noreturn]] void fail_tls_setup(const char* step)
{
    char reason[256] = "unknown error";
    if (const unsigned long code = ERR_get_error()) ERR_error_string_n(code, reason, sizeof(reason));
    ERR_clear_error();
    throw TlsIdentityError(std::string("cannot set up TLS: ") + step + " failed (" + reason + ")");
}

/** The certificate as OpenSSL's, or null when it is not one. */
X509Ptr parse_x509(const QSslCertificate& certificate)
{
    const QByteArray der = certificate.toDer();
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr x509(d2i_X509(nullptr, &p, der.size()));
    if (!x509) ERR_clear_error();
    return x509;
}

X509Ptr to_x509(const QSslCertificate& certificate)
{
    X509Ptr x509 = parse_x509(certificate);
    if (!x509) throw TlsIdentityError("cannot set up TLS: the certificate is not an X.509 certificate");
    return x509;
}

EvpPkeyPtr to_pkey(const QSslKey& key)
{
    const QByteArray pem = key.toPem();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    if (!bio) fail_tls_setup("BIO_new_mem_buf");
    EvpPkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!pkey) fail_tls_setup("reading the private key");
    return pkey;
}

} // namespace

TlsContext::TlsContext(Role role, const TlsIdentity& identity, const QList<QSslCertificate>& trusted) : m_role(role)
{
    m_ctx.reset(SSL_CTX_new(role == Role::Client ? TLS_client_method() : TLS_server_method()));
    if (!m_ctx) fail_tls_setup("SSL_CTX_new");
    SSL_CTX* ctx = m_ctx.get();
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) fail_tls_setup("SSL_CTX_set_min_proto_version");
    // No resumption: a resumed session would skip the certificate check against today's trust
    // (a revoked owner, a lease that ended), and the benchmark's connections are all full handshakes.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
    if (role == Role::Server && SSL_CTX_set_num_tickets(ctx, 0) != 1) fail_tls_setup("SSL_CTX_set_num_tickets");

    const X509Ptr own = to_x509(identity.certificate());
    if (SSL_CTX_use_certificate(ctx, own.get()) != 1) fail_tls_setup("SSL_CTX_use_certificate");
    const EvpPkeyPtr key = to_pkey(identity.key());
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) fail_tls_setup("SSL_CTX_use_PrivateKey");
    if (SSL_CTX_check_private_key(ctx) != 1) fail_tls_setup("SSL_CTX_check_private_key");

    // Trust is the chain's, not a CA's: the registered certificates are the only anchors, and
    // the store starts empty (no system CAs).
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    for (const QSslCertificate& certificate : trusted) {
        // A certificate that does not parse trusts no one; the others still count.
        X509Ptr x509 = parse_x509(certificate);
        if (!x509) continue;
        if (X509_STORE_add_cert(store, x509.get()) != 1) {
            // The same certificate twice is not an error worth failing for.
            ERR_clear_error();
        }
        m_trusted.push_back(std::move(x509));
    }
    SSL_CTX_set_verify(ctx, role == Role::Server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER, nullptr);
}

std::shared_ptr<const TlsContext> TlsContext::client(const TlsIdentity& identity, const QSslCertificate& provider)
{
    static std::mutex mutex;
    static std::vector<std::pair<QByteArray, std::shared_ptr<const TlsContext>>> cache;
    // Keyed by a digest, so that the cache holds no copy of the private key.
    const QByteArray key =
        QCryptographicHash::hash(identity.der() + '\0' + identity.key().toDer() + '\0' + provider.toDer(), QCryptographicHash::Sha256);
    std::lock_guard lock(mutex);
    for (const auto& [k, context] : cache)
        if (k == key) return context;
    auto context = std::make_shared<const TlsContext>(Role::Client, identity, QList<QSslCertificate>{provider});
    ++g_clients_made;
    if (cache.size() >= max_cached_clients) cache.erase(cache.begin());
    cache.emplace_back(key, context);
    return context;
}

int TlsContext::clients_made()
{
    return g_clients_made.load();
}

bool TlsContext::trusts(X509* peer) const
{
    if (!peer) return false;
    for (const X509Ptr& certificate : m_trusted)
        if (X509_cmp(certificate.get(), peer) == 0) return true;
    return false;
}

} // namespace berth
