// What a rule set is checked against beyond its own files: the body graph (the categories it
// routes, its streets and communities) and the channel formats (the categories they declare).
// `tiaojie rules check`, `serve --check-config` and every reload pass the same References, so
// that one gate decides whether a rule set may go live (docs/rules.md, "Checked against").
//
// The rules library links neither the graph nor the adapters: callers turn those into the plain
// values and predicates below (cli and daemon do it in one place each). A value left empty is
// simply not checked.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::rules {

// A value named outside the rule files, and where ("config/formats/hotline_12345.toml:63:1").
struct ExternalUse {
  std::string value;
  std::string where;
};

struct References {
  // Whether a street (any usual form: "凤阳", "凤阳街", "凤阳街道") / community is a place of
  // the graph. Null: not checked. Names in `when.streets`/`when.communities` that are not known
  // are errors at the element's file:line:column (a misspelt street would match nothing).
  std::function<bool(std::string_view)> is_street;
  std::function<bool(std::string_view)> is_community;
  // The categories the body graph routes ([graph] categories), and what to call the graph in
  // messages. nullopt: not checked. A category the rules can decide (a rule's `then.category`,
  // [defaults]) that the graph does not route is an error: every such dispute would go to
  // manual review at intake.
  std::optional<std::vector<std::string>> routed_categories;
  std::string graph_name = "the body graph";
  // Every value a channel format can put in `declared_category`. Each must be named by some
  // rule's `when.declared_categories`, or the declaration is lost (the dispute falls back to
  // the default category): an error at the format's place.
  std::vector<ExternalUse> declared_categories;
  // Errors found while gathering the above (a format file that does not load), reported with
  // the rules' own: "where" is the file:line:column.
  std::vector<ExternalUse> errors;
};

}  // namespace tiaojie::rules
