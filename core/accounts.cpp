#include "accounts.h"

#include "hash.h"

#include <openssl/x509.h>

#include <limits>
#include <memory>

namespace berth {

void Accounts::transfer(const Address& from, const tx::Transfer& request)
{
    require(request.amount > 0, ErrorCode::InvalidArgument, "transfer amount must be positive");
    require(!request.to.is_null(), ErrorCode::InvalidArgument, "transfer needs a recipient");
    Account& sender = m_ctx.account(from);
    Amount& balance = request.denom == Denom::USDC ? sender.usdc : sender.pond;
    const unsigned places = decimals(request.denom);
    const std::string denom(denom_name(request.denom));
    require(balance >= request.amount, ErrorCode::InsufficientFunds,
            "transfer of " + format_amount(request.amount, places) + " " + denom + " exceeds the balance of " + format_amount(balance, places) +
                " " + denom);
    balance -= request.amount;
    Account& recipient = m_ctx.account(request.to);
    Amount& credited = request.denom == Denom::USDC ? recipient.usdc : recipient.pond;
    require(credited <= std::numeric_limits<Amount>::max() - request.amount, ErrorCode::Overflow,
            "transfer of " + format_amount(request.amount, places) + " " + denom + " would overflow the " + denom +
                " balance of the recipient " + request.to.str());
    credited += request.amount;
    m_ctx.emit(EventName::Transferred, 0, from, {{"to", request.to.str()}, {"denom", denom}, {"amount", to_string(request.amount)}});
}

std::optional<std::string> Accounts::certificate_common_name(ByteView der)
{
    const unsigned char* cursor = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
    if (!cert || cursor != der.data() + der.size()) return std::nullopt;
    char name[256] = {};
    const int len = X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, name, sizeof(name));
    if (len <= 0) return std::nullopt;
    return std::string(name, static_cast<std::size_t>(len));
}

void Accounts::publish_certificate(const Address& owner, const tx::PublishCertificate& request)
{
    const auto common_name = certificate_common_name(request.der);
    require(common_name.has_value(), ErrorCode::InvalidArgument, "the certificate is not a DER-encoded X.509 certificate with a common name");
    require(*common_name == owner.str(), ErrorCode::InvalidArgument,
            "the certificate's common name '" + *common_name + "' is not the account's address " + owner.str());
    m_ctx.account(owner).certificate = request.der;
    m_ctx.emit(EventName::CertificatePublished, 0, owner, {{"fingerprint", Hash256::of(request.der).hex()}});
}

void Accounts::revoke_certificate(const Address& owner)
{
    Account& account = m_ctx.account(owner);
    require(!account.certificate.empty(), ErrorCode::WrongState, owner.str() + " has no certificate to revoke");
    const std::string fingerprint = Hash256::of(account.certificate).hex();
    account.certificate.clear();
    m_ctx.emit(EventName::CertificateRevoked, 0, owner, {{"fingerprint", fingerprint}});
}

} // namespace berth
