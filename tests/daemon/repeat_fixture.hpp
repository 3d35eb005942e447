// What the repeat-dispute tests of the daemon share (repeats_test.cpp, repeat_backfill_test.cpp):
// a dispute from a given claimant, and the case ids an acknowledgement links it to.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace tiaojie::test {

// A neighbours' quarrel (community level, rules/category.toml) from the claimant with `phone`.
inline boost::json::object quarrel(const std::string& id, const std::string& phone,
                                   const std::string& received_at = "2026-11-24T09:30:00+08:00") {
  return {{"external_id", id},
          {"channel", "walk_in"},
          {"received_at", received_at},
          {"description", "邻居漏水纠纷，楼上漏水到楼下"},
          {"parties", 2},
          {"street", "凤阳"},
          {"community", "凤阳街第3社区"},
          {"claimant", {{"name", "王某"}, {"phone", phone}}}};
}

// The cases an answer's repeat_of names, in order.
inline std::vector<std::int64_t> linked(const boost::json::object& o) {
  std::vector<std::int64_t> ids;
  for (const auto& l : o.at("repeat_of").as_array()) ids.push_back(l.at("case").as_int64());
  return ids;
}

}  // namespace tiaojie::test
