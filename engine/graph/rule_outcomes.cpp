#include "graph/rule_outcomes.hpp"

#include <fmt/format.h>

#include <array>

namespace tiaojie::graph {

std::vector<Diagnostic> check_rule_outcomes(const BodyGraph& graph,
                                            std::span<const RouteDemand> demands) {
  // Modes led at each level, gathered once: demands are checked against this table.
  std::array<ModeSet, 3> led_at{};
  for (std::size_t b = 0; b < graph.body_count(); ++b) {
    const auto& body = graph.body(static_cast<BodyIndex>(b));
    led_at[static_cast<std::size_t>(body.level)] |= body.leads;
  }
  ModeSet led_anywhere = led_at[0] | led_at[1] | led_at[2];

  std::vector<Diagnostic> out;
  auto report = [&](const RouteDemand& d, Diagnostic::Severity severity, std::string message) {
    out.push_back({severity, d.where, fmt::format("rule {}: {}", d.rule, message)});
  };
  constexpr auto error = Diagnostic::Severity::error;
  for (const auto& d : demands) {
    if (d.category && !graph.category_index(*d.category)) {
      report(d, error,
             fmt::format("category '{}' is not routed by graph {}", *d.category, graph.name()));
    }
    if (d.mode && !(led_anywhere & mode_bit(*d.mode))) {
      report(d, error, fmt::format("no body leads mode {}", to_string(*d.mode)));
    } else if (d.level && !led_at[static_cast<std::size_t>(*d.level)]) {
      report(d, error, fmt::format("no {} body leads any mode", to_string(*d.level)));
    } else if (d.level && d.mode &&
               !(led_at[static_cast<std::size_t>(*d.level)] & mode_bit(*d.mode))) {
      // Assignable, but only by climbing past the level the rule asked for.
      report(d, Diagnostic::Severity::warning,
             fmt::format("no {} body leads mode {}: such disputes climb to a higher level",
                         to_string(*d.level), to_string(*d.mode)));
    }
  }
  return out;
}

}  // namespace tiaojie::graph
