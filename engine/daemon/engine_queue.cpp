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

bool shows(command::Queue::Show show, const QueueItem& item) {
  switch (show) {
    case command::Queue::Show::all:
      return true;
    case command::Queue::Show::waiting:
      return item.status == Status::received || item.status == Status::assigned;
    case command::Queue::Show::in_progress:
      return item.status == Status::accepted || item.status == Status::in_mediation;
    case command::Queue::Show::overdue:
      return item.overdue || item.reply_overdue;
  }
  return true;
}

// Soonest due first; no due date last; then the oldest case.
bool sooner(const QueueItem& a, const QueueItem& b) {
  if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
  if (a.due && *a.due != *b.due)
    return std::chrono::sys_days(*a.due) < std::chrono::sys_days(*b.due);
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
    std::vector<QueueItem> matching;
    for (const auto& [case_id, info] : m.open) {
      if (!body_wanted(info.body.value)) continue;
      if (!query.category.empty() && info.category != query.category) continue;
      QueueItem item;
      item.case_id = case_id;
      item.status = info.status;
      item.due = info.due;
      item.due_provisional_year = info.due_provisional_year;
      item.reply_due = info.reply_due;
      item.overdue = is_overdue(m.snap, info, view.as_of, now);
      item.reply_overdue = info.reply_due && *info.reply_due <= now;
      if (!shows(query.show, item)) continue;
      item.body = info.body.value;
      item.category = info.category;
      if (auto idx = graph.find(info.body.value)) item.level = graph.body(*idx).level;
      matching.push_back(std::move(item));
    }
    view.total = matching.size();
    const auto first = std::min(query.offset, matching.size());
    const auto last = std::min(matching.size(), first + query.limit);
    std::partial_sort(matching.begin(), matching.begin() + static_cast<std::ptrdiff_t>(last),
                      matching.end(), sooner);
    view.items.assign(
        std::make_move_iterator(matching.begin() + static_cast<std::ptrdiff_t>(first)),
        std::make_move_iterator(matching.begin() + static_cast<std::ptrdiff_t>(last)));
    done(std::move(view));
  };
  asio::post(m.strand, [&m, list = std::move(list)]() mutable {
    m.writer.run([&m, list = std::move(list)](store::Store&) mutable {
      asio::post(m.strand, std::move(list));
    });
  });
}

}  // namespace tiaojie::daemon::internal
