// `tiaojie case show N`: one case as staff read it, from the store alone (read-only): its state,
// the decision with the rules that made it and the assignment with why, the mediation deadline
// and the channel's reply deadline, and the timeline of events.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/case_commands.hpp"
#include "cli/case_text.hpp"
#include "cli/commands.hpp"
#include "cli/explain_format.hpp"
#include "cli/text_table.hpp"
#include "lifecycle/deadline.hpp"
#include "lifecycle/event_json.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace json = boost::json;
namespace {

[[noreturn]] void show_fail(const std::string& message, int status) {
  fail_command("tiaojie case show", message, status);
}

std::string rule_with_source(const RuleRef& r) {
  if (r.empty()) return "default (no rule matched)";
  return fmt::format("{}.{} ({}:{})", r.table(), r.rule_id(), r.file(), r.line());
}

std::string_view count_zh(DayCount c) {
  switch (c) {
    case DayCount::calendar:
      return "自然日";
    case DayCount::working:
      return "工作日";
    case DayCount::months:
      return "个月";
  }
  return "";
}

std::string period_text(const Deadline& d) {
  std::string s =
      fmt::format("{} {} ({} {}) from {}", d.days, count_zh(d.count), d.days,
                  d.count == DayCount::months ? "months" : to_string(d.count), to_string(d.from));
  if (d.routing_days > 0) s += fmt::format(", {} days to route before that", d.routing_days);
  return s;
}

// The dispute as received (its description and place), found by its receipt time and id.
json::object stored_dispute(store::Store& s, const lifecycle::CaseState& state) {
  json::object out;
  auto r = s.for_each_dispute(state.received_at, state.received_at + std::chrono::seconds{1},
                              [&](const store::StoredDispute& d) {
                                if (d.case_id != state.id) return true;
                                boost::system::error_code ec;
                                auto v = json::parse(d.json, ec);
                                if (!ec && v.is_object()) out = v.as_object();
                                return false;
                              });
  (void)r;  // the dispute is shown when found; the case is shown either way
  return out;
}

std::string text_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

struct Clock {
  bool overdue = false;
  std::int64_t days_left = 0;  // negative: days past due
};

// By lifecycle::overdue_at, the one definition the daemon's timers and the reports use.
std::optional<Clock> mediation_clock(const lifecycle::CaseState& s, Timestamp now) {
  if (!s.due || !lifecycle::is_open(s.status)) return std::nullopt;
  Clock c;
  c.overdue = now >= lifecycle::overdue_at(*s.due);
  c.days_left = (std::chrono::sys_days{*s.due} - std::chrono::sys_days{shanghai_date(now)}).count();
  return c;
}

json::object show_json(const store::CaseRecord& rec, const json::object& dispute,
                       const graph::BodyGraph* graph, Timestamp now) {
  const auto& s = rec.state;
  json::object o;
  o["case"] = s.id.value;
  o["status"] = lifecycle::to_string(s.status);
  o["channel"] = s.channel;
  o["external_id"] = s.external_id;
  o["received_at"] = format_timestamp(s.received_at);
  o["description"] = text_field(dispute, "description");
  o["body"] = s.body.value;
  if (graph != nullptr) {
    if (auto b = graph->find(s.body.value)) o["body_name"] = graph->body(*b).name;
  }
  if (s.classification) o["classification"] = classification_json(*s.classification);
  if (s.assignment) o["assignment"] = lifecycle::assignment_to_json(*s.assignment);
  json::object dl;
  if (s.due) dl["due"] = format_date(*s.due);
  if (auto c = mediation_clock(s, now)) {
    dl["overdue"] = c->overdue;
    dl["days_left"] = c->days_left;
  }
  if (s.due_provisional_year != 0) {
    dl["provisional_reason"] = lifecycle::provisional_reason(s.due_provisional_year);
  }
  if (s.clock_start) dl["clock_start"] = format_date(*s.clock_start);
  if (s.suspended_since) dl["suspended_since"] = format_date(*s.suspended_since);
  dl["suspended_units"] = s.suspended_units;
  dl["extended_units"] = s.extended_units;
  dl["extensions"] = s.extensions;
  o["deadline"] = std::move(dl);
  if (s.reply_due) {
    o["reply"] = json::object{{"due", format_timestamp(*s.reply_due)},
                              {"overdue", lifecycle::is_open(s.status) && *s.reply_due <= now}};
  }
  json::array repeats;
  for (const auto& l : s.repeat_of)
    repeats.push_back(json::object{{"case", l.earlier.value}, {"reason", to_string(l.reason)}});
  o["repeat_count"] = static_cast<std::int64_t>(s.repeat_of.size());
  o["repeat_of"] = std::move(repeats);
  if (s.feedback) {
    o["feedback"] = json::object{{"rating", to_string(s.feedback->rating)},
                                 {"label", lifecycle::chinese_label(s.feedback->rating)},
                                 {"channel", s.feedback->channel},
                                 {"comment", s.feedback->comment},
                                 {"count", s.feedbacks}};
  }
  json::array events;
  for (const auto& e : rec.events) {
    json::object ev{{"seq", e.seq},
                    {"at", format_timestamp(e.event.at)},
                    {"kind", lifecycle::to_string(e.event.kind())},
                    {"actor", e.event.actor},
                    {"body", e.event.body.value},
                    {"detail", event_detail(e.event)}};
    events.emplace_back(std::move(ev));
  }
  o["events"] = std::move(events);
  return o;
}

std::string show_text(const store::CaseRecord& rec, const json::object& dispute,
                      const graph::BodyGraph* graph, Timestamp now) {
  const auto& s = rec.state;
  std::string out = fmt::format("案件 case {}  {}\n", s.id.value, status_label(s.status));
  out += fmt::format("  渠道 channel      {} {}\n", s.channel, s.external_id);
  out += fmt::format("  收到 received     {}\n", shanghai_minute(s.received_at));
  if (auto d = text_field(dispute, "description"); !d.empty()) {
    out += fmt::format("  诉求 description  {}\n", d);
  }
  std::string place = text_field(dispute, "street");
  if (auto c = text_field(dispute, "community"); !c.empty()) place += " " + c;
  if (!place.empty()) out += fmt::format("  地点 place        {}\n", place);
  out += fmt::format("  承办 body         {}\n", body_text(graph, s.body.value));
  if (!s.repeat_of.empty())
    out += fmt::format("  重复 repeat       {}\n", repeat_text(s.repeat_of));
  if (s.feedback) {
    out += fmt::format("  回访 feedback     {} {} via {}{}\n",
                       lifecycle::chinese_label(s.feedback->rating), to_string(s.feedback->rating),
                       s.feedback->channel,
                       s.feedback->comment.empty() ? "" : ": " + s.feedback->comment);
  }

  out += "\n决定 decision\n";
  if (!s.classification) {
    out += "  (not classified yet)\n";
  } else {
    const auto& c = *s.classification;
    out += fmt::format("  类别 category     {:<16} {}\n", c.category,
                       rule_with_source(c.category_rule));
    out += fmt::format("  优先 priority     {:<16} {}\n", to_string(c.priority),
                       rule_with_source(c.priority_rule));
    out += fmt::format("  方式 mode         {:<16} {}\n", to_string(c.mode),
                       rule_with_source(c.mode_rule));
    out += fmt::format("  层级 level        {:<16} {}\n", to_string(c.level),
                       rule_with_source(c.level_rule));
    out += fmt::format("  期限 deadline     {}; {}\n", period_text(c.deadline),
                       rule_with_source(c.deadline_rule));
    if (!c.tags.empty()) out += fmt::format("  标签 tags         {}\n", fmt::join(c.tags, ", "));
    out += fmt::format("  rules version     {}\n", c.rules_version);
  }
  if (s.assignment) {
    const auto& a = *s.assignment;
    out += fmt::format("  分派 assigned to  {}\n", body_text(graph, a.lead.value));
    if (!a.location.empty()) out += fmt::format("  辖区 jurisdiction {}\n", a.location);
    for (const auto& p : a.partners) {
      out += fmt::format("  协办 partner      {}\n", body_text(graph, p.value));
    }
    if (a.needs_review) out += fmt::format("  needs review: {}\n", a.review_reason);
    out += "  why:\n";
    for (const auto& step : a.path) {
      out += fmt::format("    {}: {}\n", step.body.value, step.verdict);
    }
    out += fmt::format("  graph version     {}\n", a.graph_version);
  }

  out += "\n调解期限 mediation deadline\n";
  if (s.due) {
    std::string state;
    if (auto c = mediation_clock(s, now)) {
      state = c->overdue ? fmt::format("超期 overdue by {} days", -c->days_left)
                         : fmt::format("{} days left", c->days_left);
    } else {
      state = "clock stopped: the case is " + std::string(lifecycle::to_string(s.status));
    }
    out += fmt::format("  due               {} (end of day, Asia/Shanghai), {}\n",
                       format_date(*s.due), state);
  } else {
    out += "  due               none yet";
    if (s.classification && s.classification->deadline.from != DeadlineStart::received &&
        lifecycle::is_open(s.status)) {
      out += fmt::format(": the clock starts when the case is {}",
                         to_string(s.classification->deadline.from));
    }
    out += "\n";
  }
  if (s.clock_period) out += fmt::format("  counts            {}\n", period_text(*s.clock_period));
  if (s.clock_start) out += fmt::format("  clock started     {}\n", format_date(*s.clock_start));
  if (s.due_provisional_year != 0) {
    out += fmt::format("  provisional       {}\n",
                       lifecycle::provisional_reason(s.due_provisional_year));
  }
  if (s.suspended_since) {
    out += fmt::format("  中止 suspended    since {}\n", format_date(*s.suspended_since));
  }
  if (s.suspended_units > 0) {
    out += fmt::format("  suspended time    {} units added\n", s.suspended_units);
  }
  if (s.extensions > 0) {
    out += fmt::format("  延长 extensions   {} ({} units)\n", s.extensions, s.extended_units);
  }
  if (s.reply_due) {
    out += "\n答复时限 reply deadline (channel)\n";
    const bool overdue = lifecycle::is_open(s.status) && *s.reply_due <= now;
    out += fmt::format("  reply due         {}{}\n", shanghai_minute(*s.reply_due),
                       !lifecycle::is_open(s.status) ? ""
                       : overdue                     ? ", 超时 overdue"
                                                     : ", pending");
  }

  out += "\n时间线 timeline (Asia/Shanghai)\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : rec.events) {
    rows.push_back({"  " + shanghai_minute(e.event.at), event_label(e.event.kind()), e.event.actor,
                    event_detail(e.event)});
  }
  out += format_table({"  time", "event", "actor", "detail"}, rows);
  return out;
}

}  // namespace

void run_case_show(CaseReadArgs& args, std::int64_t case_id) {
  const Timestamp now = case_now(args);
  const auto at = args.defaults->store_location(args.store);
  const std::string path = store::to_string(at);
  auto graph = case_graph(args, false);
  auto store = store::open_store(at, {.create_if_missing = false, .read_only = true});
  if (!store) show_fail(fmt::format("{}: {}", path, store.error().to_string()), 2);
  auto rec = (*store)->get_case(lifecycle::CaseId{case_id});
  if (!rec) {
    if (rec.error().code == ErrorCode::not_found) {
      show_fail(fmt::format("no case {} in {}", case_id, path), 1);
    }
    show_fail(rec.error().to_string(), 2);
  }
  const auto dispute = stored_dispute(**store, rec->state);
  if (args.json) {
    fmt::print("{}\n", json::serialize(show_json(*rec, dispute, graph.get(), now)));
  } else {
    const auto text = show_text(*rec, dispute, graph.get(), now);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
}

}  // namespace tiaojie::cli
