#include "account.h"

#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"

namespace berth {

void Account::encode(Encoder& out) const
{
    out.amount(usdc).amount(pond).amount(stake).amount(earnings).u64(nonce).bytes(certificate);
}

Account Account::decode(Decoder& in)
{
    Account a;
    a.usdc = in.amount("usdc");
    a.pond = in.amount("pond");
    a.stake = in.amount("stake");
    a.earnings = in.amount("earnings");
    a.nonce = in.u64("nonce");
    a.certificate = in.bytes("certificate", limits::certificate);
    return a;
}

} // namespace berth
