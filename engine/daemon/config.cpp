#include "daemon/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "daemon/config_paths.hpp"
#include "daemon/http/forwarded.hpp"
#include "daemon/internal/token_file.hpp"
#include "report/schedule.hpp"

namespace tiaojie::daemon {
namespace {

namespace fs = std::filesystem;

std::string where_of(const toml::source_region& src, const fs::path& file) {
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

// Reads one TOML table's keys, remembering which ones it knew, so that the rest (a misspelt key)
// are reported as errors rather than silently ignored.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, const fs::path& file)
      : table_(table), prefix_(std::move(prefix)), file_(file) {}

  const toml::node* find(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }

  Error error_at(const toml::node& node, std::string_view key, std::string message) const {
    return invalid_input(fmt::format("{}{}: {}", prefix_, key, message),
                         where_of(node.source(), file_));
  }

  Result<void> string(std::string_view key, std::string& out) {
    const toml::node* n = find(key);
    if (!n) return ok;
    if (!n->is_string()) return std::unexpected(error_at(*n, key, "must be a string"));
    out = n->as_string()->get();
    return ok;
  }

  Result<void> path(std::string_view key, fs::path& out) {
    std::string text;
    const toml::node* n = find(key);
    if (!n) return ok;
    if (!n->is_string()) return std::unexpected(error_at(*n, key, "must be a string (a path)"));
    text = n->as_string()->get();
    out = text.empty() ? fs::path{} : resolve(text);
    return ok;
  }

  Result<void> boolean(std::string_view key, bool& out) {
    const toml::node* n = find(key);
    if (!n) return ok;
    if (!n->is_boolean()) return std::unexpected(error_at(*n, key, "must be true or false"));
    out = n->as_boolean()->get();
    return ok;
  }

  template <class Int>
  Result<void> integer(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
    const toml::node* n = find(key);
    if (!n) return ok;
    if (!n->is_integer()) return std::unexpected(error_at(*n, key, "must be an integer"));
    std::int64_t v = n->as_integer()->get();
    if (v < min || v > max) {
      return std::unexpected(
          error_at(*n, key, fmt::format("must be between {} and {}, got {}", min, max, v)));
    }
    out = static_cast<Int>(v);
    return ok;
  }

  // Errors for every key that no reader asked for.
  Result<void> no_unknown_keys() const {
    for (auto&& [key, node] : table_) {
      if (!known_.contains(std::string(key.str()))) {
        return std::unexpected(invalid_input(fmt::format("unknown key '{}{}'", prefix_, key.str()),
                                             where_of(key.source(), file_)));
      }
    }
    return ok;
  }

  fs::path resolve(const fs::path& p) const {
    if (p.is_absolute()) return p;
    return (file_.has_parent_path() ? file_.parent_path() : fs::path(".")) / p;
  }

 private:
  const toml::table& table_;
  std::string prefix_;
  const fs::path& file_;
  std::set<std::string> known_;
};

// A sub-table by name; a missing one reads as empty.
Result<const toml::table*> sub_table(TableReader& parent, const toml::table& empty,
                                     std::string_view key) {
  const toml::node* n = parent.find(key);
  if (!n) return &empty;
  if (!n->is_table()) return std::unexpected(parent.error_at(*n, key, "must be a table"));
  return n->as_table();
}

#define TJ_TRY(expr)                                               \
  do {                                                             \
    if (auto r_ = (expr); !r_) return std::unexpected(r_.error()); \
  } while (0)

Result<void> read_server(TableReader& r, DaemonConfig& c) {
  TJ_TRY(r.string("listen", c.listen_address));
  TJ_TRY(r.integer("port", c.port, 0, 65535));
  TJ_TRY(r.integer("threads", c.threads, 0, 256));
  TJ_TRY(r.path("data_dir", c.data_dir));
  return r.no_unknown_keys();
}

Result<void> read_paths(TableReader& r, DaemonConfig& c) {
  TJ_TRY(r.path("rules", c.rules_dir));
  TJ_TRY(r.path("graph", c.graph_path));
  TJ_TRY(r.path("formats", c.formats_dir));
  TJ_TRY(r.path("gazetteer", c.gazetteer_path));
  TJ_TRY(r.path("calendar", c.calendar_dir));
  std::int64_t ms = c.watch_interval.count();
  TJ_TRY(r.integer("watch_interval_ms", ms, 0, 3'600'000));
  c.watch_interval = std::chrono::milliseconds(ms);
  return r.no_unknown_keys();
}

Result<void> read_limits(TableReader& r, Limits& l) {
  TJ_TRY(r.integer("max_line_bytes", l.max_line_bytes, 256, 64 << 20));
  TJ_TRY(r.integer("max_connections", l.max_connections, 1, 1'000'000));
  TJ_TRY(r.integer("max_queued_responses", l.max_queued_responses, 1, 1'000'000));
  TJ_TRY(r.integer("max_queued_events", l.max_queued_events, 1, 100'000'000));
  std::int64_t idle = l.idle_timeout.count();
  TJ_TRY(r.integer("idle_timeout_seconds", idle, 1, 7 * 86400));
  l.idle_timeout = std::chrono::seconds(idle);
  TJ_TRY(r.integer("max_bad_lines", l.max_bad_lines, 1, 1'000'000));
  return r.no_unknown_keys();
}

// "127.0.0.1:7412", "[::1]:7412", or "off" / "" for no HTTP listener.
Result<void> read_http_listen(TableReader& r, HttpConfig& h) {
  const toml::node* n = r.find("listen");
  if (!n) return ok;
  if (!n->is_string())
    return std::unexpected(
        r.error_at(*n, "listen", "must be a string (\"ADDRESS:PORT\" or \"off\")"));
  const std::string text = n->as_string()->get();
  if (text.empty() || text == "off") {
    h.enabled = false;
    return ok;
  }
  auto bad = [&](std::string_view why) {
    return std::unexpected(r.error_at(
        *n, "listen",
        fmt::format(
            "'{}' {}: write \"ADDRESS:PORT\" (\"127.0.0.1:7412\", \"[::1]:7412\") or \"off\"", text,
            why)));
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return bad("has no port");
  std::string address = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  } else if (address.find(':') != std::string::npos) {
    return bad("is an IPv6 address without brackets");
  }
  if (!http::parse_network(address) || address.find('/') != std::string::npos)
    return bad("is not an IP address and port");
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535)
    return bad("has no port from 0 to 65535");
  h.enabled = true;
  h.listen_address = address;
  h.port = static_cast<unsigned short>(value);
  return ok;
}

Result<void> read_http(TableReader& r, HttpConfig& h) {
  TJ_TRY(read_http_listen(r, h));
  if (const toml::node* n = r.find("trusted_proxies")) {
    const toml::array* list = n->as_array();
    if (!list)
      return std::unexpected(
          r.error_at(*n, "trusted_proxies", "must be an array of addresses or networks"));
    h.trusted_proxies.clear();
    for (const toml::node& item : *list) {
      if (!item.is_string())
        return std::unexpected(r.error_at(item, "trusted_proxies", "must hold strings"));
      const std::string entry = item.as_string()->get();
      if (auto net = http::parse_network(entry); !net)
        return std::unexpected(r.error_at(item, "trusted_proxies", net.error().message));
      h.trusted_proxies.push_back(entry);
    }
  }
  TJ_TRY(r.integer("max_connections", h.max_connections, 1, 1'000'000));
  TJ_TRY(r.integer("max_header_bytes", h.max_header_bytes, 1024, 1 << 20));
  TJ_TRY(r.integer("max_body_bytes", h.max_body_bytes, 0, 64 << 20));
  std::int64_t timeout = h.request_timeout.count();
  TJ_TRY(r.integer("request_timeout_seconds", timeout, 1, 3600));
  h.request_timeout = std::chrono::seconds(timeout);
  TJ_TRY(r.path("accounts", h.accounts));
  std::int64_t idle = h.session_idle.count();
  TJ_TRY(r.integer("session_idle_minutes", idle, 1, 24 * 60));
  h.session_idle = std::chrono::minutes(idle);
  std::int64_t hours = h.session_lifetime.count();
  TJ_TRY(r.integer("session_hours", hours, 1, 7 * 24));
  h.session_lifetime = std::chrono::hours(hours);
  return r.no_unknown_keys();
}

Result<void> read_log(TableReader& r, LogConfig& l) {
  TJ_TRY(r.string("level", l.level));
  static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
  if (!levels.contains(l.level)) {
    return std::unexpected(r.error_at(*r.find("level"), "level",
                                      "must be one of trace, debug, info, warn, error, off"));
  }
  std::string format = l.json ? "json" : "text";
  TJ_TRY(r.string("format", format));
  if (format != "json" && format != "text") {
    return std::unexpected(r.error_at(*r.find("format"), "format", "must be \"text\" or \"json\""));
  }
  l.json = format == "json";
  TJ_TRY(r.path("file", l.file));
  return r.no_unknown_keys();
}

Result<void> read_auth_array(TableReader& root, const fs::path& file, std::string_view key,
                             DaemonConfig& c) {
  const toml::node* n = root.find(key);
  if (!n) return ok;
  const toml::array* arr = n->as_array();
  if (!arr)
    return std::unexpected(
        root.error_at(*n, key, fmt::format("must be an array of tables ([[{}]])", key)));
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) return std::unexpected(root.error_at(item, key, "each entry must be a table"));
    TableReader r(*t, std::string(key) + ".", file);
    std::string id, token;
    TJ_TRY(r.string(key == "channel" ? "id" : "name", id));
    TJ_TRY(r.string("token", token));
    std::vector<std::string> formats;
    if (key == "channel") {
      if (const toml::node* f = r.find("formats")) {
        const toml::array* list = f->as_array();
        if (!list)
          return std::unexpected(r.error_at(*f, "formats", "must be an array of format ids"));
        for (const toml::node& id_node : *list) {
          if (!id_node.is_string())
            return std::unexpected(r.error_at(id_node, "formats", "must hold strings"));
          formats.push_back(id_node.as_string()->get());
        }
      }
    }
    TJ_TRY(r.no_unknown_keys());
    if (id.empty())
      return std::unexpected(
          root.error_at(item, key, key == "channel" ? "needs an id" : "needs a name"));
    // A [[channel]] without a token declares its formats for the token file's line of the same
    // id (an installed configuration keeps its tokens there, docs: packaging/tokens).
    const bool declaration = key == "channel" && r.find("token") == nullptr;
    if (token.size() < 8 && !declaration)
      return std::unexpected(root.error_at(item, key, "needs a token of at least 8 characters"));
    if (key == "channel") {
      c.channels.push_back({id, token, std::move(formats)});
    } else {
      c.operators.push_back({id, token});
    }
  }
  return ok;
}

