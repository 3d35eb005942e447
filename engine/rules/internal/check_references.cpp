#include "rules/internal/check_references.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace tiaojie::rules::internal {
namespace {

void error(std::vector<Diagnostic>& out, SourcePos pos, std::string message) {
  out.push_back({Diagnostic::Severity::error, std::move(pos), std::move(message)});
}

// An ExternalUse's where ("file:line:col") is kept whole as the file: it prints the same.
SourcePos external_pos(const std::string& where) { return SourcePos{where, 0, 0}; }

}  // namespace

void check_references(const References& refs, const Uses& uses,
                      const std::vector<RuleTable>& tables, std::vector<Diagnostic>& out) {
  for (const auto& e : refs.errors)
    out.push_back({Diagnostic::Severity::error, external_pos(e.where), e.value});
  if (refs.is_street) {
    for (const auto& [name, pos] : uses.streets) {
      if (!refs.is_street(name))
        error(out, pos,
              fmt::format("unknown street '{}': {} has no such street", name, refs.graph_name));
    }
  }
  if (refs.is_community) {
    for (const auto& [name, pos] : uses.communities) {
      if (!refs.is_community(name)) {
        error(
            out, pos,
            fmt::format("unknown community '{}': {} has no such community", name, refs.graph_name));
      }
    }
  }
  if (refs.routed_categories) {
    const auto& routed = *refs.routed_categories;
    for (const auto& [id, pos] : uses.decided) {
      if (std::find(routed.begin(), routed.end(), id) == routed.end()) {
        error(out, pos,
              fmt::format(
                  "category '{}' is not routed by {} (its [graph] categories): every such dispute "
                  "would wait at intake for manual review",
                  id, refs.graph_name));
      }
    }
  }
  if (!refs.declared_categories.empty()) {
    std::set<std::string, std::less<>> read;
    for (const auto& t : tables) {
      for (const auto& r : t.rules)
        read.insert(r.when.declared_categories.begin(), r.when.declared_categories.end());
    }
    for (const auto& use : refs.declared_categories) {
      if (!read.contains(use.value)) {
        error(out, external_pos(use.where),
              fmt::format("declared category '{}' matches no rule's when.declared_categories: the "
                          "declaration "
                          "would be lost",
                          use.value));
      }
    }
  }
}

}  // namespace tiaojie::rules::internal
