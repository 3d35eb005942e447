#include "cli/data_paths.hpp"

#include <fmt/format.h>

#include "cli/commands.hpp"

namespace tiaojie::cli {
namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The configuration found now, read once for --help texts; nullopt when none is found or it does
// not load (the command itself then says why).
const std::optional<daemon::DaemonConfig>& found_for_help() {
  static const std::optional<daemon::DaemonConfig> found =
      []() -> std::optional<daemon::DaemonConfig> {
    auto file = find_config();
    if (!file) return std::nullopt;
    auto c = daemon::load_config_paths(*file);
    if (!c) return std::nullopt;
    return std::move(*c);
  }();
  return found;
}

// Shown and used as "rules", not "config/../rules": file:line:col positions read better.
std::string path_of(const daemon::DaemonConfig& c, std::string_view key) {
  auto p = key == "rules"       ? c.rules_dir
           : key == "graph"     ? c.graph_path
           : key == "formats"   ? c.formats_dir
           : key == "gazetteer" ? c.gazetteer_path
           : key == "calendar"  ? c.calendar_dir
                                : store_path(c);
  return p.empty() ? std::string() : p.lexically_normal().string();
}

}  // namespace

std::vector<fs::path> config_candidates() {
  return {fs::path("./tiaojie.toml"), fs::path("./config/tiaojie.toml"),
          fs::path(TIAOJIE_SYSCONF_DIR) / "tiaojie.toml"};
}

std::optional<fs::path> find_config() {
  for (const auto& p : config_candidates()) {
    if (is_file(p)) return p;
  }
  return std::nullopt;
}

std::optional<fs::path> config_beside_binary() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  auto p = exe.parent_path().parent_path().parent_path() / "config" / "tiaojie.toml";
  if (!is_file(p)) return std::nullopt;
  return p.lexically_normal();
}

fs::path store_path(const daemon::DaemonConfig& config) {
  return daemon::store_location(config).path;
}

std::shared_ptr<ConfigDefaults> ConfigDefaults::add_option(CLI::App* cmd, bool for_demo) {
  auto d = std::make_shared<ConfigDefaults>();
  d->for_demo_ = for_demo;
  std::vector<std::string> names;
  for (const auto& p : config_candidates()) names.push_back(p.string());
  if (for_demo) names.push_back("the clone's config/tiaojie.toml beside the binary");
  auto found = find_config();
  if (!found && for_demo) found = config_beside_binary();
  cmd->add_option(
      "--config", d->option_,
      fmt::format("configuration whose paths give the defaults (default: the first of {}; now {})",
                  fmt::join(names, ", "), found ? found->string() : "none found"));
  return d;
}

const daemon::DaemonConfig& ConfigDefaults::config() {
  if (loaded_) return *loaded_;
  std::optional<fs::path> file;
  if (!option_.empty()) {
    file = option_;
  } else {
    file = find_config();
    if (!file && for_demo_) file = config_beside_binary();
  }
  if (!file) {
    std::vector<std::string> names;
    for (const auto& p : config_candidates()) names.push_back(p.string());
    fmt::print(
        stderr,
        "tiaojie: no configuration found (looked for {}); name one with --config FILE, or the "
        "files themselves (see --help)\n",
        fmt::join(names, ", "));
    throw CliExit{2};
  }
  auto c = daemon::load_config_paths(*file);
  if (!c) {
    fmt::print(stderr, "tiaojie: {}\n", c.error().to_string());
    throw CliExit{2};
  }
  loaded_ = std::move(*c);
  return *loaded_;
}

std::string ConfigDefaults::rules(const std::string& o) {
  return o.empty() ? path_of(config(), "rules") : o;
}
const daemon::DaemonConfig* ConfigDefaults::config_if_any() {
  if (loaded_ || !option_.empty() || find_config() || (for_demo_ && config_beside_binary()))
    return &config();
  return nullptr;
}

std::string ConfigDefaults::graph(const std::string& o) {
  return o.empty() ? path_of(config(), "graph") : o;
}
std::string ConfigDefaults::formats(const std::string& o) {
  return o.empty() ? path_of(config(), "formats") : o;
}
std::string ConfigDefaults::gazetteer(const std::string& o) {
  return o.empty() ? path_of(config(), "gazetteer") : o;
}
std::string ConfigDefaults::calendar(const std::string& o) {
  return o.empty() ? path_of(config(), "calendar") : o;
}
store::StoreLocation ConfigDefaults::store_location(const std::string& o) {
  if (o.empty()) {
    auto location = daemon::store_location(config());
    location.path = location.path.lexically_normal();
    return location;
  }
  auto parsed = store::parse_store_argument(o);
  if (!parsed) {
    fmt::print(stderr, "tiaojie: --store {}: {}\n", o, parsed.error().message);
    throw CliExit{2};
  }
  return *parsed;
}

std::string ConfigDefaults::store(const std::string& o, std::string_view what) {
  auto file = store::sqlite_file(store_location(o), what);
  if (!file) {
    fmt::print(stderr, "tiaojie: {}\n", file.error().message);
    throw CliExit{2};
  }
  return file->string();
}

std::optional<std::string> ConfigDefaults::optional_path(const std::string& o,
                                                         std::string_view key) {
  if (!o.empty()) return o;
  if (option_.empty() && !find_config() && !(for_demo_ && config_beside_binary())) {
    return std::nullopt;
  }
  return path_of(config(), key);
}

std::string ConfigDefaults::help_default(std::string_view key) {
  const auto& found = found_for_help();
  std::string what = key == "store" ? std::string("[store] url, or <data_dir>/tiaojie.sqlite,")
                                    : fmt::format("[paths] {}", key);
  if (!found) return fmt::format("(default: {} of the configuration)", what);
  return fmt::format("(default: {} of the configuration, now {})", what, path_of(*found, key));
}

CLI::Option* add_store_option(CLI::App* cmd, std::string& target, const std::string& help) {
  auto* store = cmd->add_option("--store", target, help);
  // Hidden: kept for scripts written before --store was the one name. Given with --store, the
  // later of the two wins, as for any option given twice.
  cmd->add_option("--db", target, "the same as --store")->group("");
  return store;
}

}  // namespace tiaojie::cli
