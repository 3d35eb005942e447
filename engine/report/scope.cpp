// same_street and body_in_scope (weekly.hpp): which bodies a report's scope takes, shared by the
// ledger of flows and the reading of the week's disputes so that both cover the same bodies.
#include <algorithm>

#include "report/weekly.hpp"

namespace tiaojie::report {

bool same_street(std::string_view street, std::string_view region_name) {
  const auto bare = [](std::string_view s) {
    for (std::string_view suffix : {std::string_view("街道"), std::string_view("街")}) {
      if (s.size() > suffix.size() && s.ends_with(suffix))
        return s.substr(0, s.size() - suffix.size());
    }
    return s;
  };
  return !street.empty() && bare(street) == bare(region_name);
}

bool body_in_scope(const graph::BodyGraph* graph, std::string_view id, const ReportScope& scope) {
  if (!scope.bodies.empty() &&
      std::find(scope.bodies.begin(), scope.bodies.end(), id) == scope.bodies.end())
    return false;
  if (!scope.level && scope.street.empty()) return true;
  const auto index = graph ? graph->find(id) : std::nullopt;
  if (!index) return false;
  const auto& body = graph->body(*index);
  if (scope.level && body.level != *scope.level) return false;
  if (scope.street.empty()) return true;
  const auto street = graph->ancestor_at(body.region, graph::RegionLevel::street);
  return street != graph::k_none && same_street(scope.street, graph->region(street).name);
}

double UnitRow::overdue_ratio() const {
  if (flows.open_end == 0) return 0.0;
  return static_cast<double>(backlog.overdue_mediation) / static_cast<double>(flows.open_end);
}

}  // namespace tiaojie::report
