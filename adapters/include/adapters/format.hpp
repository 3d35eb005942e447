// A channel's native record format, declared in TOML (config/formats/<id>.toml, documented in
// docs/adapters.md): which native fields feed which fields of the canonical dispute, and how
// their values are read. A new channel or a changed export is a new or edited file, not code.
//
// Formats are immutable once loaded; share them freely between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/error.hpp"

namespace tiaojie::adapters {

// A value a format may give directly: a default, or the right side of a value map.
using Scalar = std::variant<std::string, std::int64_t, double, bool>;

// How a rule reads a value from its native fields.
enum class Combine {
  first,   // `from = "a"` or `from = ["a", "b"]`: the first present, non-empty field
  concat,  // `concat = ["a", "b"]`: the non-empty fields joined by `separator`, each after its
           // label
  count,   // `count = ["原告", "被告"]`: parties counted over the fields (see mapper.hpp)
};

// The type of a canonical field: decides how native text is read. Implied by the target.
enum class ValueKind { text, datetime, amount, count, boolean };

// One line of the mapping: how one canonical field is filled.
struct FieldRule {
  std::string target;                // canonical field: "received_at", "claimant.phone", …
  ValueKind kind = ValueKind::text;  // implied by target
  Combine combine = Combine::first;
  std::vector<std::string> sources;  // native field paths ("诉求人", "原告[0].姓名", "a.b")
  std::string separator = "\n";      // concat only. Default: a newline
  std::vector<std::string> labels;   // concat only: put before each non-empty part. Default: none
  bool required = false;             // Default: false. A missing required field rejects the record
  // Sources that must each be present and non-empty (`required = ["诉求内容"]`): for a concat
  // whose other parts (a type label) must not stand in for a missing description. Default: none
  std::vector<std::string> required_sources;
  std::optional<Scalar> default_value;  // used when every source is absent or empty
  std::string prefix;  // text only: put before the value (e.g. "court-"). Default: ""
  // Value maps, tried on the trimmed native text: exact matches first, then `contains` in order.
  std::vector<std::pair<std::string, Scalar>> map;
  std::vector<std::pair<std::string, Scalar>> contains;
  // What an unmapped value does when the rule has maps. Default: "error" (reject the record);
  // "keep" reads the native value as if there were no map; "drop" leaves the field absent.
  enum class Unmapped { error, keep, drop } unmapped = Unmapped::error;
  std::vector<std::string> date_formats;  // datetime only; empty: the format's own
  std::string declared_at;                // "config/formats/x.toml:12:1", for messages
  // Where each map value, contains value and the default are written ("file:line:column"),
  // parallel to `map` and `contains`: `rules check` names them for a declared category that
  // matches no rule.
  std::vector<std::string> map_at, contains_at;
  std::string default_at;

  // reply_due only: a period counted from received_at, in the channel's own words, besides a
  // date or a date and time. "5个工作日" is 5 working days when "个工作日" is one of
  // `working_days`; the deadline is the end of the last day (docs/adapters.md). Default: none.
  std::vector<std::string> working_days, calendar_days, hours;
  // reply_due only: where the record gives none, the period for the first entry of `default_by`
  // whose text occurs in the first non-empty field of `default_from` (a 12345 order's 诉求类型:
  // 咨询 → 2个工作日). Default: none (no reply deadline).
  std::vector<std::string> default_from;
  std::vector<std::pair<std::string, std::string>> default_by;  // (text, period)
};

struct Format {
  std::string id;       // "hotline_12345": what `--channel`/`format` name
  std::string channel;  // canonical channel id the disputes carry. Default: the id
  std::string label;    // "12345 热线工单", for people
  // Layouts for datetime fields (see convert.hpp). Default: ISO forms and "%Y年%m月%d日 %H:%M".
  std::vector<std::string> date_formats;
  // Resolve the free-text address into street and community when they are not given.
  // Default: true.
  bool resolve_address = true;
  std::vector<FieldRule> fields;
  // Other names of a native field ([aliases] "诉求内容" = ["反映内容", "来电内容"]): offices name
  // their export's columns differently; a field missing under its own name is looked up under
  // these, in order. Default: none.
  std::map<std::string, std::vector<std::string>, std::less<>> aliases;
  std::string file;  // where it was loaded from

  [[nodiscard]] const FieldRule* rule_for(std::string_view target) const;
  // Every native field the format reads (sources, default_from), without aliases.
  [[nodiscard]] std::vector<std::string> native_fields() const;
  // Whether `column` is a field the format reads, under its own name or an alias.
  [[nodiscard]] bool reads(std::string_view column) const;
};

// A period written in a rule's words ("5个工作日", "三天", "48小时"); see FieldRule.
struct ReplyPeriod {
  enum class Unit { working_days, calendar_days, hours } unit = Unit::working_days;
  int count = 0;
};
[[nodiscard]] std::optional<ReplyPeriod> parse_period(const FieldRule& rule, std::string_view text);

// The values a format can put in declared_category (map and contains values, the default), each
// with where it is written. Empty when the format has no declared_category rule. A rule with
// `unmapped = "keep"` can emit any native value: those are not listed.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> declared_category_values(
    const Format& f);

// The canonical fields a rule may target, with their kinds.
[[nodiscard]] std::optional<ValueKind> target_kind(std::string_view target);

// Parses one format file. Errors (invalid_input, where = "file:line:column"): TOML syntax, an
// unknown key, an unknown target, a rule with no source or with two of from/concat/count, a map
// value of the wrong type for its target, a missing external_id or description rule, a bad
// unmapped policy. io_error when the file cannot be read.
[[nodiscard]] Result<Format> load_format(const std::filesystem::path& file);

// The same from text; `name` stands for the file in error locations.
[[nodiscard]] Result<Format> parse_format(std::string_view toml_text, std::string_view name);

// Every *.toml in `dir`, by id. Errors: the first file's error; conflict when two files declare
// the same id; not_found when the folder does not exist.
[[nodiscard]] Result<std::map<std::string, Format, std::less<>>> load_formats(
    const std::filesystem::path& dir);

}  // namespace tiaojie::adapters
