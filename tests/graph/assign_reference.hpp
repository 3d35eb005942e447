// The assignment as it was before the hot arrays (issue 19 item 4), kept as a test oracle: it
// reads only the Boost.Graph vertices and out-edges and the Region records, walks the region tree
// for paths and ancestors, and locates a dispute by scanning every region, so it shares none of
// the derived arrays (HotBody, HotRegion, the CSR edges, the id and path buffers, the name
// indexes) that graph::assign reads. hot_arrays_test.cpp checks that the two agree, field for
// field, on generated graphs. Slow (a scan per dispute): for test graphs only.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/assign.hpp"
#include "graph/location.hpp"

namespace tiaojie::test {

class ReferenceAssigner {
 public:
  explicit ReferenceAssigner(const graph::BodyGraph& g) : g_(g), bodies_in_(g.region_count()) {
    for (graph::BodyIndex b = 0; b < g.body_count(); ++b) bodies_in_[g.body(b).region].push_back(b);
    for (auto& list : bodies_in_) {
      std::sort(list.begin(), list.end(), [&](graph::BodyIndex a, graph::BodyIndex b) {
        return g.body(a).id < g.body(b).id;
      });
    }
  }

  [[nodiscard]] Assignment assign(graph::LoadView load, const Dispute& dispute,
                                  const Classification& c) const {
    namespace tg = graph;
    Assignment out;
    out.graph_version = g_.version();
    if (dispute.location_review) {
      to_intake(out, fmt::format("location needs review: {}", *dispute.location_review));
      return out;
    }
    tg::RegionIndex location = locate(dispute.street, dispute.community);
    if (location == tg::k_none) {
      to_intake(out, fmt::format("location not found (street '{}', community '{}')",
                                 dispute.street.value_or(""), dispute.community.value_or("")));
      return out;
    }
    out.location = path(location);
    tg::RegionIndex start = ancestor_at(location, static_cast<tg::RegionLevel>(c.level));
    if (start == tg::k_none) start = location;
    while (start != tg::k_none && bodies_in_[start].empty()) start = g_.region(start).parent;

    std::optional<unsigned> category = g_.category_index(c.category);
    auto competent = [&](tg::BodyIndex b) {
      return category && (g_.body(b).competences & (tg::CategorySet{1} << *category));
    };
    auto ratio_less = [&](tg::BodyIndex a, tg::BodyIndex b) {
      return std::uint64_t{load.open_cases(a)} * g_.body(b).capacity <
             std::uint64_t{load.open_cases(b)} * g_.body(a).capacity;
    };
    auto better = [&](tg::BodyIndex a, tg::BodyIndex b) {
      if (ratio_less(a, b)) return true;
      if (ratio_less(b, a)) return false;
      return g_.body(a).id < g_.body(b).id;
    };
    const auto mode = tg::mode_bit(c.mode);
    std::vector<tg::BodyIndex> tier, seen, referred_by;
    if (start != tg::k_none) {
      for (auto b : bodies_in_[start]) {
        tier.push_back(b);
        seen.push_back(b);
        referred_by.push_back(tg::k_none);
      }
    }
    auto is_seen = [&](tg::BodyIndex b) {
      return std::find(seen.begin(), seen.end(), b) != seen.end();
    };
    tg::BodyIndex lead = tg::k_none;
    while (!tier.empty() && lead == tg::k_none) {
      tg::BodyIndex best = tg::k_none;
      std::size_t best_step = 0;
      std::vector<std::pair<std::size_t, tg::BodyIndex>> candidates;
      for (std::size_t i = 0; i < tier.size(); ++i) {
        const auto b = tier[i];
        const auto& body = g_.body(b);
        const auto open = load.open_cases(b);
        bool refer = false;
        std::string verdict;
        if (!competent(b)) {
          verdict = fmt::format("not competent for {}", c.category);
          refer = true;
        } else if (!(body.leads & mode)) {
          verdict = fmt::format("cannot lead {}", to_string(c.mode));
          refer = true;
        } else if (open >= body.capacity) {
          verdict = fmt::format("at capacity ({}/{})", open, body.capacity);
        } else {
          candidates.emplace_back(out.path.size(), b);
          if (best == tg::k_none || better(b, best)) {
            best = b;
            best_step = out.path.size();
          }
        }
        if (referred_by[i] != tg::k_none) {
          verdict += fmt::format("{}referred by {}", verdict.empty() ? "" : "; ",
                                 g_.body(referred_by[i]).id.value);
        }
        out.path.push_back({body.id, std::move(verdict)});
        if (refer) {
          for (auto r : targets(b, tg::EdgeKind::refers_to)) {
            if (!is_seen(r) && competent(r)) {
              seen.push_back(r);
              tier.push_back(r);
              referred_by.push_back(b);
            }
          }
        }
      }
      if (best != tg::k_none) {
        const auto& lead_body = g_.body(best);
        for (auto [step, b] : candidates) {
          auto& verdict = out.path[step].verdict;
          std::string note = verdict.empty() ? "" : "; " + verdict;
          if (step == best_step) {
            verdict =
                fmt::format("chosen ({}/{} open){}", load.open_cases(b), g_.body(b).capacity, note);
          } else {
            bool equal = !ratio_less(b, best) && !ratio_less(best, b);
            verdict =
                fmt::format("{} ({}/{}) than {}{}", equal ? "same load, larger id" : "more loaded",
                            load.open_cases(b), g_.body(b).capacity, lead_body.id.value, note);
          }
        }
        out.lead = lead_body.id;
        lead = best;
        break;
      }
      std::vector<tg::BodyIndex> next;
      for (auto b : tier) {
        for (auto t : targets(b, tg::EdgeKind::escalates_to)) {
          if (!is_seen(t)) {
            seen.push_back(t);
            next.push_back(t);
          }
        }
      }
      tier = std::move(next);
      referred_by.assign(tier.size(), tg::k_none);
    }
    if (lead == tg::k_none) {
      if (!category) {
        to_intake(out,
                  fmt::format("category '{}' is not routed by graph {}", c.category, g_.name()));
      } else {
        to_intake(out, fmt::format("no body competent for {} leading {} with room, up to the "
                                   "district",
                                   c.category, to_string(c.mode)));
      }
      return out;
    }
    for (auto p : targets(lead, tg::EdgeKind::partners_with)) {
      if (g_.body(p).joins & mode) out.partners.push_back(g_.body(p).id);
    }
    return out;
  }

