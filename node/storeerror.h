#pragma once

#include <stdexcept>
#include <string>

namespace berth {

/** A failure of the node's SQLite store, with SQLite's own message; the node stops rather than diverge from disk. */
class StoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace berth
