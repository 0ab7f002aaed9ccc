#include "block.h"

#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"
#include "privatekey.h"

namespace berth {

static constexpr std::string_view block_domain = "berth-block-v1";
static constexpr std::size_t max_block_transactions = 100000;

static void encode_unsigned(Encoder& out, const BlockHeader& h)
{
    out.u64(h.height).u64(h.timestamp_ms).raw(h.prev_hash.bytes()).raw(h.tx_root.bytes()).raw(h.state_root.bytes()).raw(h.producer.bytes());
}

Bytes BlockHeader::signing_bytes() const
{
    Encoder out;
    out.str(block_domain);
    encode_unsigned(out, *this);
    return out.take();
}

Hash256 BlockHeader::hash() const
{
    Encoder out;
    encode_unsigned(out, *this);
    out.raw(signature);
    return Hash256::of(out.data());
}

bool BlockHeader::verify_signature() const
{
    return producer.verify(signing_bytes(), signature);
}

void BlockHeader::sign(const PrivateKey& key)
{
    producer = key.public_key();
    signature = key.sign(signing_bytes());
}

Hash256 Block::transaction_root(const std::vector<Transaction>& transactions)
{
    std::vector<Hash256> ids;
    ids.reserve(transactions.size());
    for (const Transaction& tx : transactions) ids.push_back(tx.id());
    return transaction_root_of_ids(std::move(ids));
}

Hash256 Block::transaction_root_of_ids(std::vector<Hash256> level)
{
    if (level.empty()) return Hash256{};
    while (level.size() > 1) {
        std::vector<Hash256> next;
        for (std::size_t i = 0; i < level.size(); i += 2)
            next.push_back(Hash256::combine(level[i], i + 1 < level.size() ? level[i + 1] : Hash256{}));
        level.swap(next);
    }
    return level.front();
}

Bytes Block::encode() const
{
    Encoder out;
    encode_unsigned(out, header);
    out.raw(header.signature).u32(static_cast<std::uint32_t>(transactions.size()));
    for (const Transaction& tx : transactions) out.bytes(tx.encode());
    return out.take();
}

Block Block::decode(ByteView data)
{
    Decoder in(data);
    Block block;
    BlockHeader& h = block.header;
    h.height = in.u64("height");
    h.timestamp_ms = in.u64("timestamp_ms");
    h.prev_hash = Hash256(in.fixed<Hash256::size>("prev_hash"));
    h.tx_root = Hash256(in.fixed<Hash256::size>("tx_root"));
    h.state_root = Hash256(in.fixed<Hash256::size>("state_root"));
    h.producer = PublicKey(in.fixed<PublicKey::size>("producer"));
    h.signature = in.fixed<64>("signature");
    const std::uint32_t count = in.count("transactions", 4);
    if (count > max_block_transactions) throw DecodeError("block holds too many transactions");
    block.transactions.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) block.transactions.push_back(Transaction::decode(in.bytes("transaction", limits::transaction)));
    in.expect_end("block");
    return block;
}

} // namespace berth
