#include "keystore.h"

#include "jsonreader.h"

#include <bytes.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace berth {

namespace {

using Code = KeystoreError::Code;

constexpr std::size_t salt_size = 16;
constexpr std::size_t iv_size = 12;
constexpr std::size_t tag_size = 16;
constexpr std::size_t key_size = 32;
constexpr std::size_t seed_size = PrivateKey::seed_size;
constexpr std::uint64_t max_scrypt_r = 32;
constexpr std::uint64_t max_scrypt_p = 16;
/** scrypt's working memory is about 128·r·N bytes; refuse parameters that need more than this. */
constexpr std::uint64_t max_scrypt_memory = std::uint64_t{1} << 30;
constexpr qint64 max_file_size = Keystore::max_file_bytes;

constexpr const char* kdf_name = "scrypt";
constexpr const char* cipher_name = "aes-256-gcm";

using Salt = std::array<std::uint8_t, salt_size>;
using Iv = std::array<std::uint8_t, iv_size>;
using Tag = std::array<std::uint8_t, tag_size>;
using Seed = std::array<std::uint8_t, seed_size>;
using SymmetricKey = std::array<std::uint8_t, key_size>;

/** Wipes a secret buffer when it goes out of scope, also when an exception unwinds. */
struct Cleanse {
    void* data;
    std::size_t size;
    ~Cleanse() { OPENSSL_cleanse(data, size); }
};

/** The fields of a version-1 key file. */
struct KeyFile {
    QString name;
    Address address;
    std::uint64_t n = 0;
    std::uint64_t r = 0;
    std::uint64_t p = 0;
    Salt salt{};
    Iv iv{};
    Tag tag{};
    Seed ciphertext{};
};

std::string single_quoted(const QString& text)
{
    return "'" + text.toStdString() + "'";
}

bool is_power_of_two(std::uint64_t value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

std::string n_bounds_text()
{
    return "a power of two from " + std::to_string(Keystore::min_scrypt_n) + " to " + std::to_string(Keystore::max_scrypt_n);
}

bool valid_n(std::uint64_t n)
{
    return is_power_of_two(n) && n >= Keystore::min_scrypt_n && n <= Keystore::max_scrypt_n;
}

void require_valid_name(const QString& name)
{
    if (!Keystore::is_valid_name(name))
        throw KeystoreError(Code::InvalidName, "invalid key name " + single_quoted(name) + ": use 1 to 64 characters of [A-Za-z0-9_.-]");
}

/** True when something, even a dangling symbolic link, already sits at `path`. */
bool path_taken(const QString& path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

KeystoreError name_exists(const QString& name, const QString& directory)
{
    return KeystoreError(Code::NameExists, "a key named " + single_quoted(name) + " already exists in " + single_quoted(directory) +
                                               "; keys are never overwritten");
}

template <std::size_t N>
void random_bytes(std::array<std::uint8_t, N>& out)
{
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
        throw KeystoreError(Code::Crypto, "the OpenSSL random number generator failed");
}

/** The UTF-8 of the passphrase in Unicode normalization form C, so equal-looking input derives the same key. */
QByteArray passphrase_bytes(const QString& passphrase)
{
    return passphrase.normalized(QString::NormalizationForm_C).toUtf8();
}

void derive_key(const QByteArray& passphrase, const KeyFile& file, SymmetricKey& key)
{
    // OpenSSL's own accounting of scrypt's memory: the B blocks plus the V table.
    const std::uint64_t max_memory = 128 * file.r * file.p + 128 * file.r * (file.n + 2);
    if (EVP_PBE_scrypt(passphrase.constData(), static_cast<std::size_t>(passphrase.size()), file.salt.data(), file.salt.size(), file.n, file.r,
                       file.p, max_memory, key.data(), key.size()) != 1)
        throw KeystoreError(Code::Crypto, "scrypt key derivation failed (N=" + std::to_string(file.n) + ", r=" + std::to_string(file.r) +
                                              ", p=" + std::to_string(file.p) + ")");
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext gcm_context(bool encrypt, const SymmetricKey& key, const Iv& iv, const std::string& aad)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int len = 0;
    const int enc = encrypt ? 1 : 0;
    if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, enc) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), iv.data(), enc) != 1 ||
        EVP_CipherUpdate(ctx.get(), nullptr, &len, as_bytes(aad).data(), static_cast<int>(aad.size())) != 1)
        throw KeystoreError(Code::Crypto, "AES-256-GCM initialisation failed");
    return ctx;
}

