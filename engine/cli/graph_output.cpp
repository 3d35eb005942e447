#include "cli/graph_output.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <cstdio>
#include <iterator>

#include "cli/commands.hpp"
#include "graph/load.hpp"

namespace tiaojie::cli {

std::shared_ptr<const graph::BodyGraph> load_graph_or_exit(const std::string& path) {
  auto loaded = graph::load_graph(path);
  if (!loaded) {
    fmt::print(stderr, "tiaojie: {}\n", loaded.error().to_string());
    throw CliExit{1};
  }
  return *loaded;
}

void append_assignment_text(std::string& out, const graph::BodyGraph& g, const Assignment& a) {
  auto label = [&](const BodyId& id) {
    auto b = g.find(id.value);
    return b ? fmt::format("{} ({})", id.value, g.body(*b).name) : id.value;
  };
  auto to = std::back_inserter(out);
  fmt::format_to(to, "assignment (graph {} {}):\n", g.name(), a.graph_version);
  fmt::format_to(to, "  location:  {}\n", a.location.empty() ? "(not found)" : a.location);
  fmt::format_to(to, "  lead:      {}\n", label(a.lead));
  for (const auto& p : a.partners) fmt::format_to(to, "  partner:   {}\n", label(p));
  if (a.needs_review) fmt::format_to(to, "  REVIEW:    {}\n", a.review_reason);
  fmt::format_to(to, "  path:\n");
  for (std::size_t i = 0; i < a.path.size(); ++i) {
    fmt::format_to(to, "    {}. {} — {}\n", i + 1, a.path[i].body.value, a.path[i].verdict);
  }
}

void print_assignment(const graph::BodyGraph& g, const Assignment& a) {
  std::string out;
  append_assignment_text(out, g, a);
  std::fwrite(out.data(), 1, out.size(), stdout);
}

boost::json::object assignment_json(const Assignment& a) {
  boost::json::object o;
  o["lead"] = a.lead.value;
  boost::json::array partners;
  for (const auto& p : a.partners) partners.emplace_back(p.value);
  o["partners"] = std::move(partners);
  o["needs_review"] = a.needs_review;
  o["review_reason"] = a.review_reason;
  o["location"] = a.location;
  o["graph_version"] = a.graph_version;
  boost::json::array path;
  for (const auto& step : a.path) {
    path.emplace_back(boost::json::object{{"body", step.body.value}, {"verdict", step.verdict}});
  }
  o["path"] = std::move(path);
  return o;
}

}  // namespace tiaojie::cli
