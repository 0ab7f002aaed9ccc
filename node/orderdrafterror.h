#pragma once

#include <stdexcept>
#include <string>

namespace berth {

/**
 * Why OrderDraft refused to prepare an order or keep a manifest. The code says which step
 * failed so that a caller can map it to its own error codes (berth-cli's "invalid_manifest"
 * and "io_error", the GUI's order status) without parsing the message; the message is the
 * cause alone, without the file or option it came from, which the caller knows better.
 */
class OrderDraftError : public std::runtime_error
{
public:
    enum class Code {
        InvalidTerms,    ///< the terms cannot make an order: an empty instance type, no replicas
        InvalidManifest, ///< the strict manifest parser refused it; the message names the field
        Storage,         ///< the manifest could not be written to the data directory
    };

    OrderDraftError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}

    Code code() const { return m_code; }

private:
    Code m_code;
};

} // namespace berth
