#include "adapters/mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "adapters/convert.hpp"
#include "internal/reply_period.hpp"
#include "model/utf8.hpp"

namespace tiaojie::adapters {
namespace {

namespace json = boost::json;

std::string preview(std::string_view s) {
  if (!is_valid_utf8(s)) return "(invalid UTF-8)";
  auto p = utf8_prefix(s, 60);
  return p.size() < s.size() ? std::string(p) + "…" : std::string(p);
}

std::string number_text(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  double d = v.get_double();
  if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15) return fmt::format("{:.0f}", d);
  return fmt::format("{}", d);
}

// The text of a native value, or nullopt for an object (no sensible text).
std::optional<std::string> native_text(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(trim(v.get_string()));
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return number_text(v);
    case json::kind::bool_:
      return std::string(v.get_bool() ? "是" : "否");
    case json::kind::null:
      return std::string{};
    case json::kind::array: {
      std::string out;
      for (const auto& item : v.get_array()) {
        if (item.is_object() || item.is_array()) return std::nullopt;
        auto t = native_text(item);
        if (!t || t->empty()) continue;
        if (!out.empty()) out += "、";
        out += *t;
      }
      return out;
    }
    case json::kind::object:
      return std::nullopt;
  }
  return std::nullopt;
}

bool is_empty(const json::value& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return trim(v.get_string()).empty();
  if (v.is_array()) return v.get_array().empty();
  return false;
}

std::string joined_sources(const FieldRule& rule) {
  return fmt::format("{}", fmt::join(rule.sources, rule.combine == Combine::first ? "/" : "+"));
}

// Counts the parties a native value names (see mapper.hpp).
std::optional<std::int64_t> count_in(const json::value& v) {
  if (v.is_array()) return static_cast<std::int64_t>(v.get_array().size());
  if (v.is_int64() && v.get_int64() >= 0) return v.get_int64();
  if (v.is_double()) return parse_count(number_text(v));
  if (!v.is_string()) return std::nullopt;
  std::string_view s = trim(v.get_string());
  if (s.empty()) return 0;
  if (auto n = parse_count(s)) return n;
  std::int64_t items = 0;
  std::string_view rest = s;
  static constexpr std::string_view k_separators[] = {"、", "，", ",", ";",
                                                      "；", "/",  " ", "\xE3\x80\x80"};
  while (!rest.empty()) {
    std::size_t cut = rest.size(), len = 0;
    for (auto sep : k_separators) {
      auto p = rest.find(sep);
      if (p != std::string_view::npos && p < cut) cut = p, len = sep.size();
    }
    if (!trim(rest.substr(0, cut)).empty()) ++items;
    rest = cut == rest.size() ? std::string_view{} : rest.substr(cut + len);
  }
  return items;
}

class RecordMapper {
 public:
  RecordMapper(const Format& f, const json::object& record) : format_(f), record_(record) {}

  // A reply period read from the record (or its per-type default), to be counted from
  // received_at once every field is read; and the native field it came from.
  struct PendingPeriod {
    ReplyPeriod period;
    std::string source;
  };
  [[nodiscard]] const std::optional<PendingPeriod>& pending_period() const { return pending_; }

  // The native value at `path`, under its own name or one of the format's aliases for it.
  const json::value* find(std::string_view path) const {
    if (const auto* v = find_native(record_, path)) return v;
    if (auto it = format_.aliases.find(path); it != format_.aliases.end()) {
      for (const auto& alias : it->second) {
        if (const auto* v = find_native(record_, alias)) return v;
      }
    }
    return nullptr;
  }

