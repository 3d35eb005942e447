// Whole-graph checks. Escalation is walked with Boost.Graph's depth_first_search over the
// escalation edges only; the DFS finish order (targets before their sources) then drives the
// reachability passes, so each body is visited once even on a national-scale graph.
#include "graph/internal/checks.hpp"

#include <fmt/format.h>

#include <bit>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

namespace tiaojie::graph::internal {
namespace {

struct EscalationOnly {
  const Adjacency* adj = nullptr;
  bool operator()(const Adjacency::edge_descriptor& e) const {
    return (*adj)[e].kind == EdgeKind::escalates_to;
  }
};
using EscalationGraph = boost::filtered_graph<Adjacency, EscalationOnly>;

// Shared by the copies of the visitor that depth_first_search makes.
struct DfsState {
  std::vector<BodyIndex> stack;         // the current DFS path
  std::vector<std::uint32_t> on_stack;  // position in `stack`, or k_none
  std::vector<BodyIndex> finish_order;
  std::vector<std::vector<BodyIndex>> cycles;
};

class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(DfsState* state) : s_(state) {}
  void discover_vertex(Adjacency::vertex_descriptor v, const EscalationGraph&) {
    s_->on_stack[v] = static_cast<std::uint32_t>(s_->stack.size());
    s_->stack.push_back(static_cast<BodyIndex>(v));
  }
  void finish_vertex(Adjacency::vertex_descriptor v, const EscalationGraph&) {
    s_->stack.pop_back();
    s_->on_stack[v] = k_none;
    s_->finish_order.push_back(static_cast<BodyIndex>(v));
  }
  void back_edge(Adjacency::edge_descriptor e, const EscalationGraph& g) {
    auto from = s_->on_stack[boost::target(e, g)];
    std::vector<BodyIndex> cycle(s_->stack.begin() + from, s_->stack.end());
    cycle.push_back(static_cast<BodyIndex>(boost::target(e, g)));
    s_->cycles.push_back(std::move(cycle));
  }

 private:
  DfsState* s_;
};

const std::string& id_of(const BodyGraph& g, BodyIndex b) { return g.body(b).id.value; }

void check_escalation_direction(const BodyGraph& g, Diagnostics& diag) {
  for (BodyIndex b = 0; b < g.body_count(); ++b) {
    const auto& body = g.body(b);
    g.for_each_target(b, EdgeKind::escalates_to, [&](BodyIndex t) {
      const auto& target = g.body(t);
      if (target.level < body.level) {
        diag.error(body.pos,
                   fmt::format("body {} ({}) escalates down to {} ({})", body.id.value,
                               to_string(body.level), target.id.value, to_string(target.level)));
      } else if (!g.contains(target.region, body.region)) {
        diag.error(body.pos,
                   fmt::format("body {} escalates to {} outside its jurisdiction ({} does "
                               "not contain {})",
                               body.id.value, target.id.value, g.region_path(target.region),
                               g.region_path(body.region)));
      }
    });
  }
}

void check_reachability(const BodyGraph& g, const std::vector<BodyIndex>& finish_order,
                        Diagnostics& diag) {
  // Targets finish before their sources, so one pass in finish order sees every target done.
  std::vector<char> reaches_district(g.body_count(), 0);
  std::vector<CategorySet> routable(g.body_count(), 0);
  for (BodyIndex b : finish_order) {
    const auto& body = g.body(b);
    bool district = body.level == Level::district;
    CategorySet cats = body.competences;
    g.for_each_target(b, EdgeKind::refers_to, [&](BodyIndex r) { cats |= g.body(r).competences; });
    g.for_each_target(b, EdgeKind::escalates_to, [&](BodyIndex t) {
      district = district || reaches_district[t];
      cats |= routable[t];
    });
    reaches_district[b] = district;
    routable[b] = cats;
    if (!district) {
      diag.error(body.pos, fmt::format("body {} never reaches a district body through escalates_to",
                                       body.id.value));
    }
  }
  CategorySet all =
      g.categories().size() == 64 ? ~CategorySet{0} : (CategorySet{1} << g.categories().size()) - 1;
  for (RegionIndex r = 0; r < g.region_count(); ++r) {
    auto bodies = g.bodies_in(r);
    if (bodies.empty()) {
      if (g.region(r).level == RegionLevel::street || g.region(r).level == RegionLevel::district) {
        diag.warning_at(g.region_path(r),
                        fmt::format("{} has no body of its own: disputes placed at its level go "
                                    "to intake",
                                    g.region_path(r)));
      }
      continue;
    }
    CategorySet cats = 0;
    for (BodyIndex b : bodies) cats |= routable[b];
    if (auto missing = all & ~cats) {
      diag.error(g.body(bodies.front()).pos,
                 fmt::format("{} cannot route categor{} {} to any body (from its bodies through "
                             "refers_to and escalates_to)",
                             g.region_path(r), std::popcount(missing) == 1 ? "y" : "ies",
                             fmt::join(g.category_names(missing), ", ")));
    }
  }
}

void check_roles(const BodyGraph& g, Diagnostics& diag) {
  for (BodyIndex b = 0; b < g.body_count(); ++b) {
    const auto& body = g.body(b);
    if (!body.leads && !body.joins) {
      diag.warning(body.pos,
                   fmt::format("body {} neither leads nor joins any mode", body.id.value));
    }
    g.for_each_target(b, EdgeKind::partners_with, [&](BodyIndex p) {
      if (!(g.body(p).joins & body.leads)) {
        diag.warning(body.pos, fmt::format("partner {} of {} joins none of the modes {} leads",
                                           id_of(g, p), body.id.value, body.id.value));
      }
    });
  }
  if (g.intake() != k_none && g.body(g.intake()).level != Level::district) {
    diag.warning(g.body(g.intake()).pos, "the intake body is not a district body");
  }
}

}  // namespace

void check_graph_structure(const BodyGraph& g, Diagnostics& diag) {
  check_escalation_direction(g, diag);
  check_roles(g, diag);

  DfsState state;
  state.on_stack.assign(g.body_count(), k_none);
  state.finish_order.reserve(g.body_count());
  EscalationGraph escalation(g.adjacency(), EscalationOnly{&g.adjacency()});
  std::vector<boost::default_color_type> colors(g.body_count());
  boost::depth_first_search(escalation, CycleVisitor(&state),
                            boost::make_iterator_property_map(
                                colors.begin(), boost::get(boost::vertex_index, g.adjacency())));
  for (const auto& cycle : state.cycles) {
    std::string text;
    for (BodyIndex b : cycle) {
      if (!text.empty()) text += " → ";
      text += id_of(g, b);
    }
    diag.error(g.body(cycle.front()).pos, fmt::format("escalation cycle: {}", text));
  }
  // Reachability over a cyclic escalation would report noise on top of the cycle itself.
  if (state.cycles.empty()) check_reachability(g, state.finish_order, diag);
}

}  // namespace tiaojie::graph::internal
