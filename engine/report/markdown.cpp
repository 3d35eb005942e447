// render_markdown (render.hpp): tables a terminal shows well, first what a manager needs first.
#include <fmt/format.h>

#include "report/internal/clock_table.hpp"
#include "report/internal/handling_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::text;

void markdown_table(std::string& out, Lang lang, std::string_view key,
                    const std::vector<UnitRow>& rows, const UnitRow& total,
                    std::string quiet = {}) {
  out += fmt::format("\n## {}\n\n", text(lang, key));
  if (rows.empty()) {
    out += fmt::format("({})\n", text(lang, "none"));
  } else {
    out += fmt::format("| {} |", internal::head(lang, key));
    for (const auto& c : internal::unit_columns()) out += fmt::format(" {} |", text(lang, c.key));
    out += "\n|---|";
    for (std::size_t i = 0; i < internal::unit_columns().size(); ++i) out += "---:|";
    out += "\n";
    const auto row = [&](const std::string& name, const UnitRow& r, bool flag) {
      out += fmt::format("| {}{} |", name, flag ? " ⚠" : "");
      for (const auto& c : internal::unit_columns()) out += fmt::format(" {} |", c.value(r));
      out += "\n";
    };
    for (const auto& r : rows)
      row(internal::display_name(lang, key, r), r, internal::behind(r, total));
    row(fmt::format("**{}**", text(lang, "total_row")), total, false);
  }
  if (!quiet.empty()) out += fmt::format("\n{}\n", quiet);
}

}  // namespace

std::string render_markdown_first_screen(const WeeklyReport& rep, Lang lang) {
  std::string out;
  out += fmt::format("# {}\n\n{}\n\n", internal::title(lang, rep), internal::issue_line(lang, rep));
  out += fmt::format("{}: {} · {}: {}\n\n", text(lang, "scope"), internal::scope_text(lang, rep),
                     text(lang, "generated"), format_timestamp(rep.generated_at));
  for (const auto& note : internal::period_notes(lang, rep)) out += fmt::format("> {}\n\n", note);
  out += fmt::format("**{}**（{}）:", internal::ptext(lang, "summary", rep.period.kind),
                     internal::ptext(lang, "change", rep.period.kind));
  bool first = true;
  for (const auto& f : internal::headline_figures(rep)) {
    out += fmt::format("{} {} {}（{}）", first ? "" : " ·", text(lang, f.key),
                       internal::figure_value(f), internal::change_text(lang, f));
    first = false;
  }
  out += "\n";

  out += fmt::format("\n## {}\n\n{}\n\n", text(lang, "worst_overdue"),
                     internal::textf(lang, "worst_overdue_rule", rep.options.overdue_min_open));
  if (rep.worst_overdue.empty()) out += fmt::format("({})\n", text(lang, "none"));
  for (std::size_t i = 0; i < rep.worst_overdue.size(); ++i) {
    const auto& r = rep.worst_overdue[i];
    out += fmt::format("{}. {} ({}) — {} {} / {} {}，{} {}\n", i + 1, r.name, r.key,
                       text(lang, "overdue_count"), r.backlog.overdue_mediation,
                       text(lang, "open_count"), r.flows.open_end, text(lang, "overdue_ratio"),
                       internal::percent(r.overdue_ratio()));
  }
  out += fmt::format("\n## {}\n\n", text(lang, "largest_growth"));
  if (rep.largest_growth.empty()) out += fmt::format("({})\n", text(lang, "none"));
  for (std::size_t i = 0; i < rep.largest_growth.size(); ++i) {
    const auto& r = rep.largest_growth[i];
    out += fmt::format("{}. {} ({}) — {} → {} (+{})\n", i + 1, r.name, r.key, r.previous_open_end,
                       r.flows.open_end, r.growth());
  }

  markdown_table(out, lang, "levels", rep.levels, rep.total);
  markdown_table(out, lang, "streets", rep.streets, rep.total,
                 rep.quiet_streets
                     ? internal::ptextf(lang, "quiet_streets", rep.period.kind, rep.quiet_streets)
                     : "");
  return out;
}

