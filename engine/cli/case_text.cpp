#include "cli/case_text.hpp"

#include <fmt/format.h>

#include <array>

#include "store/store.hpp"

namespace tiaojie::cli {
namespace {

using namespace lifecycle;

// In Status order.
constexpr std::array<std::string_view, 8> k_status_zh = {"已登记",   "已分派",   "已受理", "调解中",
                                                         "调解成功", "调解不成", "撤回",   "结案"};

// In EventKind order.
constexpr std::array<std::string_view, 22> k_event_zh = {
    "登记",     "分类",     "分派",     "受理",         "开始调解", "调解成功",
    "调解不成", "撤回",     "移交",     "升级",         "临近期限", "超期",
    "督办",     "结案",     "重新打开", "临近答复时限", "答复超时", "期限重算",
    "中止计时", "恢复计时", "延长期限", "回访"};

std::string due_text(const std::optional<CivilDate>& due, int provisional_year) {
  if (!due) return "";
  std::string s = "due " + format_date(*due);
  if (provisional_year != 0) s += fmt::format(" (provisional: no {} calendar)", provisional_year);
  return s;
}

std::string rule_name(const RuleRef& r) { return r.empty() ? "default" : store::rule_key(r); }

struct Detail {
  std::string operator()(const Submitted& s) const {
    std::string out =
        fmt::format("{} {}, received {}", s.channel, s.external_id, shanghai_minute(s.received_at));
    if (s.reply_due) out += ", reply due " + shanghai_minute(*s.reply_due);
    if (!s.repeat_of.empty()) out += ", " + repeat_text(s.repeat_of);
    return out;
  }
  std::string operator()(const Classified& c) const {
    const auto& k = c.classification;
    std::string out = fmt::format("{} ({}), {}, {}, {}", k.category, rule_name(k.category_rule),
                                  to_string(k.priority), to_string(k.mode), to_string(k.level));
    if (auto d = due_text(c.due, c.provisional_year); !d.empty()) out += ", " + d;
    return out;
  }
  std::string operator()(const Assigned& a) const {
    std::string out = "lead " + a.assignment.lead.value;
    if (a.assignment.needs_review) out += " (needs review: " + a.assignment.review_reason + ")";
    return out;
  }
  std::string operator()(const Accepted& a) const { return due_text(a.due, a.provisional_year); }
  std::string operator()(const MediationStarted& m) const {
    return due_text(m.due, m.provisional_year);
  }
  std::string operator()(const Resolved& r) const {
    return r.agreement + (r.judicial_confirmation ? " (司法确认 judicial confirmation)" : "");
  }
  std::string operator()(const Failed& f) const {
    return fmt::format("next route {}{}", to_string(f.next_route),
                       f.reason.empty() ? "" : ": " + f.reason);
  }
  std::string operator()(const Withdrawn& w) const { return w.reason; }
  std::string operator()(const Transferred& t) const {
    return fmt::format("to {}{}{}", t.target.value, t.reason.empty() ? "" : ": " + t.reason,
                       t.due ? ", due " + format_date(*t.due) : "");
  }
  std::string operator()(const Escalated& t) const {
    return fmt::format("to {}{}{}", t.target.value, t.reason.empty() ? "" : ": " + t.reason,
                       t.due ? ", due " + format_date(*t.due) : "");
  }
  std::string operator()(const DueSoon& d) const { return "due " + format_date(d.due); }
  std::string operator()(const Overdue& d) const { return "was due " + format_date(d.due); }
  std::string operator()(const SupervisionNotice& n) const {
    std::string to;
    for (const auto& b : n.addressees) to += (to.empty() ? "" : ", ") + b.value;
    return fmt::format("to {}: {}", to, n.reason);
  }
  std::string operator()(const Closed& c) const { return c.note; }
  std::string operator()(const Reopened& r) const {
    return r.reason + (r.due ? ", due " + format_date(*r.due) : "");
  }
  std::string operator()(const ReplyDueSoon& r) const {
    return "reply due " + shanghai_minute(r.due);
  }
  std::string operator()(const ReplyOverdue& r) const {
    return "reply was due " + shanghai_minute(r.due);
  }
  std::string operator()(const DeadlineChanged& d) const {
    return fmt::format("{} → {} ({})", d.old_due ? format_date(*d.old_due) : "none",
                       d.due ? format_date(*d.due) : "none", d.cause);
  }
  std::string operator()(const Suspended& s) const { return s.reason; }
  std::string operator()(const Resumed& r) const {
    return fmt::format("{} units suspended{}", r.suspended_units,
                       r.due ? ", due " + format_date(*r.due) : "");
  }
  std::string operator()(const FeedbackGiven& f) const {
    return fmt::format("{} {} via {}{}", chinese_label(f.rating), to_string(f.rating), f.channel,
                       f.comment.empty() ? "" : ": " + f.comment);
  }
  std::string operator()(const Extended& x) const {
    return fmt::format("+{} units, approved by {}: {}{}", x.units, x.approved_by, x.reason,
                       x.due ? ", due " + format_date(*x.due) : "");
  }
};

}  // namespace

std::string_view status_zh(Status status) {
  return k_status_zh.at(static_cast<std::size_t>(status));
}

std::string status_label(Status status) {
  return fmt::format("{} {}", status_zh(status), to_string(status));
}

std::string event_label(EventKind kind) {
  return fmt::format("{} {}", k_event_zh.at(static_cast<std::size_t>(kind)), to_string(kind));
}

std::string repeat_text(const std::vector<lifecycle::RepeatLink>& links) {
  std::string out =
      fmt::format("repeats {} earlier case{}:", links.size(), links.size() == 1 ? "" : "s");
  for (const auto& l : links) {
    out += fmt::format(" {} ({})", l.earlier.value,
                       l.reason == RepeatReason::same_party ? "同一当事人 same party"
                                                            : "同一地址同类纠纷 same subject");
  }
  return out;
}

std::string event_detail(const Event& event) { return std::visit(Detail{}, event.data); }

std::string shanghai_minute(Timestamp t) {
  const auto tod = shanghai_time_of_day(t);
  return fmt::format("{} {:02}:{:02}", format_date(shanghai_date(t)), tod.count() / 3600,
                     tod.count() % 3600 / 60);
}

}  // namespace tiaojie::cli