 private:
  void to_intake(Assignment& out, std::string reason) const {
    out.lead = g_.body(g_.intake()).id;
    out.needs_review = true;
    out.review_reason = std::move(reason);
    out.path.push_back({out.lead, "chosen: intake for manual review"});
  }

  // From the Boost.Graph out-edges, not the CSR arrays.
  std::vector<graph::BodyIndex> targets(graph::BodyIndex b, graph::EdgeKind kind) const {
    std::vector<graph::BodyIndex> out;
    const auto& adj = g_.adjacency();
    for (auto [it, end] = boost::out_edges(b, adj); it != end; ++it) {
      if (adj[*it].kind == kind)
        out.push_back(static_cast<graph::BodyIndex>(boost::target(*it, adj)));
    }
    return out;
  }

  std::string path(graph::RegionIndex r) const {
    std::vector<graph::RegionIndex> chain;
    for (; r != graph::k_none; r = g_.region(r).parent) chain.push_back(r);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if (!out.empty()) out += '/';
      out += g_.region(*it).name;
    }
    return out;
  }

  graph::RegionIndex ancestor_at(graph::RegionIndex r, graph::RegionLevel level) const {
    while (r != graph::k_none && g_.region(r).level < level) r = g_.region(r).parent;
    if (r != graph::k_none && g_.region(r).level != level) return graph::k_none;
    return r;
  }

  // BodyGraph::locate's contract by scanning: a name shared by two regions matches nothing.
  graph::RegionIndex locate(const std::optional<std::string>& street,
                            const std::optional<std::string>& community) const {
    namespace tg = graph;
    tg::RegionIndex street_region = tg::k_none;
    if (street && !tg::trim_name(*street).empty()) {
      std::size_t matches = 0;
      for (tg::RegionIndex r = 0; r < g_.region_count(); ++r) {
        if (g_.region(r).level == tg::RegionLevel::street &&
            tg::street_key(g_.region(r).name) == tg::street_key(*street)) {
          street_region = r;
          ++matches;
        }
      }
      if (matches != 1) return tg::k_none;
    }
    if (!community || tg::trim_name(*community).empty()) return street_region;
    if (street_region != tg::k_none) {
      const auto skey = tg::street_key(g_.region(street_region).name);
      for (tg::RegionIndex r = 0; r < g_.region_count(); ++r) {
        if (g_.region(r).level == tg::RegionLevel::community &&
            g_.region(r).parent == street_region &&
            tg::community_key(g_.region(r).name, skey) == tg::community_key(*community, skey)) {
          return r;
        }
      }
      return street_region;
    }
    tg::RegionIndex found = tg::k_none;
    std::size_t matches = 0;
    for (tg::RegionIndex r = 0; r < g_.region_count(); ++r) {
      if (g_.region(r).level == tg::RegionLevel::community &&
          tg::community_key(g_.region(r).name) == tg::community_key(*community)) {
        found = r;
        ++matches;
      }
    }
    return matches == 1 ? found : tg::k_none;
  }

  const graph::BodyGraph& g_;
  std::vector<std::vector<graph::BodyIndex>> bodies_in_;
};

}  // namespace tiaojie::test
