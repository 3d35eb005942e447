#include "graph/name_index.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using tiaojie::graph::NameIndex;

TEST_CASE("an empty name index finds nothing") {
  NameIndex index;
  CHECK(index.find("") == nullptr);
  CHECK(index.find("青凤社区") == nullptr);
  CHECK(index.size() == 0);
}

TEST_CASE("a name added once keeps its first value, and a second add reports it") {
  NameIndex index;
  auto [value, fresh] = index.emplace("凤阳", 7);
  CHECK(fresh);
  CHECK(*value == 7);
  auto [again, fresh_again] = index.emplace("凤阳", 9);
  CHECK_FALSE(fresh_again);
  CHECK(*again == 7);
  *again = 8;  // a caller may mark the entry (the graph marks shared names ambiguous)
  REQUIRE(index.find("凤阳") != nullptr);
  CHECK(*index.find("凤阳") == 8);
  CHECK(index.find("凤阳街") == nullptr);
  CHECK(index.find("凤") == nullptr);
  CHECK(index.size() == 1);
}

TEST_CASE("names with embedded zero bytes, the empty name and prefixes are distinct") {
  NameIndex index;
  const std::string with_zero("\x01\0\0\0abc", 7);
  index.emplace(with_zero, 1);
  index.emplace("", 2);
  index.emplace("abc", 3);
  index.emplace(std::string("\x01\0\0\0ab", 6), 4);
  CHECK(*index.find(with_zero) == 1);
  CHECK(*index.find("") == 2);
  CHECK(*index.find("abc") == 3);
  CHECK(*index.find(std::string("\x01\0\0\0ab", 6)) == 4);
}

TEST_CASE("a name index grown from empty and one reserved agree with std::map on 100k names") {
  std::map<std::string, std::uint32_t> expected;
  NameIndex grown, reserved;
  reserved.reserve(100000);
  for (std::uint32_t i = 0; i < 100000; ++i) {
    auto name = "p" + std::to_string(i % 31) + ".c" + std::to_string(i);
    expected.emplace(name, i);
    CHECK(grown.emplace(name, i).second);
    CHECK(reserved.emplace(name, i).second);
  }
  CHECK(grown.size() == expected.size());
  for (const auto& [name, value] : expected) {
    REQUIRE(grown.find(name) != nullptr);
    CHECK(*grown.find(name) == value);
    CHECK(*reserved.find(name) == value);
  }
  CHECK(grown.find("p0.c100000") == nullptr);
}
