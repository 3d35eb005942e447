#include "lifecycle/event_json.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <type_traits>

#include "lifecycle/internal/json_writer.hpp"
#include "model/enums.hpp"

namespace tiaojie::lifecycle {
namespace json = boost::json;
namespace {

// Reads typed fields out of one JSON object, remembering the first error with its field path, so
// that decoders read as a list of fields instead of a ladder of ifs.
class Reader {
 public:
  Reader(const json::value& v, std::string path) : path_(std::move(path)) {
    obj_ = v.if_object();
    if (obj_ == nullptr) fail(path_, "expected an object");
  }
  [[nodiscard]] bool ok() const { return !error_; }
  [[nodiscard]] Error error() const { return *error_; }
  [[nodiscard]] std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }
  void fail(std::string where, std::string message) {
    if (!error_) error_ = invalid_input(std::move(message), std::move(where));
  }
  const json::value* get(std::string_view key, bool required = true) {
    if (obj_ == nullptr) return nullptr;
    const auto* v = obj_->if_contains(key);
    if (v == nullptr && required) fail(path(key), "missing field");
    return v;
  }
  std::string str(std::string_view key, bool required = true) {
    const auto* v = get(key, required);
    if (v == nullptr) return {};
    if (!v->is_string()) return fail(path(key), "expected a string"), std::string{};
    return std::string(v->get_string());
  }
  std::int64_t integer(std::string_view key, bool required = true) {
    const auto* v = get(key, required);
    if (v == nullptr) return 0;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
    fail(path(key), "expected an integer");
    return 0;
  }
  bool boolean(std::string_view key, bool required = true) {
    const auto* v = get(key, required);
    if (v == nullptr) return false;
    if (!v->is_bool()) return fail(path(key), "expected true or false"), false;
    return v->get_bool();
  }
  std::optional<CivilDate> date(std::string_view key, bool required = true) {
    const auto* v = get(key, required);
    if (v == nullptr) return std::nullopt;
    auto d = v->is_string() ? parse_date(v->get_string()) : std::nullopt;
    if (!d) fail(path(key), "expected a date YYYY-MM-DD");
    return d;
  }
  Timestamp timestamp(std::string_view key) {
    auto text = str(key);
    if (!ok()) return {};
    auto t = parse_timestamp(text);
    if (!t) return fail(path(key), "expected an RFC 3339 date-time"), Timestamp{};
    return *t;
  }
  template <class Enum, class Parse>
  Enum enumerated(std::string_view key, Parse parse) {
    auto text = str(key);
    if (!ok()) return Enum{};
    auto v = parse(text);
    if (!v) return fail(path(key), fmt::format("unknown value \"{}\"", text)), Enum{};
    return *v;
  }
  const json::array* array(std::string_view key, bool required = true) {
    const auto* v = get(key, required);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) return fail(path(key), "expected an array"), nullptr;
    return &v->get_array();
  }
  std::vector<BodyId> bodies(std::string_view key) {
    std::vector<BodyId> out;
    const auto* arr = array(key);
    if (arr == nullptr) return out;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      if (!(*arr)[i].is_string()) {
        fail(fmt::format("{}[{}]", path(key), i), "expected a body id");
        break;
      }
      out.push_back(BodyId{std::string((*arr)[i].get_string())});
    }
    return out;
  }

 private:
  const json::object* obj_ = nullptr;
  std::string path_;
  std::optional<Error> error_;
};

void write_bodies(internal::JsonWriter& w, const std::vector<BodyId>& bodies) {
  w.begin_array();
  for (const auto& b : bodies) w.value(b.value);
  w.end_array();
}

constexpr std::string_view k_rule_fields[] = {"category", "priority", "mode", "level", "deadline"};

RuleRef* rule_field(Classification& c, std::size_t i) {
  RuleRef* refs[] = {&c.category_rule, &c.priority_rule, &c.mode_rule, &c.level_rule,
                     &c.deadline_rule};
  return refs[i];
}

}  // namespace

