// Transaction::decode on arbitrary bytes: it either throws DecodeError or returns a
// transaction whose canonical encoding is exactly the input. Any other exception, a crash,
// or ASan/UBSan finding is a bug.

#include <decoder.h>
#include <transaction.h>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const berth::ByteView input(data, size);
    berth::Transaction tx;
    try {
        tx = berth::Transaction::decode(input);
    } catch (const berth::DecodeError&) {
        return 0;
    }
    const berth::Bytes again = tx.encode();
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
    (void)tx.verify_signature();
    (void)berth::payload_name(tx.payload);
    return 0;
}
