// A small district for graph tests: district D with four bodies, streets 甲 and 乙 with a
// committee, a judicial office and a police room each, and three communities. Small enough that
// every expected assignment can be worked out by hand.
#pragma once

#include <string>
#include <vector>

#include "graph/load.hpp"

namespace tiaojie::test {

inline const std::string k_mini_header = R"(
[graph]
name = "mini"
categories = ["neighbour", "labour", "medical", "public_security", "other"]
intake = "d.centre"

[kind.community]
level = "community"
capacity = 2
competences = ["neighbour", "other"]
leads = ["people"]

[kind.street_committee]
level = "street"
capacity = 3
competences = ["neighbour", "labour", "other"]
leads = ["people"]

[kind.judicial]
level = "street"
capacity = 3
competences = ["neighbour", "public_security"]
leads = ["people"]
joins = ["joint_police"]

[kind.police]
level = "street"
capacity = 3
competences = ["public_security"]
leads = ["joint_police", "people"]
)";

inline const std::string k_mini_district = R"(
[[body]]
id = "d.centre"
name = "centre"
level = "district"
jurisdiction = "D"
capacity = 100
competences = ["neighbour", "labour", "medical", "public_security", "other"]
leads = ["people"]

[[body]]
id = "d.committee"
name = "district committee"
level = "district"
jurisdiction = "D"
capacity = 10
competences = ["neighbour", "labour", "other"]
leads = ["people"]
joins = ["joint_labour"]
refers_to = ["d.labour", "d.medical"]

[[body]]
id = "d.labour"
name = "labour centre"
level = "district"
jurisdiction = "D"
capacity = 5
competences = ["labour"]
leads = ["joint_labour", "people"]
partners_with = ["d.committee"]

[[body]]
id = "d.medical"
name = "medical committee"
level = "district"
jurisdiction = "D"
capacity = 5
competences = ["medical"]
leads = ["medical_committee"]
)";

inline std::string mini_street(const std::string& key, const std::string& name) {
  return "\n[[body]]\nid = \"" + key + ".committee\"\nname = \"" + name +
         "街道人民调解委员会\"\nkind = \"street_committee\"\njurisdiction = \"D/" + name +
         "街道\"\nescalates_to = \"d.committee\"\nrefers_to = [\"" + key + ".police\"]\n" +
         "\n[[body]]\nid = \"" + key + ".judicial\"\nname = \"" + name +
         "街道司法所\"\nkind = \"judicial\"\njurisdiction = \"D/" + name +
         "街道\"\nescalates_to = \"d.committee\"\n" + "\n[[body]]\nid = \"" + key +
         ".police\"\nname = \"" + name + "派出所\"\nkind = \"police\"\njurisdiction = \"D/" + name +
         "街道\"\nescalates_to = \"d.committee\"\npartners_with = [\"" + key + ".judicial\"]\n";
}

inline std::string mini_community(const std::string& id, const std::string& street_key,
                                  const std::string& street, const std::string& name) {
  return "\n[[body]]\nid = \"" + id + "\"\nname = \"" + name +
         "人民调解委员会\"\nkind = " + "\"community\"\njurisdiction = \"D/" + street + "街道/" +
         name + "\"\nescalates_to = \"" + street_key + ".committee\"\n";
}

// The whole mini graph as one file's text.
inline std::string mini_graph_text() {
  return k_mini_header + k_mini_district + mini_street("a", "甲") + mini_street("b", "乙") +
         mini_community("a1", "a", "甲", "一社区") + mini_community("a2", "a", "甲", "二社区") +
         mini_community("b3", "b", "乙", "三社区");
}

inline std::vector<graph::GraphSource> one_file(std::string text) {
  return {graph::GraphSource{"mini.toml", std::move(text)}};
}

}  // namespace tiaojie::test