static void write_classification(internal::JsonWriter& w, const Classification& c) {
  w.begin_object();
  w.field("category", c.category);
  w.field("priority", to_string(c.priority));
  w.field("mode", to_string(c.mode));
  w.field("level", to_string(c.level));
  w.key("deadline");
  w.begin_object();
  w.field("days", c.deadline.days);
  w.field("count", to_string(c.deadline.count));
  // Written only when it is not the default, so that decisions stored before start events existed
  // read back unchanged (and their JSON stays byte-identical).
  if (c.deadline.from != DeadlineStart::received) w.field("from", to_string(c.deadline.from));
  if (c.deadline.routing_days != 0) w.field("routing_days", c.deadline.routing_days);
  if (c.deadline.extension_days != 0) w.field("extension_days", c.deadline.extension_days);
  if (c.deadline.max_extensions != 0) w.field("max_extensions", c.deadline.max_extensions);
  w.end_object();
  w.key("tags");
  w.begin_array();
  for (const auto& t : c.tags) w.value(t);
  w.end_array();
  w.key("rules");
  w.begin_object();
  const RuleRef* refs[] = {&c.category_rule, &c.priority_rule, &c.mode_rule, &c.level_rule,
                           &c.deadline_rule};
  for (std::size_t i = 0; i < std::size(k_rule_fields); ++i) {
    const RuleRef& r = *refs[i];
    if (r.empty()) continue;
    w.key(k_rule_fields[i]);
    w.begin_object();
    w.field("table", r.table());
    w.field("rule_id", r.rule_id());
    w.field("file", r.file());
    w.field("line", r.line());
    w.end_object();
  }
  w.end_object();
  w.field("rules_version", c.rules_version.view());
  w.end_object();
}

json::object classification_to_json(const Classification& c) {
  internal::JsonWriter w;
  write_classification(w, c);
  return json::parse(w.take()).as_object();
}

Result<Classification> classification_from_json(const json::value& v, std::string_view path) {
  Reader r(v, std::string(path));
  Classification c;
  c.category = r.str("category");
  c.priority = r.enumerated<Priority>("priority", parse_priority);
  c.mode = r.enumerated<Mode>("mode", parse_mode);
  c.level = r.enumerated<Level>("level", parse_level);
  if (const auto* d = r.get("deadline"); d != nullptr && r.ok()) {
    Reader dr(*d, r.path("deadline"));
    c.deadline.days = static_cast<int>(dr.integer("days"));
    c.deadline.count = dr.enumerated<DayCount>("count", parse_day_count);
    if (dr.get("from", false) != nullptr) {
      c.deadline.from = dr.enumerated<DeadlineStart>("from", parse_deadline_start);
    }
    c.deadline.routing_days = static_cast<int>(dr.integer("routing_days", false));
    c.deadline.extension_days = static_cast<int>(dr.integer("extension_days", false));
    c.deadline.max_extensions = static_cast<int>(dr.integer("max_extensions", false));
    if (!dr.ok()) return std::unexpected(dr.error());
  }
  if (const auto* tags = r.array("tags"); tags != nullptr) {
    for (const auto& t : *tags) {
      if (!t.is_string()) return std::unexpected(invalid_input("expected strings", r.path("tags")));
      c.tags.emplace_back(t.get_string());
    }
  }
  if (const auto* rules = r.get("rules"); rules != nullptr && r.ok()) {
    Reader rr(*rules, r.path("rules"));
    for (std::size_t i = 0; i < std::size(k_rule_fields); ++i) {
      const auto* ref = rr.get(k_rule_fields[i], false);
      if (ref == nullptr) continue;
      Reader f(*ref, rr.path(k_rule_fields[i]));
      std::string table = f.str("table"), rule_id = f.str("rule_id"), file = f.str("file");
      const auto line = static_cast<int>(f.integer("line"));
      if (!f.ok()) return std::unexpected(f.error());
      *rule_field(c, i) = RuleRef(std::move(table), std::move(rule_id), std::move(file), line);
    }
    if (!rr.ok()) return std::unexpected(rr.error());
  }
  c.rules_version = r.str("rules_version");
  if (!r.ok()) return std::unexpected(r.error());
  return c;
}

