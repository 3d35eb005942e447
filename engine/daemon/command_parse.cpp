#include "daemon/command_parse.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <tuple>

#include "adapters/mapper.hpp"
#include "daemon/internal/channel_formats.hpp"

namespace tiaojie::daemon {
namespace json = boost::json;

namespace {

// An optional text field: its string, or "" when it is absent or of another type.
std::string text_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

// A case id field: a positive integer.
Result<std::int64_t> case_field(const json::object& o) {
  auto it = o.find("case");
  if (it == o.end()) return std::unexpected(invalid_input("is required (a case id)", "case"));
  if (it->value().is_int64() && it->value().as_int64() > 0) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(it->value().as_uint64());
  return std::unexpected(invalid_input("must be a positive integer", "case"));
}

// A filter field: one string or an array of strings.
Result<std::set<std::string>> string_set(const json::object& o, std::string_view key) {
  std::set<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (it->value().is_string()) {
    out.insert(std::string(it->value().as_string()));
    return out;
  }
  if (it->value().is_array()) {
    for (const auto& v : it->value().as_array()) {
      if (!v.is_string())
        return std::unexpected(invalid_input("must hold strings only", std::string(key)));
      out.insert(std::string(v.as_string()));
    }
    return out;
  }
  return std::unexpected(
      invalid_input("must be a string or an array of strings", std::string(key)));
}

Result<Command> parse_hello(const json::object& r) {
  auto it = r.find("token");
  if (it == r.end() || !it->value().is_string())
    return std::unexpected(invalid_input("is required (a string)", "token"));
  return command::Hello{std::string(it->value().as_string())};
}

Result<Command> parse_submit(const json::object& r, const ParseContext& context) {
  if (auto f = r.find("format");
      f != r.end() && !(f->value().is_string() && f->value().get_string() == "native")) {
    if (!f->value().is_string())
      return std::unexpected(invalid_input("must be a format id (a string)", "format"));
    std::string_view id = f->value().get_string();
    if (!context.formats || !context.formats->formats.contains(id))
      return std::unexpected(invalid_input(fmt::format("unknown format '{}'", id), "format"));
    auto rec = r.find("record");
    return command::SubmitRecord{std::string(id),
                                 rec != r.end() ? rec->value() : json::value(nullptr)};
  }
  auto it = r.find("dispute");
  if (it == r.end())
    return std::unexpected(invalid_input("is required (the dispute, an object)", "dispute"));
  const DisputeSchema& schema = *context.schema;
  command::Submit s;
  if (it->value().is_object()) {
    auto d = dispute_from_json(it->value(), schema, "dispute.");
    if (!d) return std::unexpected(d.error());
    s.dispute = std::move(*d);
    s.text = json::serialize(it->value());
  } else if (it->value().is_string()) {
    // A dispute document as text (what `tiaojie submit` sends: each input line unchanged), so that
    // even a line that is not JSON gets the dispute parser's precise error.
    s.text = std::string(it->value().as_string());
    auto d = parse_dispute(s.text, schema);
    if (!d) {
      d.error().where = dispute_where(d.error().where);
      return std::unexpected(d.error());
    }
    s.dispute = std::move(*d);
  } else {
    return std::unexpected(invalid_input("must be an object (or a string holding one)", "dispute"));
  }
  return s;
}

Result<Command> parse_get(const json::object& r) {
  command::Get g;
  if (r.contains("case")) {
    auto id = case_field(r);
    if (!id) return std::unexpected(id.error());
    g.case_id = *id;
    return g;
  }
  auto ext = r.find("external_id");
  if (ext == r.end() || !ext->value().is_string()) {
    return std::unexpected(
        invalid_input("give \"case\" or \"external_id\" (with \"channel\")", "case"));
  }
  g.external_id = std::string(ext->value().as_string());
  if (auto ch = r.find("channel"); ch != r.end() && ch->value().is_string())
    g.channel = std::string(ch->value().as_string());
  return g;
}

Result<Command> parse_subscribe(const json::object& r) {
  // The filter may be given as {"filter": {...}} or as top-level fields.
  const json::object* src = &r;
  if (auto f = r.find("filter"); f != r.end()) {
    if (!f->value().is_object())
      return std::unexpected(invalid_input("must be an object", "filter"));
    src = &f->value().as_object();
  }
  command::Subscribe s;
  auto& filter = s.filter;
  for (auto [key, out] :
       {std::pair{"body", &filter.bodies}, std::pair{"level", &filter.levels},
        std::pair{"category", &filter.categories}, std::pair{"kind", &filter.kinds}}) {
    auto v = string_set(*src, key);
    if (!v) return std::unexpected(v.error());
    *out = std::move(*v);
  }
  for (const auto& l : filter.levels) {
    if (!parse_level(l)) {
      return std::unexpected(
          invalid_input("unknown level '" + l + "' (community, street, district)", "level"));
    }
  }
  return s;
}

Result<Command> parse_reload(const json::object& r, const ParseContext& context) {
  command::Reload reload;
  if (auto dry = r.find("dry_run"); dry != r.end() && dry->value() == true) {
    reload.dry_run = true;
    reload.window_days = context.dry_run_window_days;
    if (auto w = r.find("window_days"); w != r.end()) {
      if (!w->value().is_int64() || w->value().as_int64() < 1 || w->value().as_int64() > 3660)
        return std::unexpected(invalid_input("must be an integer from 1 to 3660", "window_days"));
      reload.window_days = static_cast<int>(w->value().as_int64());
    }
  }
  return reload;
}

Result<CaseChange> parse_extend(std::int64_t case_id, const json::object& r) {
  command::Extend e{case_id, text_field(r, "reason"), 0, text_field(r, "approved_by")};
  if (e.reason.empty())
    return std::unexpected(invalid_input("is required (why the deadline is extended)", "reason"));
  auto days = r.find("days");
  if (days == r.end() || !days->value().is_int64() || days->value().as_int64() <= 0 ||
      days->value().as_int64() > 3650) {
    return std::unexpected(invalid_input(
        "is required: a whole number of days (in the period's units), 1–3650", "days"));
  }
  e.days = static_cast<int>(days->value().as_int64());
  return e;
}

Result<CaseChange> parse_resolve(std::int64_t case_id, const json::object& r) {
  // Required: a resolve that forgot it must not record a mediation as successful.
  const std::string outcome = text_field(r, "outcome");
  if (outcome == "resolved") {
    auto jc = r.find("judicial_confirmation");
    return command::Resolve{case_id, lifecycle::Resolved{text_field(r, "agreement"),
                                                         jc != r.end() && jc->value().is_bool() &&
                                                             jc->value().as_bool()}};
  }
  if (outcome == "failed") {
    const std::string route = text_field(r, "next_route");
    auto parsed = route.empty() ? std::optional(lifecycle::NextRoute::litigation)
                                : lifecycle::parse_next_route(route);
    if (!parsed) {
      return std::unexpected(
          invalid_input("must be arbitration, litigation or administrative", "next_route"));
    }
    return command::Resolve{case_id, lifecycle::Failed{*parsed, text_field(r, "reason")}};
  }
  return std::unexpected(invalid_input(outcome.empty() ? "is required: \"resolved\" or \"failed\""
                                                       : "must be \"resolved\" or \"failed\"",
                                       "outcome"));
}

Result<CaseChange> parse_feedback(std::int64_t case_id, const json::object& r) {
  const std::string rating_text = text_field(r, "rating");
  auto rating = lifecycle::parse_satisfaction(rating_text);
  if (!rating) {
    return std::unexpected(invalid_input(
        rating_text.empty()
            ? "is required: 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)"
            : "must be 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)",
        "rating"));
  }
  lifecycle::FeedbackGiven f{*rating, text_field(r, "channel"), text_field(r, "comment")};
  if (f.channel.empty()) {
    return std::unexpected(invalid_input(
        "is required: how the rating came in (phone, sms, hotline_12345, …)", "channel"));
  }
  if (f.channel.size() > 64) return std::unexpected(invalid_input("is over 64 bytes", "channel"));
  if (f.comment.size() > 2000)
    return std::unexpected(invalid_input("is over 2000 bytes", "comment"));
  return command::Feedback{case_id, std::move(f)};
}

Result<CaseChange> parse_change(Op op, std::int64_t case_id, const json::object& r) {
  switch (op) {
    case Op::accept:
      return command::Accept{case_id};
    case Op::start_mediation:
      return command::StartMediation{case_id};
    case Op::suspend: {
      command::Suspend s{case_id, text_field(r, "reason")};
      if (s.reason.empty())
        return std::unexpected(
            invalid_input("is required (why the clock stops, e.g. 鉴定)", "reason"));
      return s;
    }
    case Op::resume:
      return command::Resume{case_id};
    case Op::extend:
      return parse_extend(case_id, r);
    case Op::transfer: {
      command::Transfer t{case_id, text_field(r, "body"), text_field(r, "reason")};
      if (t.body.empty())
        return std::unexpected(invalid_input("is required (the receiving body's id)", "body"));
      return t;
    }
    case Op::resolve:
      return parse_resolve(case_id, r);
    case Op::withdraw:
      return command::Withdraw{case_id, text_field(r, "reason")};
    case Op::close:
      return command::Close{case_id, text_field(r, "note")};
    case Op::feedback:
      return parse_feedback(case_id, r);
    default:
      return std::unexpected(internal_error("not a lifecycle operation"));
  }
}

}  // namespace

Result<Command> parse_command(Op op, const json::object& request, const ParseContext& context) {
  switch (op) {
    case Op::hello:
      return parse_hello(request);
    case Op::submit:
      return parse_submit(request, context);
    case Op::get:
      return parse_get(request);
    case Op::subscribe:
      return parse_subscribe(request);
    case Op::backlog:
      return command::Backlog{};
    case Op::stats:
      return command::Stats{};
    case Op::reload:
      return parse_reload(request, context);
    case Op::accept:
    case Op::start_mediation:
    case Op::suspend:
    case Op::resume:
    case Op::extend:
    case Op::transfer:
    case Op::resolve:
    case Op::withdraw:
    case Op::close:
    case Op::feedback: {
      auto id = case_field(request);
      if (!id) return std::unexpected(id.error());
      auto change = parse_change(op, *id, request);
      if (!change) return std::unexpected(change.error());
      return Command{std::move(*change)};
    }
  }
  return std::unexpected(internal_error("unknown operation"));
}

Result<command::Submit> map_record(const command::SubmitRecord& submit,
                                   const internal::ChannelFormats& formats,
                                   const DisputeSchema& schema,
                                   const lifecycle::WorkingCalendar* calendar) {
  auto found = formats.formats.find(submit.format);
  if (found == formats.formats.end()) {
    return std::unexpected(
        invalid_input(fmt::format("unknown format '{}'", submit.format), "format"));
  }
  if (!submit.record.is_object()) {
    return std::unexpected(invalid_input("is required: the native record, an object", "record"));
  }
  const adapters::Gazetteer* g = formats.gazetteer ? &*formats.gazetteer : nullptr;
  auto mapped =
      adapters::map_record(found->second, submit.record.get_object(), g, schema, calendar);
  if (!mapped) {
    Error e = mapped.error();
    if (e.where != "channel") e.where = e.where.empty() ? "record" : "record." + e.where;
    return std::unexpected(std::move(e));
  }
  const auto& loc = mapped->location;
  spdlog::debug("{} {}: location {} ({}, {:.2f}) {}", mapped->dispute.channel,
                mapped->dispute.external_id, loc.street.empty() ? "unresolved" : loc.street,
                adapters::to_string(loc.method), loc.confidence, loc.note);
  command::Submit s{std::move(mapped->dispute), {}, submit.format};
  s.text = dispute_to_json_text(s.dispute);
  return s;
}

void resolve_location(command::Submit& submit, const internal::ChannelFormats* formats) {
  Dispute& d = submit.dispute;
  if (!d.address || !formats || !formats->gazetteer) return;
  const auto before = std::tie(d.street, d.community, d.location_review);
  const auto copy = std::make_tuple(d.street, d.community, d.location_review);
  adapters::resolve_dispute_location(d, *formats->gazetteer);
  if (before != copy) submit.text = dispute_to_json_text(d);
}

}  // namespace tiaojie::daemon
