// `tiaojie rules versions`: every rule-set version the store keeps (the daemon stores each one it
// serves), with when it was first and last used and how many cases it decided, and which one the
// configured rules folder is now: the ids `rules export --version` and `explain --case` take.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/case_text.hpp"
#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/text_table.hpp"
#include "rules/rule_set.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace json = boost::json;
namespace {

struct VersionsArgs {
  std::string store, rules;
  bool json = false;
  std::shared_ptr<ConfigDefaults> defaults;
};

[[noreturn]] void versions_fail(const std::string& message) {
  fail_command("tiaojie rules versions", message, 2);
}

void run_versions(const VersionsArgs& a) {
  const auto location = a.defaults->store_location(a.store);
  const std::string path = store::to_string(location);
  // The current version: the rules folder's as it loads now; unknown when it does not load.
  std::string current;
  if (auto dir = a.defaults->optional_path(a.rules, "rules")) {
    if (auto loaded = rules::load_rule_set(*dir)) current = loaded->rules->version();
  }
  auto store = store::open_store(location, {.create_if_missing = false, .read_only = true});
  if (!store) versions_fail(fmt::format("{}: {}", path, store.error().to_string()));
  auto versions = (*store)->rule_versions();
  if (!versions) versions_fail(versions.error().to_string());
  auto when = [](const std::optional<Timestamp>& t) {
    return t ? shanghai_minute(*t) : std::string("—");
  };
  if (a.json) {
    json::array out;
    for (const auto& v : *versions) {
      json::object o{
          {"version", v.version}, {"decisions", v.decisions}, {"current", v.version == current}};
      o["first_used"] = v.first_used ? json::value(format_timestamp(*v.first_used)) : nullptr;
      o["last_used"] = v.last_used ? json::value(format_timestamp(*v.last_used)) : nullptr;
      out.emplace_back(std::move(o));
    }
    fmt::print("{}\n", json::serialize(out));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  bool current_stored = false;
  for (const auto& v : *versions) {
    current_stored = current_stored || v.version == current;
    rows.push_back({v.version, when(v.first_used), when(v.last_used), std::to_string(v.decisions),
                    v.version == current ? "current" : ""});
  }
  std::string out = format_table({"version", "first used", "last used", "cases decided", ""}, rows);
  out += fmt::format("{} stored version{} in {}\n", versions->size(),
                     versions->size() == 1 ? "" : "s", path);
  if (!current.empty() && !current_stored) {
    out += fmt::format(
        "the rules folder is now version {}, not yet stored (the daemon stores it "
        "when it loads it)\n",
        current);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

void add_rules_versions_command(CLI::App* rules_cmd) {
  auto a = std::make_shared<VersionsArgs>();
  auto* cmd = rules_cmd->add_subcommand(
      "versions", "Stored rule-set versions: first and last use, cases decided, the current one");
  add_store_option(
      cmd, a->store,
      "the store: a SQLite file or a postgresql:// URL " + ConfigDefaults::help_default("store"));
  cmd->add_option("--rules", a->rules,
                  "rules folder that is current " + ConfigDefaults::help_default("rules"));
  cmd->add_flag("--json", a->json, "a JSON array instead of a table");
  a->defaults = ConfigDefaults::add_option(cmd);
  cmd->footer(
      "Times are Asia/Shanghai: when the first and the last case decided under the version "
      "were registered.\nExit status: 0, or 2 for an unreadable store.");
  cmd->callback([a] { run_versions(*a); });
}

}  // namespace tiaojie::cli