static void write_assignment(internal::JsonWriter& w, const Assignment& a) {
  w.begin_object();
  w.field("lead", a.lead.value);
  w.key("partners");
  write_bodies(w, a.partners);
  w.key("path");
  w.begin_array();
  for (const auto& s : a.path) {
    w.begin_object();
    w.field("body", s.body.value);
    w.field("verdict", s.verdict);
    w.end_object();
  }
  w.end_array();
  w.field("needs_review", a.needs_review);
  w.field("review_reason", a.review_reason);
  w.field("graph_version", a.graph_version);
  w.end_object();
}

json::object assignment_to_json(const Assignment& a) {
  internal::JsonWriter w;
  write_assignment(w, a);
  return json::parse(w.take()).as_object();
}

Result<Assignment> assignment_from_json(const json::value& v, std::string_view path) {
  Reader r(v, std::string(path));
  Assignment a;
  a.lead = BodyId{r.str("lead")};
  a.partners = r.bodies("partners");
  if (const auto* steps = r.array("path"); steps != nullptr) {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      Reader s((*steps)[i], fmt::format("{}[{}]", r.path("path"), i));
      PathStep step{BodyId{s.str("body")}, s.str("verdict")};
      if (!s.ok()) return std::unexpected(s.error());
      a.path.push_back(std::move(step));
    }
  }
  a.needs_review = r.boolean("needs_review");
  a.review_reason = r.str("review_reason");
  a.graph_version = r.str("graph_version");
  if (!r.ok()) return std::unexpected(r.error());
  return a;
}

static void write_event_data(internal::JsonWriter& w, const EventData& data) {
  auto date_field = [&w](std::string_view key, const std::optional<CivilDate>& d) {
    if (d) w.field(key, format_date(*d));
  };
  w.begin_object();
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Submitted>) {
          w.field("channel", d.channel);
          w.field("external_id", d.external_id);
          w.field("received_at", format_timestamp(d.received_at));
          if (d.reply_due) w.field("reply_due", format_timestamp(*d.reply_due));
          if (!d.repeat_of.empty()) {
            w.key("repeat_of");
            w.begin_array();
            for (const auto& link : d.repeat_of) {
              w.begin_object();
              w.field("case", link.earlier.value);
              w.field("reason", to_string(link.reason));
              w.end_object();
            }
            w.end_array();
          }
          if (!d.repeat_keys.empty()) {
            w.key("repeat_keys");
            w.begin_array();
            for (const auto& k : d.repeat_keys) w.value(k);
            w.end_array();
          }
        } else if constexpr (std::is_same_v<T, Classified>) {
          w.key("classification");
          write_classification(w, d.classification);
          date_field("due", d.due);
          if (d.provisional_year != 0) w.field("provisional_year", d.provisional_year);
        } else if constexpr (std::is_same_v<T, Assigned>) {
          w.key("assignment");
          write_assignment(w, d.assignment);
        } else if constexpr (std::is_same_v<T, Resolved>) {
          w.field("agreement", d.agreement);
          w.field("judicial_confirmation", d.judicial_confirmation);
        } else if constexpr (std::is_same_v<T, Failed>) {
          w.field("next_route", to_string(d.next_route));
          w.field("reason", d.reason);
        } else if constexpr (std::is_same_v<T, Withdrawn> || std::is_same_v<T, Reopened>) {
          w.field("reason", d.reason);
          if constexpr (std::is_same_v<T, Reopened>) date_field("due", d.due);
        } else if constexpr (std::is_same_v<T, Transferred> || std::is_same_v<T, Escalated>) {
          w.field("target", d.target.value);
          w.field("reason", d.reason);
          date_field("due", d.due);
          if constexpr (std::is_same_v<T, Escalated>) {
            if (d.working_days != 0) w.field("working_days", d.working_days);
            if (d.provisional_year != 0) w.field("provisional_year", d.provisional_year);
          }
        } else if constexpr (std::is_same_v<T, DueSoon> || std::is_same_v<T, Overdue>) {
          w.field("due", format_date(d.due));
        } else if constexpr (std::is_same_v<T, SupervisionNotice>) {
          w.key("addressees");
          write_bodies(w, d.addressees);
          w.field("reason", d.reason);
          w.field("due", format_date(d.due));
        } else if constexpr (std::is_same_v<T, Closed>) {
          w.field("note", d.note);
        } else if constexpr (std::is_same_v<T, ReplyDueSoon> || std::is_same_v<T, ReplyOverdue>) {
          w.field("due", format_timestamp(d.due));
        } else if constexpr (std::is_same_v<T, Accepted> || std::is_same_v<T, MediationStarted>) {
          date_field("due", d.due);
          if (d.provisional_year != 0) w.field("provisional_year", d.provisional_year);
        } else if constexpr (std::is_same_v<T, DeadlineChanged>) {
          date_field("old_due", d.old_due);
          date_field("due", d.due);
          w.field("old_provisional_year", d.old_provisional_year);
          w.field("provisional_year", d.provisional_year);
          w.field("cause", d.cause);
        } else if constexpr (std::is_same_v<T, Suspended>) {
          w.field("reason", d.reason);
        } else if constexpr (std::is_same_v<T, Resumed>) {
          date_field("due", d.due);
          w.field("suspended_units", d.suspended_units);
          if (d.provisional_year != 0) w.field("provisional_year", d.provisional_year);
        } else if constexpr (std::is_same_v<T, Extended>) {
          w.field("reason", d.reason);
          w.field("approved_by", d.approved_by);
          w.field("units", d.units);
          date_field("due", d.due);
          if (d.provisional_year != 0) w.field("provisional_year", d.provisional_year);
        } else if constexpr (std::is_same_v<T, FeedbackGiven>) {
          w.field("rating", to_string(d.rating));
          w.field("channel", d.channel);
          w.field("comment", d.comment);
        }
      },
      data);
  w.end_object();
}

