// NameIndex: a map from names (byte strings) to 32-bit values in two flat arrays, for the graph's
// id and place-name lookups. A national graph has 640k ids and 600k community names: node-based
// hash maps cost an allocation per entry to build and three dependent cache misses per lookup
// (bucket, node, out-of-line key); here a lookup is one slot of an open-addressed table and one
// compare in a contiguous buffer of the names.
//
// Thread-safety: const members are safe from any number of threads; building is single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::graph {

class NameIndex {
 public:
  using Value = std::uint32_t;

  // Room for `count` names of `bytes` in all without growing.
  void reserve(std::size_t count, std::size_t bytes = 0);
  // Adds `name` → `value` and returns {its value, true}; when `name` is already there, changes
  // nothing and returns {the value it has, false}.
  std::pair<Value*, bool> emplace(std::string_view name, Value value);
  // The value of `name`, or nullptr.
  [[nodiscard]] const Value* find(std::string_view name) const;
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  // One table entry: the name is names_[offset, offset + length). Empty when offset == k_empty.
  struct Slot {
    std::uint32_t tag = 0;  // the hash's high bits: most mismatches end here, without the compare
    std::uint32_t offset = k_empty;
    std::uint32_t length = 0;
    Value value = 0;
  };
  static constexpr std::uint32_t k_empty = 0xFFFFFFFFu;

  [[nodiscard]] std::size_t slot_of(std::string_view name, std::uint64_t hash) const;
  void grow(std::size_t slots);

  std::vector<Slot> slots_;  // a power of two in size, at most 3/4 full; empty until the first add
  std::string names_;
  std::size_t size_ = 0;
};

}  // namespace tiaojie::graph
