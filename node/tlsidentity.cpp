#include "tlsidentity.h"

#include "opensslhandles.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace berth {

namespace {

using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslFree<X509_EXTENSION, X509_EXTENSION_free>>;

[[noreturn]] void fail_certificate(const char* step)
{
    char reason[256] = "unknown error";
    if (const unsigned long code = ERR_get_error()) ERR_error_string_n(code, reason, sizeof(reason));
    ERR_clear_error();
    throw TlsIdentityError(std::string("cannot create the TLS certificate: ") + step + " failed (" + reason + ")");
}

void check(int ok, const char* step)
{
    if (ok != 1) fail_certificate(step);
}

void add_extension(X509* cert, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext) fail_certificate("X509V3_EXT_conf_nid");
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

QByteArray bio_bytes(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

QByteArray read_identity_file(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) throw TlsIdentityError("cannot read " + path.toStdString() + ": " + file.errorString().toStdString());
    return file.readAll();
}

void write_identity_file(const QString& path, const QByteArray& data)
{
    // QSaveFile renames into place on commit: a crash leaves the old file or the new one, never half of either.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(data) != data.size() || !file.commit())
        throw TlsIdentityError("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
}

} // namespace

TlsIdentity::TlsIdentity(QSslCertificate certificate, QSslKey key) : m_certificate(std::move(certificate)), m_key(std::move(key)) {}

TlsIdentity TlsIdentity::generate(const Address& address, int valid_days)
{
    EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) fail_certificate("EVP_PKEY_Q_keygen");

    X509Ptr cert(X509_new());
    if (!cert) fail_certificate("X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof(serial)), "RAND_bytes");
    serial[0] &= 0x7f; // a positive serial number
    std::unique_ptr<BIGNUM, OpenSslFree<BIGNUM, BN_free>> serial_bn(BN_bin2bn(serial, sizeof(serial), nullptr));
    if (!serial_bn || !BN_to_ASN1_INTEGER(serial_bn.get(), X509_get_serialNumber(cert.get()))) fail_certificate("serial number");
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(valid_days) * 24 * 3600))
        fail_certificate("validity");

    X509_NAME* name = X509_get_subject_name(cert.get());
    const std::string cn = address.str();
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0), "subject name");
    check(X509_set_issuer_name(cert.get(), name), "X509_set_issuer_name");
    check(X509_set_pubkey(cert.get(), key.get()), "X509_set_pubkey");
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement");
    add_extension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth");
    add_extension(cert.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail_certificate("X509_sign");

    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio) fail_certificate("BIO_new");
    check(PEM_write_bio_X509(cert_bio.get(), cert.get()), "PEM_write_bio_X509");
    check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr), "PEM_write_bio_PrivateKey");
    return TlsIdentity(QSslCertificate(bio_bytes(cert_bio.get()), QSsl::Pem),
                       QSslKey(bio_bytes(key_bio.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey));
}

QString TlsIdentity::certificate_path(const QString& datadir, const QString& name)
{
    return QDir(datadir).filePath(QStringLiteral("certs/%1.crt.pem").arg(name));
}

QString TlsIdentity::key_path(const QString& datadir, const QString& name)
{
    return QDir(datadir).filePath(QStringLiteral("certs/%1.key.pem").arg(name));
}

std::optional<TlsIdentity> TlsIdentity::load(const QString& datadir, const QString& name)
{
    const QString cert_file = certificate_path(datadir, name);
    const QString key_file = key_path(datadir, name);
    if (!QFile::exists(cert_file) || !QFile::exists(key_file)) return std::nullopt;
    QSslCertificate certificate(read_identity_file(cert_file), QSsl::Pem);
    if (certificate.isNull()) throw TlsIdentityError(cert_file.toStdString() + " is not a PEM certificate");
    QSslKey key(read_identity_file(key_file), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull()) throw TlsIdentityError(key_file.toStdString() + " is not a PEM P-256 private key");
    return TlsIdentity(std::move(certificate), std::move(key));
}

std::optional<TlsIdentity> TlsIdentity::find(const QString& datadir, const Address& address)
{
    const QDir folder(QDir(datadir).filePath(QStringLiteral("certs")));
    const QString suffix = QStringLiteral(".crt.pem");
    for (const QString& file : folder.entryList({QStringLiteral("*") + suffix}, QDir::Files)) {
        const QSslCertificate cert(read_identity_file(folder.filePath(file)), QSsl::Pem);
        if (cert.subjectInfo(QSslCertificate::CommonName).value(0) == QString::fromStdString(address.str()))
            return load(datadir, file.chopped(suffix.size()));
    }
    return std::nullopt;
}

void TlsIdentity::save(const QString& datadir, const QString& name) const
{
    const QString folder = QDir(datadir).filePath(QStringLiteral("certs"));
    if (!QDir().mkpath(folder)) throw TlsIdentityError("cannot create " + folder.toStdString());
    write_identity_file(key_path(datadir, name), m_key.toPem());
    write_identity_file(certificate_path(datadir, name), m_certificate.toPem());
}

} // namespace berth