std::string render_markdown(const WeeklyReport& rep, Lang lang) {
  std::string out = render_markdown_first_screen(rep, lang);
  markdown_table(out, lang, "bodies", rep.bodies, rep.total,
                 rep.quiet_bodies
                     ? internal::ptextf(lang, "quiet_bodies", rep.period.kind, rep.quiet_bodies)
                     : "");
  markdown_table(out, lang, "categories", rep.categories, rep.total);
  markdown_table(out, lang, "channels", rep.channels, rep.total);

  const auto& k = rep.key;
  out += fmt::format("\n## {}\n\n", text(lang, "major"));
  if (!k.read) {
    out += fmt::format("{}\n", text(lang, "not_read"));
  } else {
    out += fmt::format("| {} | {} | {} | {} |\n|---|---:|---:|---:|\n", text(lang, "kind"),
                       text(lang, "disputes"), text(lang, "people"), text(lang, "amount"));
    const auto line = [&](const std::string& label, const InvolvedTotals& t) {
      out += fmt::format("| {} | {} | {} | {} |\n", label, t.disputes, t.parties,
                         internal::amount_text(lang, t.amount));
    };
    line(std::string(internal::ptext(lang, "new_all", rep.period.kind)), k.all);
    line(internal::textf(lang, "group_row", rep.options.group_parties_min), k.group);
    line(internal::textf(lang, "major_row",
                         internal::amount_text(lang, rep.options.major_amount_min)),
         k.major);
    out += fmt::format("\n## {}\n\n{}\n\n", text(lang, "key_disputes"), text(lang, "key_rule"));
    if (k.list.empty()) out += fmt::format("({})\n", text(lang, "none"));
    for (const auto& d : k.list) {
      out += fmt::format(
          "- #{} · {} · {} · {} · {} · {} · {} · {} · {}\n", d.case_id,
          internal::day_text(lang, shanghai_date(d.received_at)), d.street.empty() ? "–" : d.street,
          d.body_name.empty() ? "–" : d.body_name, internal::category_label(lang, d.category),
          d.parties ? fmt::format("{}{}", *d.parties, lang == Lang::zh ? "人" : " people") : "–",
          internal::amount_text(lang, d.amount), internal::priority_label(lang, d.priority),
          internal::key_reason(lang, d));
    }
    if (k.not_listed > 0) out += internal::textf(lang, "not_listed", k.not_listed) + "\n";
  }

  out += fmt::format(
      "\n## {}\n\n| {} | {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|---:|\n",
      internal::ptext(lang, "trend", rep.period.kind),
      internal::ptext(lang, "week", rep.period.kind), text(lang, "open_start"),
      text(lang, "new_cases"), text(lang, "closed"), text(lang, "open_end"),
      text(lang, "overdue_mediation"), text(lang, "overdue_hotline"));
  for (const auto& p : rep.trend) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", format_period(p.period),
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

  if (auto clocks = internal::clock_table(rep.clocks, lang, rep.period.kind);
      !clocks.rows.empty()) {
    // Suspended and extended deadlines (clocks.hpp), when the week had any.
    out += fmt::format("\n## {}\n\n| {} |\n|", clocks.title, fmt::join(clocks.head, " | "));
    for (std::size_t i = 0; i < clocks.head.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& r : clocks.rows) out += fmt::format("| {} |\n", fmt::join(r, " | "));
  }
  // Handling time in working days (handling.hpp), when the period or the one before resolved any.
  if (auto h = internal::handling_table(rep.handling, lang, rep.period.kind); !h.rows.empty()) {
    out += fmt::format("\n## {}\n\n| {} |\n|", h.title, fmt::join(h.head, " | "));
    for (std::size_t i = 0; i < h.head.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& r : h.rows) out += fmt::format("| {} |\n", fmt::join(r, " | "));
  }

  out += fmt::format("\n## {}\n\n", text(lang, "notes"));
  for (const auto& n : internal::definitions(lang, rep)) out += fmt::format("- {}\n", n);
  return out;
}

}  // namespace tiaojie::report
