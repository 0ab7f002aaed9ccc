#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace berth {

/**
 * An optional value kept out of line: while empty it costs its row one pointer instead of the
 * value's size. It is for the parts of a ledger row that most rows never have (a job's pending
 * update), so that a state of a million rows holds them only where they are. Copies are deep
 * and comparisons by value, as std::optional's, whose interface it follows.
 */
template <typename T>
class BoxedOptional
{
public:
    BoxedOptional() = default;
    BoxedOptional(std::nullopt_t) {}
    BoxedOptional(const T& value) : m_value(std::make_unique<T>(value)) {}
    BoxedOptional(T&& value) : m_value(std::make_unique<T>(std::move(value))) {}
    BoxedOptional(const BoxedOptional& other) : m_value(other ? std::make_unique<T>(*other) : nullptr) {}
    BoxedOptional(BoxedOptional&&) noexcept = default;
    ~BoxedOptional() = default;

    BoxedOptional& operator=(const BoxedOptional& other)
    {
        if (this != &other) m_value = other ? std::make_unique<T>(*other) : nullptr;
        return *this;
    }
    BoxedOptional& operator=(BoxedOptional&&) noexcept = default;
    BoxedOptional& operator=(std::nullopt_t)
    {
        m_value.reset();
        return *this;
    }

    bool has_value() const { return m_value != nullptr; }
    explicit operator bool() const { return has_value(); }
    const T& operator*() const { return *m_value; }
    T& operator*() { return *m_value; }
    const T* operator->() const { return m_value.get(); }
    T* operator->() { return m_value.get(); }
    void reset() { m_value.reset(); }

    friend bool operator==(const BoxedOptional& a, const BoxedOptional& b) { return a ? (b && *a == *b) : !b; }
    friend bool operator==(const BoxedOptional& a, const T& b) { return a && *a == b; }

private:
    std::unique_ptr<T> m_value;
};

} // namespace berth
