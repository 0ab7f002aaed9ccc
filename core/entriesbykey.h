#pragma once

#include <algorithm>
#include <vector>

namespace berth {

/**
 * A hash map's entries in key order, as pointers into the map (valid until it next changes):
 * what a walk in key order over a hash map needs, without looking each key up again after the
 * sort.
 */
template <typename Map>
std::vector<const typename Map::value_type*> entries_by_key(const Map& map)
{
    std::vector<const typename Map::value_type*> entries;
    entries.reserve(map.size());
    for (const auto& entry : map) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    return entries;
}

} // namespace berth
