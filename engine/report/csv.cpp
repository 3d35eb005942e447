// render_csv_files (render.hpp): one file per table for Excel, each with one header row, its
// rows, and for the unit tables a 合计 row; the 超期预警 flag a column of its own.
#include <fmt/format.h>

#include "report/internal/clock_table.hpp"
#include "report/internal/handling_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::text;
using Row = std::vector<std::string>;

// RFC 4180 quoting: only when the field holds a separator, a quote or a line break.
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void line(std::string& out, const Row& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += field(fields[i]);
  }
  out += "\r\n";
}

CsvFile file(std::string name, const std::vector<Row>& rows) {
  CsvFile f{std::move(name), "\xEF\xBB\xBF"};
  for (const auto& r : rows) line(f.text, r);
  return f;
}

std::string t(Lang lang, std::string_view key) { return std::string(text(lang, key)); }

std::string yes_no(Lang lang, bool flag) { return t(lang, flag ? "yes" : "no"); }

std::string number(std::optional<double> v) {
  return v ? fmt::format("{}", static_cast<std::int64_t>(*v)) : "";
}

CsvFile units(Lang lang, std::string_view key, const std::vector<UnitRow>& rows,
              const UnitRow& total) {
  std::vector<Row> out;
  Row head{std::string(internal::head(lang, key)), t(lang, "code")};
  for (const auto& c : internal::unit_columns()) head.push_back(t(lang, c.key));
  head.push_back(t(lang, "flag_behind"));
  out.push_back(std::move(head));
  const auto row = [&](std::string name, std::string code, const UnitRow& r, std::string flag) {
    Row f{std::move(name), std::move(code)};
    for (const auto& c : internal::unit_columns()) f.push_back(c.value(r));
    f.push_back(std::move(flag));
    out.push_back(std::move(f));
  };
  for (const auto& r : rows)
    row(internal::display_name(lang, key, r), r.key, r, yes_no(lang, internal::behind(r, total)));
  row(t(lang, "total_row"), "", total, yes_no(lang, internal::behind(total, total)));
  return file(std::string(key), out);
}

CsvFile summary(Lang lang, const WeeklyReport& rep) {
  std::vector<Row> out{{t(lang, "kind"), internal::ptext(lang, "week_col", rep.period.kind),
                        internal::ptext(lang, "previous", rep.period.kind),
                        internal::ptext(lang, "change", rep.period.kind)}};
  out.push_back(
      {internal::ptext(lang, "title", rep.period.kind), internal::title(lang, rep), "", ""});
  out.push_back(
      {internal::ptext(lang, "week", rep.period.kind), internal::issue_line(lang, rep), "", ""});
  out.push_back({t(lang, "scope"), internal::scope_text(lang, rep), "", ""});
  for (const auto& f : internal::headline_figures(rep)) {
    const auto change = internal::change_value(f);
    std::string change_text;
    if (change && f.rate) {
      change_text = fmt::format("{:+.0f}%", *change * 100.0);
    } else if (change) {
      change_text = fmt::format("{:+}", static_cast<std::int64_t>(*change));
    }
    out.push_back({t(lang, f.key), f.rate ? internal::percent(f.value) : number(f.value),
                   f.rate ? internal::percent(f.previous) : number(f.previous), change_text});
  }
  for (const auto& note : internal::period_notes(lang, rep))
    out.push_back({t(lang, "notes"), note, "", ""});
  return file("summary", out);
}

CsvFile major(Lang lang, const WeeklyReport& rep) {
  std::vector<Row> out{
      {t(lang, "kind"), t(lang, "disputes"), t(lang, "people"), t(lang, "amount") + "(元)"}};
  const auto add = [&](std::string label, const InvolvedTotals& x) {
    out.push_back({std::move(label), std::to_string(x.disputes), std::to_string(x.parties),
                   fmt::format("{:.0f}", x.amount)});
  };
  if (rep.key.read) {
    add(internal::ptext(lang, "new_all", rep.period.kind), rep.key.all);
    add(internal::textf(lang, "group_row", rep.options.group_parties_min), rep.key.group);
    add(internal::textf(lang, "major_row",
                        internal::amount_text(lang, rep.options.major_amount_min)),
        rep.key.major);
  }
  return file("major", out);
}

