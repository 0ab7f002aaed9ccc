#pragma once

#include "blockcontext.h"
#include "transaction.h"

namespace berth {

/**
 * Account-level actions: transfers of USDC or POND, and the one X.509 certificate each
 * account may register on chain (as in Akash's cert module), whose common name must be the
 * account's own address so that mTLS peers can be checked against the chain.
 */
class Accounts
{
public:
    explicit Accounts(BlockContext& ctx) : m_ctx(ctx) {}

    void transfer(const Address& from, const tx::Transfer& request);
    void publish_certificate(const Address& owner, const tx::PublishCertificate& request);
    void revoke_certificate(const Address& owner);

    /** The common name of a DER certificate, or nullopt when it is not a parseable X.509 certificate. */
    static std::optional<std::string> certificate_common_name(ByteView der);

private:
    BlockContext& m_ctx;
};

} // namespace berth
