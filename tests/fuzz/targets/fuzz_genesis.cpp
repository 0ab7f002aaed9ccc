// GenesisFile::from_json on arbitrary bytes, as berthd --network reads a genesis file: it either
// throws std::invalid_argument with a message or returns a genesis whose JSON reads back to the
// same genesis. Any other exception, a crash, or ASan/UBSan finding is a bug.

#include <genesisfile.h>

#include <cstdlib>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    berth::GenesisFile genesis;
    try {
        genesis = berth::GenesisFile::from_json(input);
    } catch (const std::invalid_argument& e) {
        if (std::string_view(e.what()).empty()) std::abort();
        return 0;
    }
    const QByteArray written = genesis.to_json();
    if (berth::GenesisFile::from_json(written).to_json() != written) std::abort();
    return 0;
}
