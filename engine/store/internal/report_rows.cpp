#include "store/internal/report_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "store/internal/sqlite_tables.hpp"

namespace tiaojie::store::internal {
namespace {

using std::chrono::seconds;
using std::chrono::sys_days;

// Reads one '|'-terminated integer field; empty fields leave `value` alone and return false.
bool next_number(std::string_view& text, std::int64_t& value, bool& ok) {
  const auto bar = text.find('|');
  if (bar == std::string_view::npos) return ok = false;
  const auto field = text.substr(0, bar);
  text.remove_prefix(bar + 1);
  if (field.empty()) return false;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc{} || end != field.data() + field.size()) ok = false;
  return ok;
}

std::string_view next_field(std::string_view& text, bool& ok) {
  const auto bar = text.find('|');
  if (bar == std::string_view::npos) {
    ok = false;
    return {};
  }
  const auto field = text.substr(0, bar);
  text.remove_prefix(bar + 1);
  return field;
}

}  // namespace

std::int64_t active_until(const ReportCase& view) {
  if (view.steps.empty() || lifecycle::is_open(view.steps.back().status)) return k_still_open;
  return unix_seconds(view.steps.back().at);
}

Timestamp report_start(const ReportCase& view) {
  return std::min(view.received_at, view.steps.front().at);
}

std::string encode_steps(const std::vector<ReportStep>& steps) {
  std::string out;
  out.reserve(steps.size() * 48);
  for (const auto& s : steps) {
    fmt::format_to(std::back_inserter(out), "{}|{}|", unix_seconds(s.at),
                   lifecycle::to_string(s.status));
    if (s.due)
      fmt::format_to(std::back_inserter(out), "{}", sys_days{*s.due}.time_since_epoch().count());
    fmt::format_to(std::back_inserter(out), "|{}|{}|{}|{}\n", s.flags, s.notices,
                   s.body.value.size(), s.body.value);
  }
  return out;
}

Result<void> decode_steps(std::string_view text, std::vector<ReportStep>& out) {
  out.clear();
  bool ok = true;
  while (!text.empty() && ok) {
    ReportStep s;
    std::int64_t at = 0, due = 0, flags = 0, notices = 0, length = 0;
    next_number(text, at, ok);
    auto status = lifecycle::parse_status(next_field(text, ok));
    const bool has_due = next_number(text, due, ok);
    next_number(text, flags, ok);
    next_number(text, notices, ok);
    next_number(text, length, ok);
    if (!ok || !status || length < 0 || static_cast<std::size_t>(length) + 1 > text.size() ||
        text[static_cast<std::size_t>(length)] != '\n' || flags < 0 || flags > 65535 ||
        notices < 0 || notices > 65535) {
      ok = false;
      break;
    }
    s.at = from_unix_seconds(at);
    s.status = *status;
    if (has_due) s.due = CivilDate{sys_days{std::chrono::days{due}}};
    s.flags = static_cast<std::uint16_t>(flags);
    s.notices = static_cast<std::uint16_t>(notices);
    s.body = BodyId{std::string(text.substr(0, static_cast<std::size_t>(length)))};
    text.remove_prefix(static_cast<std::size_t>(length) + 1);
    out.push_back(std::move(s));
  }
  if (!ok || out.empty()) return std::unexpected(internal_error("unreadable report steps"));
  return tiaojie::ok;
}

std::string report_case_text(const ReportCase& v) {
  return fmt::format("received={} reply_due={} channel={} category={} active_until={} steps={}",
                     unix_seconds(v.received_at), v.reply_due ? unix_seconds(*v.reply_due) : -1,
                     v.channel, v.category, active_until(v), encode_steps(v.steps));
}

ReportRows::ReportRows(SQLite::Database& db)
    : select_(db,
              "SELECT case_id, received_at, reply_due, channel, category, steps FROM report_cases "
              "WHERE case_id = ?"),
      upsert_(db,
              "INSERT OR REPLACE INTO report_cases (case_id, received_at, reply_due, channel, "
              "category, started_at, active_until, steps) VALUES (?,?,?,?,?,?,?,?)") {}

Result<ReportCase> ReportRows::load(lifecycle::CaseId id) {
  ReportCase view;
  select_.bind(1, id.value);
  Result<void> read = tiaojie::ok;
  if (select_.executeStep()) read = read_report_case(select_, view);
  select_.reset();
  if (!read) return std::unexpected(read.error());
  return view;
}

void ReportRows::write(const ReportCase& v) { write(v.id, v, encode_steps(v.steps)); }

void ReportRows::write(lifecycle::CaseId id, const ReportCase& v, const std::string& steps) {
  auto& s = upsert_;
  s.bind(1, id.value);
  s.bind(2, unix_seconds(v.received_at));
  if (v.reply_due) {
    s.bind(3, unix_seconds(*v.reply_due));
  } else {
    s.bind(3);
  }
  s.bindNoCopy(4, v.channel);
  s.bindNoCopy(5, v.category);
  s.bind(6, unix_seconds(report_start(v)));
  s.bind(7, active_until(v));
  s.bindNoCopy(8, steps);
  s.exec();
  s.reset();
}

Result<void> read_report_case(SQLite::Statement& q, ReportCase& out) {
  out.id = CaseId{q.getColumn(0).getInt64()};
  out.received_at = from_unix_seconds(q.getColumn(1).getInt64());
  out.reply_due.reset();
  if (!q.getColumn(2).isNull()) out.reply_due = from_unix_seconds(q.getColumn(2).getInt64());
  out.channel.assign(q.getColumn(3).getText(), static_cast<std::size_t>(q.getColumn(3).getBytes()));
  out.category.assign(q.getColumn(4).getText(),
                      static_cast<std::size_t>(q.getColumn(4).getBytes()));
  const auto steps = q.getColumn(5);
  auto decoded = decode_steps(
      std::string_view(steps.getText(), static_cast<std::size_t>(steps.getBytes())), out.steps);
  if (!decoded) {
    return std::unexpected(internal_error(
        decoded.error().message, fmt::format("report_cases row of case {}", out.id.value)));
  }
  return tiaojie::ok;
}

Result<void> rebuild_report_cases(SQLite::Database& db) {
  db.exec("DELETE FROM report_cases");
  ReportRows rows(db);
  SQLite::Statement q(
      db, fmt::format("SELECT {} FROM events ORDER BY case_id, seq", event_columns(db)));
  ReportCase view;
  std::optional<CaseState> state;
  while (q.executeStep()) {
    auto se = read_event(q);
    if (!se) return std::unexpected(se.error());
    if (state && state->id != se->event.case_id) {
      rows.write(view);
      view = {};
      state.reset();
    }
    if (auto r = fold_report_event(view, state, se->event.case_id, se->event); !r) {
      return std::unexpected(
          internal_error(fmt::format("the log does not fold at seq {} (case {}): {}", se->seq,
                                     se->event.case_id.value, r.error().message)));
    }
  }
  if (state) rows.write(view);
  return tiaojie::ok;
}

}  // namespace tiaojie::store::internal
