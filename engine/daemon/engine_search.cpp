// The workbench's search (docs/workbench.md "Pages"): one pass over the disputes received in the
// range with their first decision and current status (Store::for_each_decision), on the store
// thread, filtered by reach and the search's fields.
#include <boost/asio/post.hpp>

#include "daemon/internal/engine.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "model/dispute_json.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;

void Engine::search(command::Search search, Scope who, Answer<SearchView> done) {
  auto& m = *impl_;
  // Queued through the strand, as `get`: a search sees every change acknowledged before it.
  asio::post(m.strand, [&m, search = std::move(search), who = std::move(who),
                        done = std::move(done)]() mutable {
    m.writer.read([graph = m.snap.graph, search = std::move(search), who = std::move(who),
                   done = std::move(done)](store::Store& s) mutable {
      SearchView view;
      const auto from = shanghai_midnight(search.from);
      const auto to = shanghai_midnight(
          std::chrono::year_month_day{std::chrono::sys_days(search.to) + std::chrono::days{1}});
      auto read = s.for_each_decision(from, to, [&](const store::StoredDecision& d) {
        if (search.status && d.status != *search.status) return true;
        const std::string_view category =
            d.classification ? std::string_view(d.classification->category) : std::string_view{};
        if (!search.category.empty() && category != search.category) return true;
        const auto street = graph->street_of(d.body.value);
        if (!search.street.empty() && street != search.street) return true;
        if (!authorise_case(who, CaseWhere{d.dispute.channel, d.body.value, street})) return true;
        std::string description;
        if (auto dispute = parse_dispute(d.dispute.json))
          description = std::move(dispute->description);
        if (!search.text.empty() && description.find(search.text) == std::string::npos) return true;
        ++view.total;
        if (view.hits.size() < search.limit) {
          view.hits.push_back(SearchHit{d.dispute.case_id.value, d.dispute.received_at,
                                        d.dispute.channel, std::string(category), d.status,
                                        d.body.value, std::move(description)});
        }
        return true;
      });
      if (!read) {
        done(std::unexpected(read.error()));
        return;
      }
      done(std::move(view));
    });
  });
}

}  // namespace tiaojie::daemon::internal
