// Keystore::import_file on arbitrary bytes, as `berth-cli keys import` reads a key file: it
// either throws KeystoreError and writes nothing, or stores a file that exports back as a valid
// key file with the same address. Any other exception, a crash, or ASan/UBSan finding is a bug.

#include <keystore.h>
#include <keystoreerror.h>

#include <QDir>
#include <QTemporaryDir>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static QTemporaryDir dir;
    if (!dir.isValid()) std::abort();
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    berth::Keystore keystore(dir.filePath(QStringLiteral("keys")));
    const QString name = QStringLiteral("fuzzed");
    try {
        const berth::Address address = keystore.import_file(name, input);
        if (keystore.address(name) != address) std::abort();
        const QByteArray exported = keystore.export_file(name);
        berth::Keystore again(dir.filePath(QStringLiteral("again")));
        if (again.import_file(name, exported) != address) std::abort();
        QDir(dir.filePath(QStringLiteral("again"))).removeRecursively();
    } catch (const berth::KeystoreError&) {
        if (keystore.address(name)) std::abort(); // a refused file left something behind
    }
    QDir(dir.filePath(QStringLiteral("keys"))).removeRecursively();
    return 0;
}
