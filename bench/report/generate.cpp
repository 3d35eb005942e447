#include "generate.hpp"

#include <fmt/format.h>

#include <random>

namespace tiaojie::bench {
namespace {

using namespace lifecycle;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

const char* const k_categories[] = {"neighbour", "family",          "property_mgmt", "labour",
                                    "contract",  "damages",         "consumer",      "housing",
                                    "traffic",   "public_security", "medical",       "other"};
const char* const k_channels[] = {"hotline_12345", "hotline_12345",   "walk_in",        "walk_in",
                                  "online",        "police_referral", "court_referral", "petition"};

Event ev(EventData data, Timestamp at, const BodyId& body) {
  return Event{CaseId{}, at, "bench", body, std::move(data)};
}

}  // namespace

Result<std::int64_t> generate_year(store::Store& store, const graph::BodyGraph& graph,
                                   const GenerateOptions& o) {
  std::mt19937_64 rng(o.seed);
  // Bodies by level; a community body's street decides how fast it works.
  std::vector<graph::BodyIndex> community, street, district;
  for (graph::BodyIndex b = 0; b < graph.body_count(); ++b) {
    const auto& body = graph.body(b);
    (body.level == Level::community ? community
     : body.level == Level::street  ? street
                                    : district)
        .push_back(b);
  }
  const auto slowness = [&](graph::BodyIndex b) {
    const auto s = graph.ancestor_at(graph.body(b).region, graph::RegionLevel::street);
    return s == graph::k_none ? 1.0 : 0.7 + 0.15 * static_cast<double>(s % 7);
  };
  const auto span = (o.until - o.from).count();
  std::int64_t events = 0;
  std::vector<store::Change> batch;
  for (std::int64_t i = 0; i < o.cases; ++i) {
    const Timestamp received =
        o.from + seconds{std::uniform_int_distribution<std::int64_t>(0, span - 1)(rng)};
    const double pick = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto& pool = pick < 0.7 ? community : pick < 0.95 ? street : district;
    const graph::BodyIndex lead =
        pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
    const BodyId body{graph.body(lead).id};
    Dispute d;
    d.external_id = fmt::format("B-{}", i + 1);
    d.channel = k_channels[rng() % std::size(k_channels)];
    d.received_at = received;
    if (d.channel == "hotline_12345") d.reply_due = received + days{5};
    d.description = "bench";
    Classification c;
    c.category = k_categories[rng() % std::size(k_categories)];
    c.deadline = Deadline{c.category == std::string("labour") ? 15 : 30, DayCount::calendar};
    const CivilDate due{std::chrono::sys_days{shanghai_date(received)} + days{c.deadline.days}};
    Assignment a;
    a.lead = body;
    std::vector<Event> life{
        ev(Submitted{d.channel, d.external_id, received, d.reply_due}, received, {}),
        ev(Classified{c, due}, received, {}), ev(Assigned{a}, received, body)};
    const auto add = [&](EventData data, Timestamp at, const BodyId& who) {
      if (at > o.now) return false;
      life.push_back(ev(std::move(data), at, who));
      return true;
    };
    // Days to an outcome: exponential around 12 days, stretched by the street's slowness.
    const double mean = 12.0 * slowness(lead);
    const auto took =
        days{1 + static_cast<int>(std::exponential_distribution<double>(1.0 / mean)(rng))};
    const double fate = std::uniform_real_distribution<double>(0, 1)(rng);
    BodyId at_body = body;
    if (add(Accepted{}, received + hours{20}, body) &&
        add(MediationStarted{}, received + hours{30}, body)) {
      const Timestamp overdue_at =
          shanghai_midnight(CivilDate{std::chrono::sys_days{due} + days{1}});
      if (received + took >= overdue_at) {
        // Ran over: a supervision notice, and a community case goes up to its street.
        if (add(SupervisionNotice{{body}, "overdue", due}, overdue_at + hours{9}, body)) {
          const auto parents = graph.targets(lead, graph::EdgeKind::escalates_to);
          if (graph.body(lead).level == Level::community && !parents.empty() && fate < 0.5) {
            at_body = BodyId{graph.body(parents.front()).id};
            const CivilDate new_due{std::chrono::sys_days{due} + days{15}};
            if (add(Escalated{at_body, "overdue", new_due}, overdue_at + hours{10}, at_body)) {
              add(Accepted{}, overdue_at + hours{30}, at_body);
              add(MediationStarted{}, overdue_at + hours{31}, at_body);
            }
          }
        }
      }
      const Timestamp end = std::max(received + took, life.back().at) + hours{2};
      const bool mediating = life.back().kind() == EventKind::mediation_started ||
                             life.back().kind() == EventKind::supervision_notice;
      if (!mediating) {
        // escalated, not yet taken up again: stays open
      } else if (fate < 0.75) {
        add(Resolved{"bench", false}, end, at_body);
      } else if (fate < 0.9) {
        add(Failed{NextRoute::litigation, "bench"}, end, at_body);
      } else {
        add(Withdrawn{"bench"}, end, at_body);
      }
    }
    events += static_cast<std::int64_t>(life.size());
    store::NewCase nc{d, "{}", std::move(life)};
    batch.emplace_back(std::move(nc));
    if (batch.size() == o.batch || i + 1 == o.cases) {
      auto r = store.commit(batch);
      if (!r) return std::unexpected(r.error());
      for (const auto& one : *r) {
        if (!one) return std::unexpected(one.error());
      }
      batch.clear();
    }
  }
  return events;
}

}  // namespace tiaojie::bench