void encrypt_seed(const SymmetricKey& key, const Seed& seed, const std::string& aad, KeyFile& file)
{
    CipherContext ctx = gcm_context(true, key, file.iv, aad);
    int len = 0;
    int final_len = 0;
    if (EVP_EncryptUpdate(ctx.get(), file.ciphertext.data(), &len, seed.data(), static_cast<int>(seed.size())) != 1 ||
        static_cast<std::size_t>(len) != seed.size() || EVP_EncryptFinal_ex(ctx.get(), file.ciphertext.data() + len, &final_len) != 1 ||
        final_len != 0 || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(file.tag.size()), file.tag.data()) != 1)
        throw KeystoreError(Code::Crypto, "AES-256-GCM encryption failed");
}

/** False when the tag does not verify; `seed` is then meaningless and must be wiped by the caller. */
bool decrypt_seed(const SymmetricKey& key, const KeyFile& file, const std::string& aad, Seed& seed)
{
    CipherContext ctx = gcm_context(false, key, file.iv, aad);
    Tag tag = file.tag;
    int len = 0;
    int final_len = 0;
    if (EVP_DecryptUpdate(ctx.get(), seed.data(), &len, file.ciphertext.data(), static_cast<int>(file.ciphertext.size())) != 1 ||
        static_cast<std::size_t>(len) != seed.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), tag.data()) != 1)
        throw KeystoreError(Code::Crypto, "AES-256-GCM decryption failed");
    return EVP_DecryptFinal_ex(ctx.get(), seed.data() + len, &final_len) == 1 && final_len == 0;
}

QByteArray to_json(const KeyFile& file)
{
    QJsonObject kdfparams{
        {"n", static_cast<qint64>(file.n)},
        {"r", static_cast<qint64>(file.r)},
        {"p", static_cast<qint64>(file.p)},
        {"salt", QString::fromStdString(to_hex(file.salt))},
    };
    QJsonObject cipherparams{
        {"iv", QString::fromStdString(to_hex(file.iv))},
        {"tag", QString::fromStdString(to_hex(file.tag))},
    };
    QJsonObject root{
        {"version", Keystore::file_version},
        {"name", file.name},
        {"address", QString::fromStdString(file.address.str())},
        {"kdf", QString::fromLatin1(kdf_name)},
        {"kdfparams", kdfparams},
        {"cipher", QString::fromLatin1(cipher_name)},
        {"cipherparams", cipherparams},
        {"ciphertext", QString::fromStdString(to_hex(file.ciphertext))},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

/** Throws JsonFieldError for the first field that is missing or malformed; parse_key_file says which file. */
KeyFile parse_fields(const QByteArray& contents)
{
    if (contents.size() > max_file_size)
        throw JsonFieldError(QString(), QStringLiteral("the key file is larger than %1 bytes").arg(max_file_size));
    const JsonReader root = JsonReader::parse(contents, QStringLiteral("the key file"));
    root.object(QStringLiteral("a JSON object"));

    root.field("version").unsigned_integer(Keystore::file_version, Keystore::file_version, JsonReader::IntegerForm::Number,
                                           QString::number(Keystore::file_version));

    KeyFile file;
    const JsonReader name = root.field("name");
    file.name = name.string();
    if (!Keystore::is_valid_name(file.name)) name.fail(QStringLiteral("must be 1 to 64 characters of [A-Za-z0-9_.-]"));
    const JsonReader address = root.field("address");
    const auto parsed = Address::parse(address.string().toStdString());
    if (!parsed) address.fail(QStringLiteral("must be \"berth\" followed by 40 hex digits"));
    file.address = *parsed;

    const JsonReader kdf = root.field("kdf");
    if (kdf.string() != QLatin1String(kdf_name)) kdf.fail(QStringLiteral("must be \"%1\"").arg(QLatin1String(kdf_name)));
    const JsonReader kdfparams = root.field("kdfparams");
    const JsonReader n = kdfparams.field("n");
    file.n = n.unsigned_integer();
    if (!valid_n(file.n)) n.fail(QStringLiteral("must be ") + QString::fromStdString(n_bounds_text()));
    file.r = kdfparams.field("r").unsigned_integer(1, max_scrypt_r);
    file.p = kdfparams.field("p").unsigned_integer(1, max_scrypt_p);
    if (128 * file.r * file.n > max_scrypt_memory)
        kdfparams.fail(QStringLiteral("asks scrypt, through \"n\" and \"r\", for more than 1 GiB of memory"));
    file.salt = kdfparams.field("salt").hex_bytes<salt_size>();

    const JsonReader cipher = root.field("cipher");
    if (cipher.string() != QLatin1String(cipher_name)) cipher.fail(QStringLiteral("must be \"%1\"").arg(QLatin1String(cipher_name)));
    const JsonReader cipherparams = root.field("cipherparams");
    file.iv = cipherparams.field("iv").hex_bytes<iv_size>();
    file.tag = cipherparams.field("tag").hex_bytes<tag_size>();
    file.ciphertext = root.field("ciphertext").hex_bytes<seed_size>();
    return file;
}

/** Reads and checks every field of a key file; `source` names the file in the message. */
KeyFile parse_key_file(const QByteArray& contents, const std::string& source)
{
    try {
        return parse_fields(contents);
    } catch (const JsonFieldError& error) {
        throw KeystoreError(Code::Malformed, "malformed key file " + source + ": " + error.what());
    }
}

} // namespace

Keystore::Keystore(QString directory, std::uint64_t scrypt_n) : m_directory(QDir::cleanPath(std::move(directory))), m_scrypt_n(scrypt_n)
{
    if (m_directory.isEmpty()) throw KeystoreError(Code::InvalidParameter, "the keystore directory is empty");
    if (!valid_n(m_scrypt_n))
        throw KeystoreError(Code::InvalidParameter, "scrypt N must be " + n_bounds_text() + ", not " + std::to_string(m_scrypt_n));
}

bool Keystore::is_valid_name(const QString& name)
{
    if (name.isEmpty() || name.size() > max_name_length) return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_' || u == '.' || u == '-';
    });
}

