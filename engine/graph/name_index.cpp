#include "graph/name_index.hpp"

#include <bit>
#include <functional>

namespace tiaojie::graph {
namespace {

std::uint64_t hash_of(std::string_view name) { return std::hash<std::string_view>{}(name); }
std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

}  // namespace

// Linear probing: the next slot is usually on the same cache line.
std::size_t NameIndex::slot_of(std::string_view name, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = tag_of(hash);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.offset == k_empty) return i;
    if (s.tag == tag && s.length == name.size() &&
        std::string_view(names_).substr(s.offset, s.length) == name) {
      return i;
    }
  }
}

void NameIndex::grow(std::size_t slots) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slots, Slot{});
  const std::size_t mask = slots - 1;
  for (const Slot& s : old) {
    if (s.offset == k_empty) continue;
    auto hash = hash_of(std::string_view(names_).substr(s.offset, s.length));
    std::size_t i = hash & mask;
    while (slots_[i].offset != k_empty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void NameIndex::reserve(std::size_t count, std::size_t bytes) {
  const std::size_t wanted = std::bit_ceil(count + count / 3 + 1);
  if (wanted > slots_.size()) grow(wanted);
  names_.reserve(names_.size() + bytes);
}

std::pair<NameIndex::Value*, bool> NameIndex::emplace(std::string_view name, Value value) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow(std::max<std::size_t>(16, slots_.size() * 2));
  const auto hash = hash_of(name);
  Slot& s = slots_[slot_of(name, hash)];
  if (s.offset != k_empty) return {&s.value, false};
  s = Slot{tag_of(hash), static_cast<std::uint32_t>(names_.size()),
           static_cast<std::uint32_t>(name.size()), value};
  names_.append(name);
  ++size_;
  return {&s.value, true};
}

const NameIndex::Value* NameIndex::find(std::string_view name) const {
  if (slots_.empty()) return nullptr;
  const Slot& s = slots_[slot_of(name, hash_of(name))];
  return s.offset == k_empty ? nullptr : &s.value;
}

}  // namespace tiaojie::graph