  // The canonical JSON value for one rule, nullopt when the field stays absent.
  Result<std::optional<json::value>> value_for(const FieldRule& rule) {
    for (const auto& path : rule.required_sources) {
      if (const auto* v = find(path); !v || is_empty(*v)) {
        return fail(path, rule, "is required but missing or empty");
      }
    }
    std::optional<json::value> raw;  // native, after combination
    std::string source = joined_sources(rule);
    switch (rule.combine) {
      case Combine::first:
        for (const auto& path : rule.sources) {
          if (const auto* v = find(path); v && !is_empty(*v)) {
            raw = *v;
            source = path;
            break;
          }
        }
        break;
      case Combine::concat: {
        std::string text;
        for (std::size_t i = 0; i < rule.sources.size(); ++i) {
          const auto* v = find(rule.sources[i]);
          if (!v || is_empty(*v)) continue;
          auto t = native_text(*v);
          if (!t) return fail(rule.sources[i], rule, "is an object; expected text");
          if (t->empty()) continue;
          if (!text.empty()) text += rule.separator;
          if (!rule.labels.empty()) text += rule.labels[i];
          text += *t;
        }
        if (!text.empty()) raw = json::value(text);
        break;
      }
      case Combine::count: {
        std::int64_t total = 0;
        bool any = false;
        for (const auto& path : rule.sources) {
          const auto* v = find(path);
          if (!v || is_empty(*v)) continue;
          auto n = count_in(*v);
          if (!n) return fail(path, rule, fmt::format("cannot be counted ({})", kind_of(*v)));
          total += *n;
          any = true;
        }
        if (any) raw = json::value(total);
        break;
      }
    }
    if (raw && (!rule.map.empty() || !rule.contains.empty())) {
      auto mapped = apply_maps(rule, *raw, source);
      if (!mapped) return std::unexpected(mapped.error());
      if (mapped->second) return convert(rule, scalar_json(*mapped->first), source);
      if (!mapped->first.has_value()) raw.reset();  // unmapped = "drop"
    }
    if (!raw) {
      if (!rule.default_by.empty()) return default_period(rule);
      if (rule.default_value)
        return convert(rule, scalar_json(*rule.default_value), "default of " + rule.target);
      if (rule.required) return fail(source, rule, "is required but missing or empty");
      return std::optional<json::value>{};
    }
    return convert(rule, *raw, source);
  }

 private:
  static std::string_view kind_of(const json::value& v) {
    switch (v.kind()) {
      case json::kind::object:
        return "an object";
      case json::kind::array:
        return "a list";
      case json::kind::bool_:
        return "a boolean";
      case json::kind::string:
        return "text";
      default:
        return "a number";
    }
  }

  static json::value scalar_json(const Scalar& s) {
    return std::visit([](const auto& v) { return json::value(v); }, s);
  }

  // No reply deadline on the record: the period its type gets (default_by), or none.
  Result<std::optional<json::value>> default_period(const FieldRule& rule) {
    for (const auto& path : rule.default_from) {
      const auto* v = find(path);
      if (!v || is_empty(*v)) continue;
      auto text = native_text(*v);
      if (!text) continue;
      for (const auto& [needle, period] : rule.default_by) {
        if (text->find(needle) == std::string::npos) continue;
        // Checked when the format was loaded.
        if (auto p = parse_period(rule, period)) pending_ = PendingPeriod{*p, path};
        return std::optional<json::value>{};
      }
      break;  // the first non-empty field decides
    }
    return std::optional<json::value>{};
  }

  std::unexpected<Error> fail(std::string_view source, const FieldRule& rule,
                              std::string reason) const {
    return std::unexpected(
        invalid_input(fmt::format("{} (→ {})", reason, rule.target), std::string(source)));
  }

  // first: the mapped value (empty optional: dropped); second: whether a map matched.
  using MapOutcome = std::pair<std::optional<Scalar>, bool>;
  Result<MapOutcome> apply_maps(const FieldRule& rule, const json::value& raw,
                                const std::string& source) const {
    auto text = native_text(raw);
    if (!text) return fail(source, rule, "is an object; expected a value to look up");
    for (const auto& [key, value] : rule.map) {
      if (key == *text) return MapOutcome{value, true};
    }
    for (const auto& [needle, value] : rule.contains) {
      if (text->find(needle) != std::string::npos) return MapOutcome{value, true};
    }
    switch (rule.unmapped) {
      case FieldRule::Unmapped::keep:
        return MapOutcome{Scalar{*text}, false};
      case FieldRule::Unmapped::drop:
        return MapOutcome{std::nullopt, false};
      case FieldRule::Unmapped::error:
        break;
    }
    std::vector<std::string_view> known;
    for (const auto* list : {&rule.map, &rule.contains}) {
      for (const auto& kv : *list) {
        if (std::find(known.begin(), known.end(), kv.first) == known.end())
          known.push_back(kv.first);
      }
    }
    return fail(source, rule,
                fmt::format("\"{}\" is not a known value; expected {}{}", preview(*text),
                            rule.contains.empty() ? "one of " : "one of or text containing ",
                            fmt::join(known, ", ")));
  }

