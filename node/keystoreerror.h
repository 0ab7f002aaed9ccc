#pragma once

#include <stdexcept>
#include <string>

namespace berth {

/**
 * A failure of the encrypted keystore. The message names the cause (the key's name, the bad
 * field, the I/O step), and the code lets callers such as berth-cli map it to a stable error
 * code without parsing the message.
 */
class KeystoreError : public std::runtime_error
{
public:
    enum class Code {
        InvalidName,      ///< not 1–64 characters of [A-Za-z0-9_.-]
        NameExists,       ///< a key of that name is already stored; keys are never overwritten
        UnknownName,      ///< no key of that name
        WrongPassphrase,  ///< the GCM tag did not verify: wrong passphrase or a tampered file
        Malformed,        ///< the key file is not a valid version-1 key file
        InvalidParameter, ///< a scrypt cost the keystore refuses to use
        Io,               ///< the directory or a key file could not be read or written
        Crypto,           ///< an OpenSSL call failed (random numbers, memory for scrypt, the cipher)
    };

    KeystoreError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}

    Code code() const { return m_code; }

private:
    Code m_code;
};

} // namespace berth
