#include "graph/assign.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/container/small_vector.hpp>

namespace tiaojie::graph {
namespace {

// Small list for the tier: escalation tiers in a real graph hold a handful of bodies, so a linear
// "seen" scan beats a hash set, and the first 16 live inline: no allocation per assignment.
class BodyList {
 public:
  bool contains(BodyIndex b) const {
    return std::find(items_.begin(), items_.end(), b) != items_.end();
  }
  void push(BodyIndex b) { items_.push_back(b); }
  std::size_t size() const { return items_.size(); }
  BodyIndex operator[](std::size_t i) const { return items_[i]; }
  void clear() { items_.clear(); }

 private:
  boost::container::small_vector<BodyIndex, 16> items_;
};

using Referrers = boost::container::small_vector<BodyIndex, 16>;

struct Router {
  const BodyGraph& g;
  LoadView load;
  std::optional<unsigned> category;
  ModeSet mode;
  std::string_view category_id;
  std::string_view mode_name;
  Assignment& out;
  BodyIndex lead_index = k_none;

  // Everything below reads the graph's hot arrays (HotBody, the CSR edges, the id buffer), not
  // the Body vertices: at national scale each vertex is a cache miss or three.
  bool competent(BodyIndex b) const {
    return category && (g.hot(b).competences & (CategorySet{1} << *category));
  }

  // Evaluates one tier; true when a lead was chosen. `tier` may grow with referrals.
  bool choose_in(BodyList& tier, BodyList& seen, Referrers& referred_by) {
    BodyIndex best = k_none;
    std::size_t best_step = 0;
    // (path step, body)
    boost::container::small_vector<std::pair<std::size_t, BodyIndex>, 8> candidates;
    for (std::size_t i = 0; i < tier.size(); ++i) {
      BodyIndex b = tier[i];
      const HotBody& body = g.hot(b);
      std::uint32_t open = load.open_cases(b);
      bool refer = false;
      std::string verdict;
      if (!competent(b)) {
        verdict = fmt::format("not competent for {}", category_id);
        refer = true;
      } else if (!(body.leads & mode)) {
        verdict = fmt::format("cannot lead {}", mode_name);
        refer = true;
      } else if (open >= body.capacity) {
        verdict = fmt::format("at capacity ({}/{})", open, body.capacity);
      } else {
        candidates.emplace_back(out.path.size(), b);
        if (best == k_none || better(b, best)) {
          best = b;
          best_step = out.path.size();
        }
      }
      if (referred_by[i] != k_none) {
        verdict +=
            fmt::format("{}referred by {}", verdict.empty() ? "" : "; ", g.id_of(referred_by[i]));
      }
      out.path.push_back({BodyId{std::string(g.id_of(b))}, std::move(verdict)});
      if (refer) {
        for (BodyIndex r : g.edges_of(b, EdgeKind::refers_to)) {
          if (!seen.contains(r) && competent(r)) {
            seen.push(r);
            tier.push(r);
            referred_by.push_back(b);
          }
        }
      }
    }
    if (best == k_none) return false;
    const std::string_view lead_id = g.id_of(best);
    for (auto [step, b] : candidates) {
      auto& verdict = out.path[step].verdict;
      std::string note = verdict.empty() ? "" : "; " + verdict;
      if (step == best_step) {
        verdict = fmt::format("chosen ({}/{} open){}", load.open_cases(b), g.hot(b).capacity, note);
      } else {
        verdict = fmt::format("{} ({}/{}) than {}{}",
                              ratio_equal(b, best) ? "same load, larger id" : "more loaded",
                              load.open_cases(b), g.hot(b).capacity, lead_id, note);
      }
    }
    out.lead = BodyId{std::string(lead_id)};
    lead_index = best;
    return true;
  }

  // a/ca < b/cb, exactly.
  bool ratio_less(BodyIndex a, BodyIndex b) const {
    return std::uint64_t{load.open_cases(a)} * g.hot(b).capacity <
           std::uint64_t{load.open_cases(b)} * g.hot(a).capacity;
  }
  bool ratio_equal(BodyIndex a, BodyIndex b) const {
    return !ratio_less(a, b) && !ratio_less(b, a);
  }
  bool better(BodyIndex a, BodyIndex b) const {
    if (ratio_less(a, b)) return true;
    if (ratio_less(b, a)) return false;
    return g.id_of(a) < g.id_of(b);
  }
};

void to_intake(const BodyGraph& g, Assignment& out, std::string reason) {
  out.lead = g.body(g.intake()).id;
  out.needs_review = true;
  out.review_reason = std::move(reason);
  out.path.push_back({out.lead, "chosen: intake for manual review"});
}

}  // namespace

Assignment assign(const BodyGraph& g, LoadView load, const Dispute& dispute,
                  const Classification& c) {
  Assignment out;
  out.graph_version = g.version();
  // Address resolution flagged the location for a person to decide: the reason goes with it.
  if (dispute.location_review) {
    to_intake(g, out, fmt::format("location needs review: {}", *dispute.location_review));
    return out;
  }
  RegionIndex location = g.locate(dispute.street, dispute.community);
  if (location == k_none) {
    to_intake(g, out,
              fmt::format("location not found (street '{}', community '{}')",
                          dispute.street.value_or(""), dispute.community.value_or("")));
    return out;
  }
  out.location = g.path_of(location);

  // The tier to start from: the location's ancestor at the rule's level, else the lowest known
  // region; a region without bodies of its own defers to the nearest ancestor that has some.
  RegionIndex start = g.ancestor_at(location, static_cast<RegionLevel>(c.level));
  if (start == k_none) start = location;
  while (start != k_none && g.bodies_in(start).empty()) start = g.hot_region(start).parent;

  out.path.reserve(8);  // a path holds about two bodies (five in Haizhu): one allocation
  Router router{
      g, load, g.category_index(c.category), mode_bit(c.mode), c.category, to_string(c.mode), out};
  BodyList tier, seen, next;
  Referrers referred_by;
  if (start != k_none) {
    for (BodyIndex b : g.bodies_in(start)) {
      tier.push(b);
      seen.push(b);
      referred_by.push_back(k_none);
    }
  }
  bool chosen = false;
  while (tier.size() > 0) {
    if (router.choose_in(tier, seen, referred_by)) {
      chosen = true;
      break;
    }
    next.clear();
    referred_by.clear();
    for (std::size_t i = 0; i < tier.size(); ++i) {
      for (BodyIndex t : g.edges_of(tier[i], EdgeKind::escalates_to)) {
        if (!seen.contains(t)) {
          seen.push(t);
          next.push(t);
          referred_by.push_back(k_none);
        }
      }
    }
    // Copied, not swapped: tiers are a handful of bodies, and moving a small_vector's inline
    // buffer trips GCC 12's -Wstringop-overread.
    tier.clear();
    for (std::size_t i = 0; i < next.size(); ++i) tier.push(next[i]);
  }
  if (!chosen) {
    if (!router.category) {
      to_intake(g, out,
                fmt::format("category '{}' is not routed by graph {}", c.category, g.name()));
    } else {
      to_intake(g, out,
                fmt::format("no body competent for {} leading {} with room, up to the "
                            "district",
                            c.category, to_string(c.mode)));
    }
    return out;
  }
  for (BodyIndex p : g.edges_of(router.lead_index, EdgeKind::partners_with)) {
    if (g.hot(p).joins & mode_bit(c.mode)) out.partners.push_back(BodyId{std::string(g.id_of(p))});
  }
  return out;
}

}  // namespace tiaojie::graph