  Result<std::optional<json::value>> convert(const FieldRule& rule, const json::value& v,
                                             const std::string& source) {
    using R = std::optional<json::value>;
    auto text = native_text(v);
    switch (rule.kind) {
      case ValueKind::text: {
        if (!text) return fail(source, rule, "is an object; expected text");
        if (text->empty()) return R{};
        return R{json::value(rule.prefix + *text)};
      }
      case ValueKind::datetime: {
        if (!v.is_string())
          return fail(source, rule, fmt::format("is {}; expected a date-time", kind_of(v)));
        const auto& layouts = rule.date_formats.empty() ? format_.date_formats : rule.date_formats;
        if (auto t = parse_local_datetime(*text, layouts)) {
          Timestamp instant = t->instant;
          // A deadline given as a day runs to the end of that day.
          if (!t->has_time && rule.target == "reply_due") instant += std::chrono::seconds{86399};
          return R{json::value(format_timestamp(instant))};
        }
        if (auto t = parse_timestamp(*text)) return R{json::value(format_timestamp(*t))};
        if (auto p = parse_period(rule, *text)) {
          pending_ = PendingPeriod{*p, source};
          return R{};
        }
        std::vector<std::string_view> words;
        for (const auto* list : {&rule.working_days, &rule.calendar_days, &rule.hours}) {
          if (!list->empty()) words.push_back(list->front());
        }
        if (!words.empty()) {
          return fail(
              source, rule,
              fmt::format("\"{}\" is neither a date-time in a known layout ({}) nor a period "
                          "(N{})",
                          preview(*text), fmt::join(layouts, " | "), fmt::join(words, ", N")));
        }
        return fail(source, rule,
                    fmt::format("\"{}\" is not a date-time in a known layout ({})", preview(*text),
                                fmt::join(layouts, " | ")));
      }
      case ValueKind::amount: {
        if (v.is_number()) {
          double x = v.to_number<double>();
          if (x < 0 || !std::isfinite(x))
            return fail(source, rule, fmt::format("{} is not an amount", number_text(v)));
          return R{json::value(x)};
        }
        if (!v.is_string())
          return fail(source, rule, fmt::format("is {}; expected an amount", kind_of(v)));
        if (auto x = parse_amount(*text)) return R{json::value(*x)};
        return fail(source, rule,
                    fmt::format("\"{}\" is not an amount of yuan (e.g. 400000, 40万元, ¥4,000.50)",
                                preview(*text)));
      }
      case ValueKind::count: {
        if (v.is_int64() || v.is_uint64()) return R{v};
        if (v.is_string() || v.is_double()) {
          if (auto n = parse_count(*text)) return R{json::value(*n)};
        }
        return fail(source, rule,
                    fmt::format("\"{}\" is not a number of people (e.g. 3, 3人, 三十余人)",
                                preview(text.value_or("?"))));
      }
      case ValueKind::boolean: {
        if (v.is_bool()) return R{v};
        if (text) {
          for (std::string_view yes : {"是", "有", "true", "TRUE", "True", "yes", "Y", "y", "1"}) {
            if (*text == yes) return R{json::value(true)};
          }
          for (std::string_view no :
               {"否", "无", "没有", "false", "FALSE", "False", "no", "N", "n", "0"}) {
            if (*text == no) return R{json::value(false)};
          }
        }
        return fail(source, rule,
                    fmt::format("\"{}\" is not yes or no (是/否, 有/无, true/false)",
                                preview(text.value_or("?"))));
      }
    }
    return R{};
  }

  const Format& format_;
  const json::object& record_;
  std::optional<PendingPeriod> pending_;
};

void set_path(json::object& out, std::string_view target, json::value v) {
  auto dot = target.find('.');
  if (dot == std::string_view::npos) {
    out[target] = std::move(v);
    return;
  }
  auto& inner = out[target.substr(0, dot)];
  if (!inner.is_object()) inner = json::object{};
  inner.get_object()[target.substr(dot + 1)] = std::move(v);
}

}  // namespace