CsvFile keys(Lang lang, const WeeklyReport& rep) {
  std::vector<Row> out{{t(lang, "case_id"), t(lang, "received"), t(lang, "street"), t(lang, "body"),
                        t(lang, "code"), t(lang, "category"), t(lang, "people"),
                        t(lang, "amount") + "(元)", t(lang, "priority"), t(lang, "status"),
                        t(lang, "reason")}};
  for (const auto& d : rep.key.list) {
    out.push_back({std::to_string(d.case_id), format_date(shanghai_date(d.received_at)), d.street,
                   d.body_name, d.body, internal::category_label(lang, d.category),
                   d.parties ? std::to_string(*d.parties) : "",
                   d.amount ? fmt::format("{:.0f}", *d.amount) : "",
                   internal::priority_label(lang, d.priority),
                   internal::status_label(lang, d.status), internal::key_reason(lang, d)});
  }
  return file("key_disputes", out);
}

}  // namespace

std::string csv_file_name(Period period, std::string_view table) {
  return fmt::format("report-{}-{}.csv", format_period(period), table);
}

std::vector<CsvFile> render_csv_files(const WeeklyReport& rep, Lang lang) {
  std::vector<CsvFile> files;
  files.push_back(summary(lang, rep));
  files.push_back(units(lang, "levels", rep.levels, rep.total));
  files.push_back(units(lang, "streets", rep.streets, rep.total));
  files.push_back(units(lang, "bodies", rep.bodies, rep.total));
  files.push_back(units(lang, "categories", rep.categories, rep.total));
  files.push_back(units(lang, "channels", rep.channels, rep.total));

  std::vector<Row> trend{{internal::ptext(lang, "week", rep.period.kind), t(lang, "open_start"),
                          t(lang, "new_cases"), t(lang, "closed"), t(lang, "open_end"),
                          t(lang, "overdue_mediation"), t(lang, "overdue_hotline")}};
  for (const auto& p : rep.trend) {
    trend.push_back({format_period(p.period), std::to_string(p.flows.open_start),
                     std::to_string(p.flows.new_cases), std::to_string(p.flows.closed()),
                     std::to_string(p.flows.open_end), std::to_string(p.overdue_mediation),
                     std::to_string(p.overdue_hotline)});
  }
  files.push_back(file("trend", trend));

  std::vector<Row> worst{{t(lang, "head_bodies"), t(lang, "code"), t(lang, "overdue_count"),
                          t(lang, "open_count"), t(lang, "overdue_ratio")}};
  for (const auto& r : rep.worst_overdue) {
    worst.push_back({r.name, r.key, std::to_string(r.backlog.overdue_mediation),
                     std::to_string(r.flows.open_end), internal::percent(r.overdue_ratio())});
  }
  files.push_back(file("worst_overdue", worst));
  std::vector<Row> growth{{t(lang, "head_bodies"), t(lang, "code"),
                           internal::ptext(lang, "previous_open_end", rep.period.kind),
                           t(lang, "open_end"), t(lang, "growth")}};
  for (const auto& r : rep.largest_growth) {
    growth.push_back({r.name, r.key, std::to_string(r.previous_open_end),
                      std::to_string(r.flows.open_end), std::to_string(r.growth())});
  }
  files.push_back(file("largest_growth", growth));

  std::vector<Row> oldest{{t(lang, "case_id"), t(lang, "body"), t(lang, "code"),
                           t(lang, "category"), t(lang, "age_days"), t(lang, "due"),
                           t(lang, "provisional"), t(lang, "flag_behind")}};
  for (const auto& c : rep.oldest) {
    oldest.push_back({std::to_string(c.case_id), c.body_name, c.body,
                      internal::category_label(lang, c.category), std::to_string(c.age_days),
                      c.due ? format_date(*c.due) : "", yes_no(lang, c.due_provisional),
                      yes_no(lang, c.overdue)});
  }
  files.push_back(file("oldest", oldest));
  files.push_back(major(lang, rep));
  files.push_back(keys(lang, rep));
  // Suspended and extended deadlines (clocks.hpp): a file only for a week that had any.
  if (auto clocks = internal::clock_table(rep.clocks, lang, rep.period.kind);
      !clocks.rows.empty()) {
    std::vector<Row> rows{clocks.head};
    rows.insert(rows.end(), clocks.rows.begin(), clocks.rows.end());
    files.push_back(file("clocks", rows));
  }
  // Handling time (handling.hpp): always a file, its header alone when nothing was resolved.
  const auto handling = internal::handling_table(rep.handling, lang, rep.period.kind);
  std::vector<Row> handling_rows{handling.head};
  handling_rows.insert(handling_rows.end(), handling.rows.begin(), handling.rows.end());
  files.push_back(file("handling", handling_rows));
  return files;
}

std::string render_csv(const WeeklyReport& rep, Lang lang) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& f : render_csv_files(rep, lang)) {
    out += fmt::format("# {}\r\n", csv_file_name(rep.period, f.name));
    out += std::string_view(f.text).substr(3);
    out += "\r\n";
  }
  return out;
}

}  // namespace tiaojie::report
