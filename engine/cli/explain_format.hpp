// How `tiaojie explain` shows a decision, as text for people and as JSON for tools.
//
// Kept apart from the command so that later concepts can add their part of the story (the graph
// adds the assignment): call these, then append your own lines or JSON members.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "model/dispute.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::cli {

// Appends the human-readable explanation of `ex` for `dispute` to `out`: one line per outcome
// field with the table/rule that decided it and where that rule is, then per table the winner
// and the rules that matched but lost, the keywords found and the rule-set version.
void append_explanation_text(std::string& out, const Dispute& dispute, const rules::RuleSet& rules,
                             const rules::Explanation& ex);

// The same as a JSON object: {"external_id", "channel", "classification": {…, "decided_by":
// {field: {"table","rule","file","line"} | null}}, "tables": […], "keywords": […],
// "rules_version"}.
[[nodiscard]] boost::json::object explanation_json(const Dispute& dispute,
                                                   const rules::Explanation& ex);

// A Classification as JSON (also used by the daemon's responses): category, priority, mode,
// level, deadline {days, count}, tags, decided_by, rules_version.
[[nodiscard]] boost::json::object classification_json(const Classification& c);

}  // namespace tiaojie::cli
