// What a loaded Format says about itself: the fields it reads, the periods its words spell, the
// categories it declares. format_toml.cpp reads the file.
#include "adapters/format.hpp"

#include <algorithm>
#include <charconv>

#include "adapters/convert.hpp"

namespace tiaojie::adapters {
namespace {

// The top-level field of a path: "原告[0].姓名" → "原告" (a CSV column holds the whole path).
std::string_view top_of(std::string_view path) { return path.substr(0, path.find_first_of(".[")); }

}  // namespace

std::vector<std::string> Format::native_fields() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  for (const auto& r : fields) {
    for (const auto& s : r.sources) add(s);
    for (const auto& s : r.default_from) add(s);
  }
  return out;
}

bool Format::reads(std::string_view column) const {
  for (const auto& field : native_fields()) {
    if (field == column || top_of(field) == column) return true;
    if (auto it = aliases.find(field); it != aliases.end()) {
      if (std::find(it->second.begin(), it->second.end(), column) != it->second.end()) return true;
    }
  }
  return false;
}

std::optional<ReplyPeriod> parse_period(const FieldRule& rule, std::string_view raw) {
  const std::string folded = fold_full_width(trim(raw));
  const std::string_view text = trim(folded);
  // The longest word that ends the text decides the unit ("个工作日" before "日").
  std::optional<ReplyPeriod::Unit> unit;
  std::size_t word = 0;
  for (auto [words, u] : {std::pair{&rule.working_days, ReplyPeriod::Unit::working_days},
                          std::pair{&rule.calendar_days, ReplyPeriod::Unit::calendar_days},
                          std::pair{&rule.hours, ReplyPeriod::Unit::hours}}) {
    for (const auto& w : *words) {
      if (w.size() > word && text.size() > w.size() && text.ends_with(w)) unit = u, word = w.size();
    }
  }
  if (!unit) return std::nullopt;
  std::string_view number = trim(text.substr(0, text.size() - word));
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc{} || end != number.data() + number.size()) {
    auto chinese = parse_chinese_integer(number);
    if (!chinese) return std::nullopt;
    n = *chinese;
  }
  if (n < 1 || n > 3650) return std::nullopt;
  return ReplyPeriod{*unit, static_cast<int>(n)};
}

std::vector<std::pair<std::string, std::string>> declared_category_values(const Format& f) {
  std::vector<std::pair<std::string, std::string>> out;
  const FieldRule* rule = f.rule_for("declared_category");
  if (!rule) return out;
  auto add = [&](const Scalar& v, const std::string& at) {
    if (const auto* s = std::get_if<std::string>(&v))
      out.emplace_back(*s, at.empty() ? rule->declared_at : at);
  };
  for (std::size_t i = 0; i < rule->map.size(); ++i)
    add(rule->map[i].second, i < rule->map_at.size() ? rule->map_at[i] : "");
  for (std::size_t i = 0; i < rule->contains.size(); ++i) {
    add(rule->contains[i].second, i < rule->contains_at.size() ? rule->contains_at[i] : "");
  }
  if (rule->default_value) add(*rule->default_value, rule->default_at);
  return out;
}

}  // namespace tiaojie::adapters