json::object event_data_to_json(const EventData& data) {
  return json::parse(event_data_to_json_text(data)).as_object();
}

std::string event_data_to_json_text(const EventData& data) {
  internal::JsonWriter w;
  write_event_data(w, data);
  return w.take();
}

Result<EventData> event_data_from_json(EventKind kind, const json::value& v) {
  Reader r(v, "data");
  EventData out;
  switch (kind) {
    case EventKind::submitted: {
      Submitted sub{r.str("channel"), r.str("external_id"), r.timestamp("received_at"),
                    r.get("reply_due", false) ? std::optional<Timestamp>{r.timestamp("reply_due")}
                                              : std::nullopt};
      if (const auto* links = r.array("repeat_of", false); links != nullptr) {
        for (std::size_t i = 0; i < links->size() && r.ok(); ++i) {
          Reader link((*links)[i], fmt::format("data.repeat_of[{}]", i));
          sub.repeat_of.push_back(
              RepeatLink{CaseId{link.integer("case")},
                         link.enumerated<RepeatReason>("reason", parse_repeat_reason)});
          if (!link.ok()) return std::unexpected(link.error());
        }
      }
      if (const auto* keys = r.array("repeat_keys", false); keys != nullptr) {
        for (std::size_t i = 0; i < keys->size(); ++i) {
          if (!(*keys)[i].is_string()) {
            r.fail(fmt::format("data.repeat_keys[{}]", i), "expected a string");
            break;
          }
          sub.repeat_keys.emplace_back((*keys)[i].get_string());
        }
      }
      out = std::move(sub);
      break;
    }
    case EventKind::classified: {
      Classified c;
      if (const auto* cj = r.get("classification"); cj != nullptr) {
        auto parsed = classification_from_json(*cj, "data.classification");
        if (!parsed) return std::unexpected(parsed.error());
        c.classification = std::move(*parsed);
      }
      c.due = r.date("due", false);
      c.provisional_year = static_cast<int>(r.integer("provisional_year", false));
      out = std::move(c);
      break;
    }
    case EventKind::assigned: {
      Assigned a;
      if (const auto* aj = r.get("assignment"); aj != nullptr) {
        auto parsed = assignment_from_json(*aj, "data.assignment");
        if (!parsed) return std::unexpected(parsed.error());
        a.assignment = std::move(*parsed);
      }
      out = std::move(a);
      break;
    }
    case EventKind::accepted:
      out = Accepted{r.date("due", false), static_cast<int>(r.integer("provisional_year", false))};
      break;
    case EventKind::mediation_started:
      out = MediationStarted{r.date("due", false),
                             static_cast<int>(r.integer("provisional_year", false))};
      break;
    case EventKind::resolved:
      out = Resolved{r.str("agreement"), r.boolean("judicial_confirmation")};
      break;
    case EventKind::failed:
      out = Failed{r.enumerated<NextRoute>("next_route", parse_next_route), r.str("reason")};
      break;
    case EventKind::withdrawn:
      out = Withdrawn{r.str("reason")};
      break;
    case EventKind::transferred:
      out = Transferred{BodyId{r.str("target")}, r.str("reason"), r.date("due", false)};
      break;
    case EventKind::escalated:
      out = Escalated{BodyId{r.str("target")}, r.str("reason"), r.date("due", false),
                      static_cast<int>(r.integer("working_days", false)),
                      static_cast<int>(r.integer("provisional_year", false))};
      break;
    case EventKind::due_soon:
      out = DueSoon{r.date("due").value_or(CivilDate{})};
      break;
    case EventKind::overdue:
      out = Overdue{r.date("due").value_or(CivilDate{})};
      break;
    case EventKind::supervision_notice:
      out = SupervisionNotice{r.bodies("addressees"), r.str("reason"),
                              r.date("due").value_or(CivilDate{})};
      break;
    case EventKind::closed:
      out = Closed{r.str("note")};
      break;
    case EventKind::reopened:
      out = Reopened{r.str("reason"), r.date("due", false)};
      break;
    case EventKind::reply_due_soon:
      out = ReplyDueSoon{r.timestamp("due")};
      break;
    case EventKind::reply_overdue:
      out = ReplyOverdue{r.timestamp("due")};
      break;
    case EventKind::deadline_changed:
      out = DeadlineChanged{r.date("old_due", false), r.date("due", false),
                            static_cast<int>(r.integer("old_provisional_year")),
                            static_cast<int>(r.integer("provisional_year")), r.str("cause")};
      break;
    case EventKind::suspended:
      out = Suspended{r.str("reason")};
      break;
    case EventKind::resumed:
      out = Resumed{r.date("due", false), static_cast<int>(r.integer("suspended_units")),
                    static_cast<int>(r.integer("provisional_year", false))};
      break;
    case EventKind::extended:
      out = Extended{r.str("reason"), r.str("approved_by"), static_cast<int>(r.integer("units")),
                     r.date("due", false), static_cast<int>(r.integer("provisional_year", false))};
      break;
    case EventKind::feedback:
      out = FeedbackGiven{r.enumerated<Satisfaction>("rating", parse_satisfaction),
                          r.str("channel"), r.str("comment", false)};
      break;
  }
  if (!r.ok()) return std::unexpected(r.error());
  return out;
}

Result<EventData> event_data_from_json_text(EventKind kind, std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return std::unexpected(invalid_input("event data is not JSON: " + ec.message(), "data"));
  return event_data_from_json(kind, v);
}

json::object event_to_json(const Event& e) {
  return {{"case_id", e.case_id.value},   {"kind", to_string(e.kind())},
          {"at", format_timestamp(e.at)}, {"actor", e.actor},
          {"body", e.body.value},         {"data", event_data_to_json(e.data)}};
}

Result<Event> event_from_json(const json::value& v) {
  Reader r(v, "");
  Event e;
  e.case_id = CaseId{r.integer("case_id")};
  auto kind = r.enumerated<EventKind>("kind", parse_event_kind);
  e.at = r.timestamp("at");
  e.actor = r.str("actor");
  e.body = BodyId{r.str("body")};
  const auto* data = r.get("data");
  if (!r.ok()) return std::unexpected(r.error());
  auto parsed = event_data_from_json(kind, *data);
  if (!parsed) return std::unexpected(parsed.error());
  e.data = std::move(*parsed);
  return e;
}

}  // namespace tiaojie::lifecycle
