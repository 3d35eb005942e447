// The calendar file loader: the only I/O of tiaojie::lifecycle. toml++ exceptions stop here.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lifecycle/calendar.hpp"

namespace tiaojie::lifecycle {
namespace {

using std::chrono::sys_days;

std::string where(std::string_view file, const toml::source_region& r) {
  return fmt::format("{}:{}:{}", file, r.begin.line, r.begin.column);
}

// Reads one table's fields, collecting the first error with its file:line:column.
class FieldReader {
 public:
  FieldReader(std::string_view file, const toml::table& table) : file_(file), table_(table) {}

  const toml::node* get(std::string_view key) {
    const auto* n = table_.get(key);
    if (n == nullptr) fail(table_.source(), fmt::format("missing field \"{}\"", key));
    return n;
  }
  std::string string(std::string_view key) {
    const auto* n = get(key);
    if (n == nullptr) return {};
    if (!n->is_string()) return fail(n->source(), fmt::format("\"{}\" must be a string", key)), "";
    return std::string(n->as_string()->get());
  }
  std::optional<CivilDate> date(const toml::node& n, std::string_view what) {
    if (!n.is_date())
      return fail(n.source(), fmt::format("{} must be a date like 2026-02-15", what)), std::nullopt;
    const auto d = n.as_date()->get();
    CivilDate out{std::chrono::year{d.year}, std::chrono::month{d.month}, std::chrono::day{d.day}};
    if (!out.ok())
      return fail(n.source(), fmt::format("{} is not a real date", what)), std::nullopt;
    return out;
  }
  void only(std::initializer_list<std::string_view> keys) {
    for (const auto& [k, v] : table_) {
      bool known = false;
      for (auto key : keys) known = known || k.str() == key;
      if (!known) fail(v.source(), fmt::format("unknown field \"{}\"", k.str()));
    }
  }
  void fail(const toml::source_region& r, std::string message) {
    if (!error_) error_ = invalid_input(std::move(message), where(file_, r));
  }
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }

 private:
  std::string_view file_;
  const toml::table& table_;
  std::optional<Error> error_;
};

std::optional<int> year_of_file_name(std::string_view file_name) {
  auto stem = std::filesystem::path(file_name).stem().string();
  if (stem.size() != 4) return std::nullopt;
  int y = 0;
  for (char c : stem) {
    if (c < '0' || c > '9') return std::nullopt;
    y = y * 10 + (c - '0');
  }
  return y;
}

}  // namespace

Result<CalendarYear> parse_calendar_year(std::string_view text, std::string_view file_name) {
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    return std::unexpected(
        invalid_input(std::string(e.description()), where(file_name, e.source())));
  }
  FieldReader top(file_name, root);
  top.only({"year", "source", "holiday"});
  CalendarYear out;
  if (const auto* y = top.get("year"); y != nullptr) {
    if (!y->is_integer()) {
      top.fail(y->source(), "\"year\" must be an integer");
    } else {
      out.year = static_cast<int>(y->as_integer()->get());
      auto named = year_of_file_name(file_name);
      if (named && *named != out.year) {
        top.fail(y->source(), fmt::format("year {} in a file named for {}", out.year, *named));
      }
    }
  }
  out.source = top.string("source");
  if (top.error()) return std::unexpected(*top.error());

  const auto* holidays = root.get("holiday");
  if (holidays == nullptr || !holidays->is_array_of_tables()) {
    return std::unexpected(
        invalid_input("expected [[holiday]] tables", where(file_name, root.source())));
  }
  std::map<sys_days, toml::source_region> off_at;
  for (const auto& node : *holidays->as_array()) {
    const auto& t = *node.as_table();
    FieldReader r(file_name, t);
    r.only({"name", "first", "last", "make_up"});
    Holiday h;
    h.name = r.string("name");
    const auto* first = r.get("first");
    const auto* last = r.get("last");
    if (first != nullptr && last != nullptr) {
      auto f = r.date(*first, "first");
      auto l = r.date(*last, "last");
      if (f && l) {
        h.first = *f;
        h.last = *l;
        if (static_cast<int>(f->year()) != out.year)
          r.fail(first->source(), fmt::format("not in {}", out.year));
        if (static_cast<int>(l->year()) != out.year)
          r.fail(last->source(), fmt::format("not in {}", out.year));
        if (sys_days{*l} < sys_days{*f}) r.fail(last->source(), "last day off is before the first");
        for (auto d = sys_days{*f}; d <= sys_days{*l} && !r.error(); d += std::chrono::days{1}) {
          if (!off_at.emplace(d, first->source()).second) {
            r.fail(first->source(), fmt::format("{} is already a day off of another holiday",
                                                format_date(CivilDate{d})));
          }
        }
      }
    }
    if (const auto* mu = t.get("make_up"); mu != nullptr) {
      if (!mu->is_array()) {
        r.fail(mu->source(), "\"make_up\" must be an array of dates");
      } else {
        for (const auto& m : *mu->as_array()) {
          auto d = r.date(m, "a make-up day");
          if (!d) break;
          if (static_cast<int>(d->year()) != out.year) {
            r.fail(m.source(),
                   fmt::format("make-up day {} is not in {}", format_date(*d), out.year));
          } else if (!is_weekend(*d)) {
            r.fail(m.source(), fmt::format("make-up day {} is not a Saturday or Sunday: it is a "
                                           "working day anyway",
                                           format_date(*d)));
          }
          h.make_up.push_back(*d);
        }
      }
    }
    if (r.error()) return std::unexpected(*r.error());
    out.holidays.push_back(std::move(h));
  }
  // Make-up days that are also days off: checked once all holidays are read.
  for (std::size_t i = 0; i < out.holidays.size(); ++i) {
    for (const auto& m : out.holidays[i].make_up) {
      if (off_at.contains(sys_days{m})) {
        const auto& t = *holidays->as_array()->get(i)->as_table();
        return std::unexpected(invalid_input(
            fmt::format("{} is both a day off and a make-up working day", format_date(m)),
            where(file_name, t.get("make_up")->source())));
      }
    }
  }
  return out;
}

Result<WorkingCalendar> load_calendar_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return std::unexpected(not_found(fmt::format("no calendar directory {}", dir.string())));
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto& p = entry.path();
    if (p.extension() == ".toml" && year_of_file_name(p.filename().string())) files.push_back(p);
  }
  if (ec) return std::unexpected(io_error(ec.message(), dir.string()));
  if (files.empty()) {
    return std::unexpected(
        not_found(fmt::format("no <year>.toml calendar file in {}", dir.string())));
  }
  std::sort(files.begin(), files.end());
  WorkingCalendar calendar;
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::unexpected(io_error("cannot read the file", p.string()));
    std::ostringstream text;
    text << in.rdbuf();
    auto year = parse_calendar_year(text.str(), p.string());
    if (!year) return std::unexpected(year.error());
    if (auto r = calendar.add_year(std::move(*year)); !r) {
      auto e = r.error();
      e.where = p.string();
      return std::unexpected(e);
    }
  }
  return calendar;
}

}  // namespace tiaojie::lifecycle