const json::value* find_native(const json::object& record, std::string_view path) {
  if (auto it = record.find(path); it != record.end()) return &it->value();
  const json::value* at = nullptr;
  const json::object* obj = &record;
  std::string_view rest = path;
  while (!rest.empty()) {
    std::size_t cut = rest.find_first_of(".[");
    std::string_view key = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut);
    if (!key.empty()) {
      if (!obj) {
        // "a.0.b": a numeric segment indexes an array.
        std::size_t index = 0;
        auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
        if (ec != std::errc{} || p != key.data() + key.size() || !at || !at->is_array() ||
            index >= at->get_array().size()) {
          return nullptr;
        }
        at = &at->get_array()[index];
      } else {
        auto it = obj->find(key);
        if (it == obj->end()) return nullptr;
        at = &it->value();
      }
    }
    while (rest.starts_with('[')) {
      auto close = rest.find(']');
      if (close == std::string_view::npos || !at || !at->is_array()) return nullptr;
      std::size_t index = 0;
      auto [p, ec] = std::from_chars(rest.data() + 1, rest.data() + close, index);
      if (ec != std::errc{} || p != rest.data() + close || index >= at->get_array().size())
        return nullptr;
      at = &at->get_array()[index];
      rest.remove_prefix(close + 1);
    }
    if (rest.starts_with('.')) rest.remove_prefix(1);
    obj = at && at->is_object() ? &at->get_object() : nullptr;
  }
  return at;
}

json::object location_to_json(const LocationMatch& m) {
  json::object o;
  o["street"] = m.street;
  o["community"] = m.community;
  o["method"] = to_string(m.method);
  o["confidence"] = m.confidence;
  o["matched"] = m.matched;
  if (!m.note.empty()) o["note"] = m.note;
  if (m.review) {
    o["review"] = true;
    json::array candidates;
    for (const auto& c : m.candidates) candidates.emplace_back(c);
    o["candidates"] = std::move(candidates);
  }
  return o;
}

Result<MappedDispute> map_record(const Format& format, const json::object& record,
                                 const Gazetteer* gazetteer, const DisputeSchema& schema,
                                 const lifecycle::WorkingCalendar* calendar) {
  RecordMapper mapper(format, record);
  json::object canonical;
  canonical["channel"] = format.channel;
  for (const auto& rule : format.fields) {
    auto v = mapper.value_for(rule);
    if (!v) return std::unexpected(v.error());
    if (*v) set_path(canonical, rule.target, std::move(**v));
  }
  // A reply period counts from received_at, whichever rule came first.
  if (const auto& pending = mapper.pending_period()) {
    auto it = canonical.find("received_at");
    auto received = it != canonical.end() && it->value().is_string()
                        ? parse_timestamp(it->value().get_string())
                        : std::nullopt;
    if (!received) {
      const auto* rule = format.rule_for("received_at");
      return std::unexpected(
          invalid_input(fmt::format("a reply period counts from the time received ({}), which the "
                                    "record does not give (→ reply_due)",
                                    rule ? joined_sources(*rule) : "received_at"),
                        pending->source));
    }
    canonical["reply_due"] =
        format_timestamp(internal::reply_period_end(calendar, *received, pending->period));
  }

  LocationMatch location;
  auto text_of = [&](std::string_view key) -> std::string {
    auto it = canonical.find(key);
    return it != canonical.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                            : std::string{};
  };
  if (format.resolve_address && gazetteer) {
    location =
        resolve_location(*gazetteer, text_of("street"), text_of("community"), text_of("address"));
    canonical.erase("street");
    canonical.erase("community");
    if (!location.street.empty()) canonical["street"] = location.street;
    if (!location.community.empty()) canonical["community"] = location.community;
    if (location.review) canonical["location_review"] = location.note;
  } else if (auto s = text_of("street"); !s.empty()) {
    location.street = s;
    location.community = text_of("community");
    location.method = MatchMethod::declared;
    location.confidence = 1.0;
    location.matched = s;
  }

  // The canonical parser has the last word on shape and limits; its errors name canonical
  // fields, which are translated back to the native fields that fed them.
  auto dispute = dispute_from_json(canonical, schema);
  if (!dispute) {
    Error e = dispute.error();
    std::string target = e.where;
    if (const auto* rule = format.rule_for(target)) {
      e.message = fmt::format("{} (→ {})", e.message, target);
      e.where = joined_sources(*rule);
    }
    return std::unexpected(std::move(e));
  }
  return MappedDispute{std::move(*dispute), std::move(location)};
}

LocationMatch resolve_dispute_location(Dispute& d, const Gazetteer& g) {
  if (d.location_review || !d.address) return {};
  LocationMatch m =
      resolve_location(g, d.street.value_or(""), d.community.value_or(""), *d.address);
  if (m.review) {
    d.location_review = m.note;
  } else if (!d.street && !m.street.empty()) {
    // A declared street is kept as written: the graph reads every usual form of it.
    d.street = m.street;
    if (!m.community.empty()) d.community = m.community;
  }
  return m;
}

}  // namespace tiaojie::adapters