Address Keystore::create(const QString& name, const QString& passphrase)
{
    Seed seed{};
    const Cleanse wipe_seed{seed.data(), seed.size()};
    random_bytes(seed);
    return store(name, seed, passphrase);
}

Address Keystore::import_seed(const QString& name, const std::array<std::uint8_t, PrivateKey::seed_size>& seed, const QString& passphrase)
{
    return store(name, seed, passphrase);
}

PrivateKey Keystore::unlock(const QString& name, const QString& passphrase) const
{
    const KeyFile file = parse_key_file(read_file(name), single_quoted(file_path(name)));

    QByteArray secret = passphrase_bytes(passphrase);
    const Cleanse wipe_secret{secret.data(), static_cast<std::size_t>(secret.size())};
    SymmetricKey key{};
    const Cleanse wipe_key{key.data(), key.size()};
    derive_key(secret, file, key);

    Seed seed{};
    const Cleanse wipe_seed{seed.data(), seed.size()};
    if (!decrypt_seed(key, file, file.address.str(), seed))
        throw KeystoreError(Code::WrongPassphrase, "cannot unlock " + single_quoted(name) + ": wrong passphrase or corrupted key file");

    PrivateKey private_key = PrivateKey::from_seed(seed);
    if (Address::of(private_key.public_key()) != file.address)
        throw KeystoreError(Code::Malformed,
                            "malformed key file " + single_quoted(file_path(name)) + ": field 'address' does not match the encrypted key");
    return private_key;
}

