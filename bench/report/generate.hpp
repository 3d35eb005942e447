// A synthetic year of disputes on a body graph, written through the Store API: each case gets a
// plausible life (accepted, mediated, resolved / failed / withdrawn, escalated after an overdue
// with a supervision notice, or still open), with streets that work at different speeds so that
// the report has units that fall behind. Deterministic for a seed.
#pragma once

#include <cstdint>

#include "graph/body_graph.hpp"
#include "model/time.hpp"
#include "store/store.hpp"

namespace tiaojie::bench {

struct GenerateOptions {
  std::int64_t cases = 20000;
  Timestamp from{};  // received_at is spread uniformly over [from, until)
  Timestamp until{};
  Timestamp now{};  // nothing happens after this instant: later steps leave the case open
  std::uint64_t seed = 7;
  std::size_t batch = 2000;  // cases per commit
};

// Returns the number of events written. Errors: the store's.
[[nodiscard]] Result<std::int64_t> generate_year(store::Store& store, const graph::BodyGraph& graph,
                                                 const GenerateOptions& options);

}  // namespace tiaojie::bench