// Duplicate channel ids, operator names, or one token used twice (it would make a token's role
// ambiguous) are configuration errors.
Result<void> check_unique(const DaemonConfig& c) {
  std::set<std::string> channels, operators, tokens;
  auto where = c.source.string();
  for (const auto& ch : c.channels) {
    if (!channels.insert(ch.channel).second) {
      return std::unexpected(
          invalid_input(fmt::format("channel '{}' is configured twice", ch.channel), where));
    }
    if (!tokens.insert(ch.token).second) {
      return std::unexpected(invalid_input(
          fmt::format("channel '{}' reuses another entry's token", ch.channel), where));
    }
  }
  for (const auto& op : c.operators) {
    if (!operators.insert(op.name).second) {
      return std::unexpected(
          invalid_input(fmt::format("operator '{}' is configured twice", op.name), where));
    }
    if (!tokens.insert(op.token).second) {
      return std::unexpected(
          invalid_input(fmt::format("operator '{}' reuses another entry's token", op.name), where));
    }
  }
  return ok;
}

}  // namespace

namespace {
Result<DaemonConfig> parse(std::string_view text, const fs::path& source_name,
                           bool read_token_file) {
  toml::table root;
  try {
    root = toml::parse(text, source_name.string());
  } catch (const toml::parse_error& e) {
    return std::unexpected(
        invalid_input(std::string(e.description()), where_of(e.source(), source_name)));
  }
  DaemonConfig c;
  c.source = source_name;
  TableReader top(root, "", source_name);
  c.data_dir = top.resolve(c.data_dir);
  c.rules_dir = top.resolve(c.rules_dir);
  c.graph_path = top.resolve(c.graph_path);
  c.formats_dir = top.resolve(c.formats_dir);
  c.gazetteer_path = top.resolve(c.gazetteer_path);
  c.calendar_dir = top.resolve(c.calendar_dir);

  const toml::table empty;
  auto section = [&](std::string_view key, auto&& read) -> Result<void> {
    auto t = sub_table(top, empty, key);
    if (!t) return std::unexpected(t.error());
    TableReader r(**t, std::string(key) + ".", source_name);
    return read(r);
  };
  TJ_TRY(section("server", [&](TableReader& r) { return read_server(r, c); }));
  TJ_TRY(section("paths", [&](TableReader& r) { return read_paths(r, c); }));
  TJ_TRY(section("limits", [&](TableReader& r) { return read_limits(r, c.limits); }));
  TJ_TRY(section("http", [&](TableReader& r) { return read_http(r, c.http); }));
  TJ_TRY(section("log", [&](TableReader& r) { return read_log(r, c.log); }));
  TJ_TRY(section("due_soon", [&](TableReader& r) -> Result<void> {
    TJ_TRY(r.integer("days_before", c.due_soon.days_before, 0, 365));
    TJ_TRY(r.integer("escalation_working_days", c.due_soon.escalation_working_days, 1, 365));
    std::int64_t hours = c.due_soon.reply_before.count();
    TJ_TRY(r.integer("reply_hours_before", hours, 0, 24 * 365));
    c.due_soon.reply_before = std::chrono::hours(hours);
    return r.no_unknown_keys();
  }));
  TJ_TRY(section("reports", [&](TableReader& r) -> Result<void> {
    TJ_TRY(r.boolean("enabled", c.reports.enabled));
    TJ_TRY(r.string("weekly_at", c.reports.weekly_at));
    // Checked here, so that a typo stops the daemon at start with its position instead of
    // silently turning the reports off.
    if (!c.reports.weekly_at.empty()) {
      if (auto parsed = report::parse_weekly_at(c.reports.weekly_at); !parsed) {
        return std::unexpected(
            r.error_at(*r.find("weekly_at"), "weekly_at", parsed.error().message));
      }
    }
    TJ_TRY(r.integer("max_catch_up", c.reports.max_catch_up, 0, 520));
    TJ_TRY(r.boolean("monthly", c.reports.monthly));
    TJ_TRY(r.boolean("quarterly", c.reports.quarterly));
    TJ_TRY(r.path("dir", c.reports.dir));
    auto& o = c.reports.options;
    TJ_TRY(r.string("district", o.district));
    TJ_TRY(r.string("issuer", o.issuer));
    std::string first_issue;
    TJ_TRY(r.string("first_issue", first_issue));
    if (!first_issue.empty()) {
      auto week = report::parse_iso_week(first_issue);
      if (!week) {
        return std::unexpected(
            r.error_at(*r.find("first_issue"), "first_issue", week.error().message));
      }
      o.first_issue = *week;
    }
    TJ_TRY(r.integer("overdue_min_open", o.overdue_min_open, 1, 1'000'000));
    TJ_TRY(r.integer("group_parties_min", o.group_parties_min, 2, 1'000'000));
    std::int64_t major_amount = static_cast<std::int64_t>(o.major_amount_min);
    TJ_TRY(r.integer("major_amount_min", major_amount, 1, 1'000'000'000'000));
    o.major_amount_min = static_cast<double>(major_amount);
    TJ_TRY(r.integer("key_disputes_max", o.key_disputes_max, 0, 10'000));
    return r.no_unknown_keys();
  }));
  TJ_TRY(section("replay", [&](TableReader& r) -> Result<void> {
    TJ_TRY(r.integer("dry_run_window_days", c.replay.dry_run_window_days, 1, 3660));
    return r.no_unknown_keys();
  }));
  TJ_TRY(section("repeat", [&](TableReader& r) -> Result<void> {
    TJ_TRY(r.boolean("enabled", c.repeat.enabled));
    TJ_TRY(r.integer("window_days", c.repeat.window_days, 1, 3660));
    TJ_TRY(r.path("key_file", c.repeat.key_file));
    return r.no_unknown_keys();
  }));
  TJ_TRY(section("store", [&](TableReader& r) -> Result<void> {
    const toml::node* n = r.find("url");
    if (n) {
      if (!n->is_string()) return std::unexpected(r.error_at(*n, "url", "must be a string"));
      const fs::path base = source_name.has_parent_path() ? source_name.parent_path() : ".";
      auto location = store::parse_store_url(n->as_string()->get(), base);
      if (!location) return std::unexpected(r.error_at(*n, "url", location.error().message));
      c.store = std::move(*location);
    }
    return r.no_unknown_keys();
  }));
  TJ_TRY(section("auth", [&](TableReader& r) -> Result<void> {
    TJ_TRY(r.path("token_file", c.token_file));
    return r.no_unknown_keys();
  }));
  TJ_TRY(read_auth_array(top, source_name, "channel", c));
  TJ_TRY(read_auth_array(top, source_name, "operator", c));
  TJ_TRY(top.no_unknown_keys());

  // Channels declared without a token (their formats) take their token from the token file; one
  // the file does not name is not served: with no token nobody may sign in as it, and an empty
  // token must never match a hello.
  std::map<std::string, std::vector<std::string>> declared;
  for (const auto& ch : c.channels) {
    if (!ch.token.empty()) continue;
    if (!declared.emplace(ch.channel, ch.formats).second) {
      return std::unexpected(invalid_input(
          fmt::format("channel '{}' is configured twice", ch.channel), c.source.string()));
    }
  }
  std::erase_if(c.channels, [](const ChannelAuth& ch) { return ch.token.empty(); });
  if (!c.token_file.empty() && read_token_file) {
    auto entries = internal::read_token_file(c.token_file);
    if (!entries) return std::unexpected(entries.error());
    for (auto& ch : entries->channels) {
      if (auto d = declared.find(ch.channel); d != declared.end()) ch.formats = d->second;
      c.channels.push_back(std::move(ch));
    }
    for (auto& op : entries->operators) c.operators.push_back(std::move(op));
  }
  TJ_TRY(check_unique(c));
  if (c.reports.dir.empty()) c.reports.dir = c.data_dir / "reports";
  return c;
}
}  // namespace

Result<DaemonConfig> parse_config(std::string_view text, const fs::path& source_name) {
  return parse(text, source_name, true);
}

namespace {
Result<DaemonConfig> read_config(const fs::path& file, bool read_token_file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(io_error("cannot open the configuration file", file.string()));
  std::stringstream buf;
  buf << in.rdbuf();
  return parse(buf.str(), file, read_token_file);
}
}  // namespace

Result<DaemonConfig> load_config(const fs::path& file) { return read_config(file, true); }
Result<DaemonConfig> load_config_paths(const fs::path& file) { return read_config(file, false); }

store::StoreLocation store_location(const DaemonConfig& c) {
  if (c.store) return *c.store;
  return {.backend = store::Backend::sqlite, .path = c.data_dir / "tiaojie.sqlite"};
}

std::filesystem::path repeat_key_file(const DaemonConfig& c) {
  return c.repeat.key_file.empty() ? c.data_dir / "repeat.key" : c.repeat.key_file;
}

Result<void> check_paths(const DaemonConfig& c) {
  std::error_code ec;
  // A file named by [store] url lives where the operator put it: its folder is not created (a
  // misspelt folder should stop the daemon, not start an empty store beside the real one).
  if (c.store && c.store->backend == store::Backend::sqlite) {
    const auto folder = c.store->path.has_parent_path() ? c.store->path.parent_path() : ".";
    if (!fs::is_directory(folder, ec)) {
      return std::unexpected(
          not_found("the folder of [store] url does not exist", folder.string()));
    }
  }
  if (!fs::exists(c.rules_dir, ec)) {
    return std::unexpected(not_found("the rules folder does not exist", c.rules_dir.string()));
  }
  if (!fs::exists(c.graph_path, ec)) {
    return std::unexpected(not_found("the body graph path does not exist", c.graph_path.string()));
  }
  fs::create_directories(c.data_dir, ec);
  if (ec)
    return std::unexpected(
        io_error("cannot create the data folder: " + ec.message(), c.data_dir.string()));
  auto probe = c.data_dir / ".tiaojie-write-probe";
  {
    std::ofstream out(probe);
    if (!out)
      return std::unexpected(io_error("the data folder is not writable", c.data_dir.string()));
  }
  fs::remove(probe, ec);
  return ok;
}

}  // namespace tiaojie::daemon
