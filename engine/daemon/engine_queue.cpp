// The workbench's queue (issue 18): a page of the open cases within a principal's reach, soonest
// due first, from the open cases the engine keeps in memory, so that a body's queue of 10,000
// cases needs no store read.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <unordered_map>

#include "daemon/internal/engine.hpp"
#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
using lifecycle::Status;

namespace {

// A matching case before its page is known: what sorting and filtering need, without copying the
// body and category strings of cases that will not be shown (a district queue matches 100,000).
struct Candidate {
  std::int64_t case_id = 0;
  const OpenCaseInfo* info = nullptr;
  bool overdue = false;
  bool reply_overdue = false;
};

bool shows(command::Queue::Show show, const Candidate& c) {
  switch (show) {
    case command::Queue::Show::all:
      return true;
    case command::Queue::Show::waiting:
      return c.info->status == Status::received || c.info->status == Status::assigned;
    case command::Queue::Show::in_progress:
      return c.info->status == Status::accepted || c.info->status == Status::in_mediation;
    case command::Queue::Show::overdue:
      return c.overdue || c.reply_overdue;
  }
  return true;
}

// Soonest due first; no due date last; then the oldest case.
bool sooner(const Candidate& a, const Candidate& b) {
  const auto& da = a.info->due;
  const auto& db = b.info->due;
  if (da.has_value() != db.has_value()) return da.has_value();
  if (da && *da != *db) return std::chrono::sys_days(*da) < std::chrono::sys_days(*db);
  return a.case_id < b.case_id;
}

}  // namespace

void Engine::queue(command::Queue query, Scope who, Answer<QueueView> done) {
  auto& m = *impl_;
  // Like backlog: after every change queued before it has committed and been tracked.
  auto list = [&m, query = std::move(query), who = std::move(who), done = std::move(done)] {
    const Timestamp now = m.clock.now();
    const auto& graph = *m.snap.graph;
    QueueView view;
    view.as_of = shanghai_date(now);
    // Whether a body is in reach and asked for, decided once per body rather than per case.
    std::unordered_map<std::string_view, bool> wanted;
    auto body_wanted = [&](std::string_view body) {
      auto [it, fresh] = wanted.try_emplace(body, false);
      if (fresh) {
        const auto street = graph.street_of(body);
        it->second = authorise_case(who, CaseWhere{{}, body, street}).has_value() &&
                     (query.body.empty() || body == query.body) &&
                     (query.street.empty() || street == query.street);
      }
      return it->second;
    };
    std::vector<Candidate> matching;
    for (const auto& [case_id, info] : m.open) {
      if (!body_wanted(info.body.value)) continue;
      if (!query.category.empty() && info.category != query.category) continue;
      Candidate c{case_id, &info, is_overdue(m.snap, info, view.as_of, now),
                  info.reply_due && *info.reply_due <= now};
      if (shows(query.show, c)) matching.push_back(c);
    }
    view.total = matching.size();
    const auto first = std::min(query.offset, matching.size());
    const auto last = std::min(matching.size(), first + query.limit);
    std::partial_sort(matching.begin(), matching.begin() + static_cast<std::ptrdiff_t>(last),
                      matching.end(), sooner);
    view.items.reserve(last - first);
    for (auto i = first; i < last; ++i) {
      const auto& c = matching[i];
      QueueItem item;
      item.case_id = c.case_id;
      item.body = c.info->body.value;
      item.category = c.info->category;
      if (auto idx = graph.find(item.body)) item.level = graph.body(*idx).level;
      item.status = c.info->status;
      item.due = c.info->due;
      item.due_provisional_year = c.info->due_provisional_year;
      item.reply_due = c.info->reply_due;
      item.overdue = c.overdue;
      item.reply_overdue = c.reply_overdue;
      view.items.push_back(std::move(item));
    }
    done(std::move(view));
  };
  asio::post(m.strand, [&m, list = std::move(list)]() mutable {
    m.writer.run([&m, list = std::move(list)](store::Store&) mutable {
      asio::post(m.strand, std::move(list));
    });
  });
}

}  // namespace tiaojie::daemon::internal