QStringList Keystore::names() const
{
    const QString suffix = QStringLiteral(".key");
    QStringList result;
    const QDir dir(m_directory);
    for (const QString& entry : dir.entryList({QStringLiteral("*.key")}, QDir::Files | QDir::Hidden)) {
        const QString name = entry.chopped(suffix.size());
        if (is_valid_name(name)) result.append(name);
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::optional<Address> Keystore::address(const QString& name) const
{
    if (!QFileInfo::exists(file_path(name))) return std::nullopt;
    return parse_key_file(read_file(name), single_quoted(file_path(name))).address;
}

QByteArray Keystore::export_file(const QString& name) const
{
    QByteArray contents = read_file(name);
    parse_key_file(contents, single_quoted(file_path(name)));
    return contents;
}

Address Keystore::import_file(const QString& name, const QByteArray& contents)
{
    require_valid_name(name);
    KeyFile file = parse_key_file(contents, "imported as " + single_quoted(name));
    file.name = name;
    write_new_file(name, to_json(file));
    return file.address;
}

QString Keystore::file_path(const QString& name) const
{
    require_valid_name(name);
    return m_directory + QLatin1Char('/') + name + QStringLiteral(".key");
}

QByteArray Keystore::read_file(const QString& name) const
{
    const QString path = file_path(name);
    QFile file(path);
    if (!file.exists()) throw KeystoreError(Code::UnknownName, "no key named " + single_quoted(name) + " in " + single_quoted(m_directory));
    if (!file.open(QIODevice::ReadOnly))
        throw KeystoreError(Code::Io, "cannot read key file " + single_quoted(path) + ": " + file.errorString().toStdString());
    QByteArray contents = file.read(max_file_size + 1);
    if (file.error() != QFileDevice::NoError)
        throw KeystoreError(Code::Io, "cannot read key file " + single_quoted(path) + ": " + file.errorString().toStdString());
    return contents;
}

Address Keystore::store(const QString& name, const std::array<std::uint8_t, PrivateKey::seed_size>& seed, const QString& passphrase)
{
    // Check the name before spending a key derivation on it; write_new_file checks again.
    if (path_taken(file_path(name))) throw name_exists(name, m_directory);

    KeyFile file;
    file.name = name;
    file.address = Address::of(PrivateKey::from_seed(seed).public_key());
    file.n = m_scrypt_n;
    file.r = scrypt_r;
    file.p = scrypt_p;
    random_bytes(file.salt);
    random_bytes(file.iv);

    QByteArray secret = passphrase_bytes(passphrase);
    const Cleanse wipe_secret{secret.data(), static_cast<std::size_t>(secret.size())};
    SymmetricKey key{};
    const Cleanse wipe_key{key.data(), key.size()};
    derive_key(secret, file, key);
    encrypt_seed(key, seed, file.address.str(), file);

    write_new_file(name, to_json(file));
    return file.address;
}

void Keystore::write_new_file(const QString& name, const QByteArray& contents) const
{
    const QString path = file_path(name);
    if (path_taken(path)) throw name_exists(name, m_directory);
    ensure_directory();

    // QSaveFile writes a temporary file and renames it into place on commit, so a failure at
    // any step leaves either no key file or the complete one.
    QSaveFile file(path);
    const auto io_error = [&](const char* step) {
        const std::string message = "cannot " + std::string(step) + " key file " + single_quoted(path) + ": " + file.errorString().toStdString();
        file.cancelWriting();
        return KeystoreError(Code::Io, message);
    };
    if (!file.open(QIODevice::WriteOnly)) throw io_error("create");
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) throw io_error("restrict");
    if (file.write(contents) != contents.size()) throw io_error("write");
    if (path_taken(path)) {
        file.cancelWriting();
        throw name_exists(name, m_directory);
    }
    if (!file.commit()) throw io_error("commit");
}

void Keystore::ensure_directory() const
{
    if (QFileInfo(m_directory).isDir()) return;
    if (QFileInfo::exists(m_directory))
        throw KeystoreError(Code::Io, "the keystore directory " + single_quoted(m_directory) + " is not a directory");
    const QString parent = QFileInfo(m_directory).absolutePath();
    if (!QDir().mkpath(parent)) throw KeystoreError(Code::Io, "cannot create the directory " + single_quoted(parent));
    const auto owner_only = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    if (!QDir().mkdir(m_directory, owner_only) && !QFileInfo(m_directory).isDir())
        throw KeystoreError(Code::Io, "cannot create the keystore directory " + single_quoted(m_directory));
    // mkdir's mode passes through the umask; make it exactly 0700.
    if (!QFile::setPermissions(m_directory, owner_only))
        throw KeystoreError(Code::Io, "cannot set the permissions of the keystore directory " + single_quoted(m_directory));
}

} // namespace berth
