// Manifest::parse on arbitrary bytes: it either throws ManifestError or returns a manifest
// within the documented limits. Any other exception, a crash, or ASan/UBSan finding is a bug.

#include <manifest.h>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    try {
        const berth::Manifest manifest = berth::Manifest::parse(input);
        if (manifest.services.isEmpty() || manifest.services.size() > berth::Manifest::max_services) std::abort();
        for (const berth::ServiceSpec& service : manifest.services)
            if (service.replicas < 1 || service.replicas > berth::Manifest::max_replicas) std::abort();
    } catch (const berth::ManifestError&) {}
    return 0;
}
