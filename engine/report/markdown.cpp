// render_markdown (render.hpp): tables a terminal shows well, first what a manager needs first.
#include <fmt/format.h>

#include "report/internal/clock_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::text;

void table(std::string& out, Lang lang, std::string_view key, const std::vector<UnitRow>& rows) {
  out += fmt::format("\n## {}\n\n", text(lang, key));
  if (rows.empty()) {
    out += fmt::format("({})\n", text(lang, "none"));
    return;
  }
  out += fmt::format("| {} |", text(lang, "unit"));
  for (const auto& c : internal::unit_columns()) out += fmt::format(" {} |", text(lang, c.key));
  out += "\n|---|";
  for (std::size_t i = 0; i < internal::unit_columns().size(); ++i) out += "---:|";
  out += "\n";
  for (const auto& r : rows) {
    out += fmt::format("| {} |", internal::display_name(lang, key, r));
    for (const auto& c : internal::unit_columns()) out += fmt::format(" {} |", c.value(r));
    out += "\n";
  }
}

}  // namespace

std::string render_markdown_first_screen(const WeeklyReport& rep, Lang lang) {
  std::string out;
  const auto& t = rep.total;
  out += fmt::format("# {} {} ({})\n\n", text(lang, "title"), format_iso_week(rep.week),
                     internal::week_dates(rep.week));
  const auto scope = internal::scope_text(lang, rep.scope);
  out += fmt::format("{}: {} · {}: {}\n\n", text(lang, "scope"),
                     scope.empty() ? std::string(text(lang, "all")) : scope,
                     text(lang, "generated"), format_timestamp(rep.generated_at));
  out += fmt::format("**{}**: {} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}\n",
                     text(lang, "summary"), text(lang, "open_start"), t.flows.open_start,
                     text(lang, "new_cases"), t.flows.new_cases, text(lang, "closed"),
                     t.flows.closed(), text(lang, "open_end"), t.flows.open_end,
                     text(lang, "overdue_mediation"), t.backlog.overdue_mediation,
                     text(lang, "overdue_hotline"), t.backlog.overdue_hotline,
                     text(lang, "resolution_rate"), internal::percent(t.resolution_rate()));

  out += fmt::format("\n## {}\n\n", text(lang, "worst_overdue"));
  if (rep.worst_overdue.empty()) out += fmt::format("({})\n", text(lang, "none"));
  for (std::size_t i = 0; i < rep.worst_overdue.size(); ++i) {
    const auto& r = rep.worst_overdue[i];
    out += fmt::format("{}. {} ({}) — {} {}/{} = {}\n", i + 1, r.name, r.key,
                       text(lang, "overdue_ratio"), r.backlog.overdue_mediation, r.flows.open_end,
                       internal::percent(r.overdue_ratio()));
  }
  out += fmt::format("\n## {}\n\n", text(lang, "largest_growth"));
  if (rep.largest_growth.empty()) out += fmt::format("({})\n", text(lang, "none"));
  for (std::size_t i = 0; i < rep.largest_growth.size(); ++i) {
    const auto& r = rep.largest_growth[i];
    out += fmt::format("{}. {} ({}) — {} → {} (+{})\n", i + 1, r.name, r.key, r.previous_open_end,
                       r.flows.open_end, r.growth());
  }

  table(out, lang, "levels", rep.levels);
  table(out, lang, "streets", rep.streets);
  return out;
}

std::string render_markdown(const WeeklyReport& rep, Lang lang) {
  std::string out = render_markdown_first_screen(rep, lang);
  table(out, lang, "bodies", rep.bodies);
  table(out, lang, "categories", rep.categories);
  table(out, lang, "channels", rep.channels);

  out += fmt::format(
      "\n## {}\n\n| {} | {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|---:|\n",
      text(lang, "trend"), text(lang, "week"), text(lang, "open_start"), text(lang, "new_cases"),
      text(lang, "closed"), text(lang, "open_end"), text(lang, "overdue_mediation"),
      text(lang, "overdue_hotline"));
  for (const auto& p : rep.trend) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", format_iso_week(p.week),
                       p.flows.open_start, p.flows.new_cases, p.flows.closed(), p.flows.open_end,
                       p.overdue_mediation, p.overdue_hotline);
  }

  out += fmt::format("\n## {}\n\n| {} | {} | {} | {} | {} |\n|---:|---|---|---:|---|\n",
                     text(lang, "oldest"), text(lang, "case_id"), text(lang, "body"),
                     text(lang, "category"), text(lang, "age_days"), text(lang, "due"));
  for (const auto& c : rep.oldest) {
    out += fmt::format(
        "| {} | {} | {} | {} | {}{}{} |\n", c.case_id, c.body_name,
        internal::category_label(lang, c.category), c.age_days, c.due ? format_date(*c.due) : "–",
        c.due_provisional ? fmt::format(" ({})", text(lang, "provisional")) : std::string(),
        c.overdue ? " ⚠" : "");
  }

  if (auto clocks = internal::clock_table(rep.clocks, lang); !clocks.rows.empty()) {
    // Suspended and extended deadlines (clocks.hpp), when the week had any.
    out += fmt::format("\n## {}\n\n| {} |\n|", clocks.title, fmt::join(clocks.head, " | "));
    for (std::size_t i = 0; i < clocks.head.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& r : clocks.rows) out += fmt::format("| {} |\n", fmt::join(r, " | "));
  }
  out += fmt::format("\n## {}\n\n", text(lang, "notes"));
  for (const auto& n : rep.notes) out += fmt::format("- {}\n", n);
  return out;
}

}  // namespace tiaojie::report
