// Tolerant matching of the place names people write in a dispute (design.md §3): a street as
// "凤阳", "凤阳街" or "凤阳街道"; a community as "青凤社区", "青凤", "青凤社区居委会", and the
// corpus's generated names "凤阳街第3社区" also as "凤阳街道第3社区" or "第3社区" under 凤阳.
// Both the graph's own names and a dispute's names go through the same functions, so equal keys
// mean the same place. Pure functions over UTF-8; they return views into their argument.
#pragma once

#include <string_view>

namespace tiaojie::graph {

// Surrounding ASCII spaces and full-width spaces (U+3000) removed.
[[nodiscard]] std::string_view trim_name(std::string_view name);

// The bare street name: trims, then strips one trailing "街道" or "街" when something remains.
// "凤阳街道" → "凤阳", "凤阳街" → "凤阳", "凤阳" → "凤阳", "沙园镇" → "沙园镇".
[[nodiscard]] std::string_view street_key(std::string_view name);

// The community's distinctive part: trims; strips a trailing "居民委员会", "居委会", "村民委员会"
// or "村委会", then a trailing "社区"; then, when `street` (a street_key) is not empty, a leading
// "<street>街道", "<street>街" or "<street>" when something remains.
// "青凤社区居委会" → "青凤"; with street "凤阳": "凤阳街第3社区" → "第3", "第3社区" → "第3".
[[nodiscard]] std::string_view community_key(std::string_view name, std::string_view street = {});

}  // namespace tiaojie::graph
