// `tiaojie case list`: the cases that match staff's filters, as an aligned table or JSON. The
// filters become one query of the store's current-state rows (Store::list_cases); the body graph
// turns a street or level into the bodies it holds, and the lifecycle's overdue_at says which due
// dates are past.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <set>

#include "cli/case_commands.hpp"
#include "cli/case_text.hpp"
#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "lifecycle/deadline.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace json = boost::json;
namespace {

[[noreturn]] void list_fail(const std::string& message, int status = 2) {
  fail_command("tiaojie case list", message, status);
}

// The street region named by `name`: a street's name in any usual form (江南中, 江南中街道), or
// the id of a body whose jurisdiction is a street or lies in one.
graph::RegionIndex street_region(const graph::BodyGraph& g, const std::string& name) {
  auto r = g.locate(name, std::nullopt);
  if (r == graph::k_none) {
    if (auto b = g.find(name)) r = g.body(*b).region;
  }
  // The street's id as the body ids spell it: "jiangnanzhong" of hz.street.jiangnanzhong.*.
  for (graph::BodyIndex b = 0; r == graph::k_none && b < g.body_count(); ++b) {
    const auto& body = g.body(b);
    if (body.level == Level::street &&
        ("." + body.id.value + ".").find("." + name + ".") != std::string::npos) {
      r = body.region;
    }
  }
  if (r != graph::k_none) r = g.ancestor_at(r, graph::RegionLevel::street);
  if (r == graph::k_none) {
    list_fail(
        fmt::format("--street: no street '{}' in the body graph (give its name, e.g. 江南中, "
                    "its id, e.g. jiangnanzhong, or the id of a body in it)",
                    name));
  }
  return r;
}

// The bodies that pass --body, --street and --level together.
std::vector<std::string> body_filter(const CaseListArgs& a, const graph::BodyGraph* g) {
  std::optional<graph::RegionIndex> street;
  std::optional<Level> level;
  if (!a.street.empty()) street = street_region(*g, a.street);
  if (!a.level.empty()) {
    level = parse_level(a.level);
    if (!level)
      list_fail(fmt::format("--level: '{}' is not one of community, street, district", a.level));
  }
  const std::set<std::string> named(a.bodies.begin(), a.bodies.end());
  std::vector<std::string> out;
  if (g == nullptr) return {named.begin(), named.end()};  // --body alone needs no graph
  for (graph::BodyIndex b = 0; b < g->body_count(); ++b) {
    const auto& body = g->body(b);
    if (!named.empty() && !named.contains(body.id.value)) continue;
    if (street && (body.region == graph::k_none || !g->contains(*street, body.region))) continue;
    if (level && body.level != *level) continue;
    out.push_back(body.id.value);
  }
  // A --body the graph does not know (a body since removed) still names cases in the store.
  if (!street && !level) {
    for (const auto& id : named) {
      if (!g->find(id)) out.push_back(id);
    }
  }
  return out;
}

}  // namespace

