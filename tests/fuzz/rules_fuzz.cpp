// The rule-set loader (rules/rule_set.hpp) from files in memory, as a past rule set kept in the
// store is loaded: the input holds one or more rule files ("#==> name.toml" lines, see
// fuzz_support.hpp; the seeds are the shipped rules/ folder in that form).
// A set that loads then classifies a few fixed disputes, so that the compiled rules run too.
//
// The input's files are laid over a fixed base, the shipped categories.toml (2 KB: the category
// ids, [defaults]): a single rule file then loads as it does in the shipped set, so a small input
// reaches the compiled rules, classify and explain, which before needed the whole 71 KB set in
// the input (and a parse and automaton build of all of it per execution). An input file named
// categories.toml replaces the base (an empty one empties it). "#==> @shipped" lays the input
// over the whole shipped rules/ instead (fuzz_support.hpp), so the long runs' -max_len (8 KB,
// .ci/fuzz) still lets the whole set be loaded and changed.
#include "fuzz/fuzz_support.hpp"
#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

namespace {

using namespace tiaojie;

const std::vector<Dispute>& disputes() {
  static const std::vector<Dispute> all = [] {
    std::vector<Dispute> out;
    for (const char* text : {
             R"({"external_id":"f1","channel":"hotline_12345","description":"拖欠工资三十人",)"
             R"("parties":30,"amount_claimed":400000,"street":"凤阳"})",
             R"({"external_id":"f2","channel":"walk_in","description":"邻居噪音打架受伤",)"
             R"("parties":2})",
         }) {
      auto d = parse_dispute(text);
      if (!d) std::abort();
      out.push_back(std::move(*d));
    }
    return out;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto shipped = fuzz::read_shipped("rules");
  auto files = fuzz::split_files(fuzz::as_text(data, size), "rules.toml");
  fuzz::lay_over(files, shipped);
  files.try_emplace("categories.toml", shipped.at("categories.toml"));  // the input's own wins
  auto report = rules::check_rule_set_files(files, "rules");
  if (!report.rules) return 0;
  for (const Dispute& d : disputes()) {
    (void)rules::classify(*report.rules, d);
    (void)rules::explain(*report.rules, d);
  }
  return 0;
}
