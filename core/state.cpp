#include "state.h"

#include "decoder.h"
#include "encoder.h"

namespace berth {

namespace {
enum : std::uint8_t { kAccount = 'a', kProvider = 'p', kJob = 'j', kGlobals = 'g' };

/** Encodes a row in `scratch`, which keeps its capacity from row to row, and hands it out in a vector of its exact size. */
template <typename T>
Bytes encode_row(const T& row, Encoder& scratch)
{
    scratch.clear();
    row.encode(scratch);
    return scratch.data();
}

template <typename T>
T decode_row(ByteView bytes, const char* what)
{
    Decoder in(bytes);
    T row = T::decode(in);
    in.expect_end(what);
    return row;
}

Bytes address_key(std::uint8_t tag, const Address& a)
{
    Encoder out(1 + Address::size);
    out.u8(tag).raw(a.bytes());
    return out.take();
}
} // namespace

State::State(Globals globals)
{
    m_globals.load(0, std::move(globals));
}

Bytes State::account_key(const Address& a)
{
    return address_key(kAccount, a);
}
Bytes State::provider_key(const Address& a)
{
    return address_key(kProvider, a);
}
Bytes State::globals_key()
{
    return Bytes{kGlobals};
}

Bytes State::job_key(JobId id)
{
    Encoder out(1 + sizeof id);
    out.u8(kJob).u64(id);
    return out.take();
}

Amount State::locked_stake(const Address& a) const
{
    const Provider* provider = providers.find(a);
    return provider ? params().stake_per_job * provider->active_jobs : Amount(0);
}

Amount State::unlocked_stake(const Address& a) const
{
    const Account* account = accounts.find(a);
    return (account ? account->stake : Amount(0)) - locked_stake(a);
}

void State::commit()
{
    accounts.commit();
    providers.commit();
    jobs.commit();
    m_globals.commit();
}

void State::rollback()
{
    accounts.rollback();
    providers.rollback();
    jobs.rollback();
    m_globals.rollback();
}

std::vector<StateObject> State::take_changes()
{
    const std::vector<Address> dirty_accounts = accounts.take_dirty();
    const std::vector<Address> dirty_providers = providers.take_dirty();
    std::vector<StateObject> out;
    out.reserve(dirty_accounts.size() + dirty_providers.size() + 1);
    Encoder scratch(1024);
    const auto encoded = [&](const auto* row) { return row ? std::optional(encode_row(*row, scratch)) : std::nullopt; };
    for (const Address& a : dirty_accounts) out.push_back({account_key(a), encoded(accounts.find(a))});
    for (const Address& a : dirty_providers) out.push_back({provider_key(a), encoded(providers.find(a))});
    jobs.take_dirty([&](JobId id, const std::optional<ByteView>& job) {
        out.push_back({job_key(id), job ? std::optional<Bytes>(std::in_place, job->begin(), job->end()) : std::nullopt});
    });
    if (!m_globals.take_dirty().empty()) out.push_back({globals_key(), encode_row(globals(), scratch)});
    return out;
}

void State::forget_changes()
{
    accounts.forget_dirty();
    providers.forget_dirty();
    jobs.forget_dirty();
    m_globals.forget_dirty();
}

std::vector<StateObject> State::all_objects() const
{
    std::vector<StateObject> out;
    out.reserve(accounts.size() + providers.size() + jobs.size() + 1);
    Encoder scratch(1024);
    for (const auto& [a, row] : accounts.ordered()) out.push_back({account_key(a), encode_row(row, scratch)});
    for (const auto& [a, row] : providers.ordered()) out.push_back({provider_key(a), encode_row(row, scratch)});
    jobs.for_each([&](JobId id, const Job& row) { out.push_back({job_key(id), encode_row(row, scratch)}); });
    out.push_back({globals_key(), encode_row(globals(), scratch)});
    return out;
}

State State::from_objects(const std::vector<StateObject>& objects)
{
    State state;
    for (const StateObject& object : objects) {
        if (!object.value) throw DecodeError("state object without a value");
        state.load_object(object.key, *object.value);
    }
    if (!state.m_globals.find(0)) throw DecodeError("state has no globals");
    return state;
}

void State::load_object(ByteView key_bytes, ByteView value)
{
    if (key_bytes.empty()) throw DecodeError("state object without a key");
    Decoder key(key_bytes.subspan(1));
    switch (key_bytes[0]) {
    case kAccount: accounts.load(Address(key.fixed<Address::size>("account key")), decode_row<Account>(value, "account")); break;
    case kProvider: providers.load(Address(key.fixed<Address::size>("provider key")), decode_row<Provider>(value, "provider")); break;
    case kJob: jobs.load_encoded(key.u64("job key"), value); break;
    case kGlobals: m_globals.load(0, decode_row<Globals>(value, "globals")); break;
    default: throw DecodeError("unknown state object type");
    }
    key.expect_end("state key");
}

} // namespace berth
