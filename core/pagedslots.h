#pragma once

#include "entriesbykey.h"

#include <absl/container/flat_hash_map.h>

#include <array>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace berth {

/**
 * A map from unsigned integer keys to values, for keys handed out one after another (job ids):
 * the keys are cut into pages of consecutive keys, and each page is an array with one slot per
 * key. A row is found by its page, in a small hash table, and its slot, with no search and no
 * heap node per row; neighbouring keys share cache lines, so the rows a block touches (the most
 * recent) stay together; and a walk in key order needs no sort. A stray large key costs one page,
 * not a table sized to it. A slot holds a value-initialised Value when absent, and the Value
 * itself says whether it is present (`explicit operator bool`), so a present slot costs only the
 * Value.
 */
template <typename Value>
class PagedSlots
{
    static_assert(std::is_constructible_v<bool, const Value&>, "a Value says by itself whether its slot is taken");

public:
    using Key = std::uint64_t;

    PagedSlots() = default;
    PagedSlots(PagedSlots&&) noexcept = default;
    PagedSlots& operator=(PagedSlots&&) noexcept = default;

    /** The value at `key`, or nullptr if that slot is empty. */
    const Value* find(Key key) const
    {
        auto page = m_pages.find(key / page_size);
        if (page == m_pages.end()) return nullptr;
        const Value& value = page->second->at(key % page_size);
        return value ? &value : nullptr;
    }

    /** The slot for `key`, empty or not; its page is made if it had none. */
    Value& slot(Key key)
    {
        std::unique_ptr<Page>& page = m_pages[key / page_size];
        if (!page) page = std::make_unique<Page>();
        return page->at(key % page_size);
    }

    /** Calls fn(key, value) for every taken slot, in key order. */
    template <typename Fn>
    void for_each(Fn&& fn) const
    {
        for (const auto* entry : entries_by_key(m_pages)) {
            const Page& page = *entry->second;
            for (std::size_t i = 0; i < page_size; ++i)
                if (page[i]) fn(entry->first * page_size + i, page[i]);
        }
    }

private:
    /** 1,024 keys: a page of 8-byte values is 8 KB, and a million rows are a thousand pages. */
    static constexpr std::size_t page_size = 1024;
    using Page = std::array<Value, page_size>;

    absl::flat_hash_map<Key, std::unique_ptr<Page>> m_pages;
};

} // namespace berth
