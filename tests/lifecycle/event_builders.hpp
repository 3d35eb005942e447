// Small builders of lifecycle events for tests (lifecycle and store suites).
#pragma once

#include <string>
#include <vector>

#include "lifecycle/event.hpp"

namespace tiaojie::test {

inline Timestamp at(const char* text) { return *parse_timestamp(text); }

inline lifecycle::Event make_event(lifecycle::EventData data,
                                   const char* when = "2026-02-13T10:00:00+08:00",
                                   std::string body = "", std::string actor = "operator:li") {
  return lifecycle::Event{lifecycle::CaseId{}, at(when), std::move(actor), BodyId{std::move(body)},
                          std::move(data)};
}

inline lifecycle::Event submitted(const std::string& channel = "walk_in",
                                  const std::string& external_id = "W-1",
                                  const char* when = "2026-02-13T10:00:00+08:00") {
  return make_event(lifecycle::Submitted{channel, external_id, at(when)}, when, "",
                    "channel:walk_in");
}

inline lifecycle::Event classified(const char* due = "2026-03-05",
                                   const std::string& category = "labour") {
  Classification c;
  c.category = category;
  c.priority = Priority::high;
  c.deadline = Deadline{10, DayCount::working};
  c.rules_version = "r1";
  c.category_rule = RuleRef{"category", "labour.wages", "rules/category.toml", 12};
  return make_event(lifecycle::Classified{c, parse_date(due)}, "2026-02-13T10:00:01+08:00", "",
                    "system");
}

inline lifecycle::Event assigned(const std::string& body = "hz.street.fengyang",
                                 std::vector<BodyId> partners = {}) {
  Assignment a;
  a.lead = BodyId{body};
  a.partners = std::move(partners);
  a.path = {PathStep{BodyId{body}, "chosen"}};
  a.graph_version = "g1";
  return make_event(lifecycle::Assigned{a}, "2026-02-13T10:00:02+08:00", body, "system");
}

// submitted, classified, assigned: what a successful submission writes.
inline std::vector<lifecycle::Event> intake(const std::string& external_id = "W-1",
                                            const std::string& body = "hz.street.fengyang") {
  return {submitted("walk_in", external_id), classified(), assigned(body)};
}

}  // namespace tiaojie::test
