// Block::decode on arbitrary bytes, as a follower reads a block from its producer or from etcd:
// it either throws DecodeError or returns a block whose canonical encoding is exactly the input,
// and the checks a follower makes next (the producer's signature, the transactions' root and
// signatures) run without fault. Any other exception, a crash, or ASan/UBSan finding is a bug.

#include <block.h>
#include <decoder.h>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const berth::ByteView input(data, size);
    berth::Block block;
    try {
        block = berth::Block::decode(input);
    } catch (const berth::DecodeError&) {
        return 0;
    }
    const berth::Bytes again = block.encode();
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
    (void)block.header.verify_signature();
    (void)block.header.hash();
    (void)berth::Block::transaction_root(block.transactions);
    for (const berth::Transaction& tx : block.transactions) (void)tx.verify_signature();
    return 0;
}