void add_case_list_options(CLI::App* cmd, CaseListArgs& a) {
  cmd->add_option("--body", a.bodies, "only cases now with this body (id; repeatable)");
  cmd->add_option("--street", a.street,
                  "only cases with a body of this street (街道): its name as in the graph, e.g. "
                  "江南中, or a body id in it");
  cmd->add_option("--level", a.level,
                  "only cases with a body at this level: community, street, "
                  "district");
  cmd->add_option("--category", a.category, "only this category id, e.g. labour");
  cmd->add_option("--status", a.statuses,
                  "only this status (repeatable): received, assigned, accepted, in_mediation, "
                  "resolved, failed, withdrawn, closed");
  cmd->add_flag("--overdue", a.overdue,
                "only open cases past their mediation deadline now, not those whose deadline is "
                "suspended (as the weekly report counts)");
  cmd->add_option("--received-from", a.received_from, "received on or after this day, YYYY-MM-DD");
  cmd->add_option("--received-to", a.received_to, "received on or before this day, YYYY-MM-DD");
  cmd->add_option("--text", a.text, "only disputes whose description contains this text");
  cmd->add_option("--limit", a.limit, "cases listed at most (newest first)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  add_case_read_options(cmd, a.read);
}

void run_case_list(CaseListArgs& a) {
  const Timestamp now = case_now(a.read);
  store::CaseQuery q;
  q.limit = a.limit;
  const bool need_graph = !a.street.empty() || !a.level.empty();
  auto graph = case_graph(a.read, need_graph);
  if (!a.bodies.empty() || need_graph) {
    q.filter_bodies = true;
    q.bodies = body_filter(a, graph.get());
  }
  if (!a.category.empty()) q.category = a.category;
  for (const auto& s : a.statuses) {
    auto st = lifecycle::parse_status(s);
    if (!st) {
      list_fail(
          fmt::format("--status: '{}' is not one of received, assigned, accepted, in_mediation, "
                      "resolved, failed, withdrawn, closed",
                      s));
    }
    q.statuses.push_back(*st);
  }
  if (a.overdue) q.due_on_or_before = lifecycle::last_overdue_due(now);
  if (!a.received_from.empty())
    q.received_from = day_start_option(a.received_from, "--received-from", "tiaojie case list", 2);
  if (!a.received_to.empty()) {
    q.received_before = day_start_option(a.received_to, "--received-to", "tiaojie case list", 2) +
                        std::chrono::days{1};
  }
  q.text = a.text;

  const auto location = a.read.defaults->store_location(a.read.store);
  auto store = store::open_store(location, {.create_if_missing = false, .read_only = true});
  if (!store)
    list_fail(fmt::format("{}: {}", store::to_string(location), store.error().to_string()));
  auto list = (*store)->list_cases(q);
  if (!list) list_fail(list.error().to_string());

  const auto last_overdue = lifecycle::last_overdue_due(now);
  auto overdue = [&](const store::CaseListRow& r) {
    return lifecycle::is_open(r.status) && !r.suspended && r.due && *r.due <= last_overdue;
  };
  if (a.read.json) {
    json::array rows;
    for (const auto& r : list->rows) {
      json::object o{{"case", r.id.value},
                     {"status", lifecycle::to_string(r.status)},
                     {"body", r.body},
                     {"category", r.category},
                     {"priority", r.priority},
                     {"channel", r.channel},
                     {"external_id", r.external_id},
                     {"received_at", format_timestamp(r.received_at)},
                     {"overdue", overdue(r)},
                     {"suspended", r.suspended}};
      o["due"] = r.due ? json::value(format_date(*r.due)) : json::value(nullptr);
      if (graph) {
        if (auto b = graph->find(r.body)) o["body_name"] = graph->body(*b).name;
      }
      rows.emplace_back(std::move(o));
    }
    json::object out{{"matched", list->matched},
                     {"shown", static_cast<std::int64_t>(list->rows.size())},
                     {"cases", std::move(rows)}};
    fmt::print("{}\n", json::serialize(out));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : list->rows) {
    std::string body = r.body.empty() ? "—" : r.body;
    if (graph) {
      if (auto b = graph->find(r.body)) body = fit_width(graph->body(*b).name, 24);
    }
    rows.push_back({std::to_string(r.id.value), status_label(r.status),
                    r.category.empty() ? "—" : r.category, body, shanghai_minute(r.received_at),
                    r.due ? format_date(*r.due) + (overdue(r)    ? " 超期"
                                                   : r.suspended ? " 中止"
                                                                 : "")
                          : "—",
                    r.channel});
  }
  std::string out = format_table({"案件 case", "状态 status", "类别 category", "承办 body",
                                  "收到 received", "期限 due", "渠道 channel"},
                                 rows);
  const auto shown = static_cast<std::int64_t>(list->rows.size());
  if (list->matched == 0) {
    out = "no case matched\n";
  } else if (list->matched > shown) {
    out += fmt::format(
        "{} of {} matching cases shown (newest first); {} more: raise --limit or "
        "narrow the filters\n",
        shown, list->matched, list->matched - shown);
  } else {
    out += fmt::format("{} matching case{}\n", shown, shown == 1 ? "" : "s");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace tiaojie::cli
