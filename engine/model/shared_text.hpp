// An immutable string whose copies share one buffer: copying costs a reference count, not an
// allocation. For text that a snapshot makes once and every decision repeats (the rule set's
// version; RuleRef shares its texts the same way, as one block): a classification copies it per
// dispute, and as std::string each copy past the 15-byte small-string limit was a heap
// allocation (issue 19, docs/benchmarks.md "classify"). The copies keep the text alive after a
// hot reload has dropped the snapshot that made it.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <memory>
#include <string>
#include <string_view>

namespace tiaojie {

class SharedText {
 public:
  SharedText() = default;
  // Implicit both ways, so that it stands where a std::string stood (aggregates of literals,
  // functions taking const std::string&). NOLINTBEGIN(google-explicit-constructor)
  SharedText(std::string text)
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(std::string_view text) : SharedText(std::string(text)) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}
  operator const std::string&() const { return str(); }
  // NOLINTEND(google-explicit-constructor)

  [[nodiscard]] const std::string& str() const { return text_ ? *text_ : empty_text(); }
  [[nodiscard]] std::string_view view() const { return str(); }
  [[nodiscard]] bool empty() const { return !text_; }
  [[nodiscard]] std::size_t size() const { return str().size(); }
  [[nodiscard]] const char* c_str() const { return str().c_str(); }

  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.text_ == b.text_ || a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const SharedText& a, const SharedText& b) {
    return a.view() <=> b.view();
  }
  friend std::string operator+(const SharedText& a, std::string_view b) {
    return std::string(a.view()).append(b);
  }
  friend std::string operator+(const SharedText& a, const char* b) {
    return std::string(a.view()).append(b);
  }
  friend std::string operator+(const SharedText& a, const SharedText& b) {
    return std::string(a.view()).append(b.view());
  }
  friend std::string operator+(std::string a, const SharedText& b) { return a.append(b.view()); }
  friend std::string operator+(const char* a, const SharedText& b) {
    return std::string(a).append(b.view());
  }
  friend std::string operator+(const SharedText& a, char b) { return a.str() + b; }

 private:
  static const std::string& empty_text() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;  // null when empty: a default costs nothing
};

}  // namespace tiaojie

template <>
struct fmt::formatter<tiaojie::SharedText> : fmt::formatter<std::string_view> {
  auto format(const tiaojie::SharedText& t, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(t.view(), ctx);
  }
};
