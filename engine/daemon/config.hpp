// The daemon's configuration: one TOML file (config/tiaojie.toml is the shipped, commented
// example).
//
// Every field has a default, so an empty file is a valid configuration of a daemon that listens on
// 127.0.0.1:7411 with no channels and no operators (it can then only answer `hello` with a
// refusal). Relative paths in the file are resolved against the folder that holds the file, so a
// config can sit beside its rules and graph and be moved with them. Thread-safety: plain values;
// load_config is reentrant.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "report/options.hpp"
#include "store/fault_store.hpp"
#include "store/location.hpp"

namespace tiaojie::daemon {

// A channel that may submit disputes, and the secret it authenticates with.
struct ChannelAuth {
  std::string channel;  // channel id as it appears in a dispute's "channel" field
  std::string token;    // never logged; compared in constant time
  // Native formats (config/formats/<id>.toml, docs/adapters.md) this channel may submit with
  // `submit {"format": id, "record": …}`; each must map to this channel. Default: none (canonical
  // disputes only). Operators may use every loaded format.
  std::vector<std::string> formats = {};
};

// A person or tool allowed the lifecycle operations, backlog, subscribe and reload.
struct OperatorAuth {
  std::string name;   // shown in logs and recorded as the actor of lifecycle events
  std::string token;  // never logged; compared in constant time
};

// Bounds on what comes off the wire (Redis's networking.c is the model: hard caps, then close).
struct Limits {
  std::size_t max_line_bytes = 64 * 1024;  // Default: 64 KiB. Longer: final error, then close.
  std::size_t max_connections = 1024;      // Default: 1024. Further connections get an error line.
  // Responses a connection may have queued (waiting for their turn or for the client to read)
  // before the daemon stops reading its requests. Default: 256.
  std::size_t max_queued_responses = 256;
  // Events a subscriber may have unread before it is disconnected as too slow. Default: 10,000.
  std::size_t max_queued_events = 10000;
  std::chrono::seconds idle_timeout{300};  // Default: 300 s without a request (subscribers exempt).
  std::size_t max_bad_lines = 20;          // Default: 20. The 20th bad line closes the connection.
};

// When deadline warnings go out (the lifecycle's deadline policy, design.md §7).
struct DueSoonPolicy {
  int days_before = 2;              // Default: 2 working days before the due date.
  int escalation_working_days = 5;  // Default: 5 working days for the parent after an escalation.
  std::chrono::hours reply_before{24};  // Default: 24 h before a channel's reply deadline.
};

// Where the daemon writes its logs and in which shape.
struct LogConfig {
  std::string level = "info";  // Default: info. One of trace, debug, info, warn, error, off.
  bool json = false;           // Default: false (text lines); true: one JSON object per line.
  std::filesystem::path file;  // Default: empty = standard error.
};

// The weekly backlog reports the daemon writes on a schedule (docs/reports.md "Schedule").
struct ReportSchedule {
  bool enabled = false;  // Default: false.
  // "MON 08:00" (Asia/Shanghai; report::parse_weekly_at, checked when the file is loaded).
  // Default: "" = Monday 08:00.
  std::string weekly_at;
  // At most this many missed weeks (months, quarters) are written after downtime (0 … 520).
  // Default: 4.
  int max_catch_up = 4;
  // Also write the monthly report (月报) of each month, on the 1st of the next month at
  // weekly_at's time of day, and the quarterly one (季报) on the 1st of the next quarter.
  // Default: false, false.
  bool monthly = false;
  bool quarterly = false;
  std::filesystem::path dir;  // Default: <data_dir>/reports.
  // How the report presents and selects (keys district, issuer, first_issue = "2026-W10",
  // overdue_min_open, group_parties_min, major_amount_min, key_disputes_max): the daemon's
  // scheduled reports and `tiaojie report weekly` both use them. Defaults: report::ReportOptions.
  report::ReportOptions options;
};

// The operators' rule workflow (issue 8, docs/operators.md).
struct ReplayConfig {
  // Default: 30. A `reload` with dry_run replays the cases received in the last this many days
  // (1..3660); the request's own "window_days" overrides it.
  int dry_run_window_days = 30;
};

// Repeat disputes (重复信访, docs/repeats.md).
struct RepeatConfig {
  bool enabled = true;  // Default: true. false: no dispute is linked to earlier ones.
  // Default: 90. A dispute is linked to the cases received in the this many days before it
  // (1..3660), by the same party or the same subject.
  int window_days = 90;
  // The secret the keys are hashed with (32 bytes, mode 0600; created at first start).
  // Default: "" = <data_dir>/repeat.key. Back it up with the store: a new key links nothing new
  // to the cases before it.
  std::filesystem::path key_file;
};

// The HTTP listener (docs/workbench.md): the operations endpoints (/healthz, /readyz, /metrics)
// now, the workbench later. Plain HTTP: TLS is a reverse proxy's job (docs/workbench.md has an
// nginx example), and the listen address is what decides who may reach it.
struct HttpConfig {
  // Default: true, on 127.0.0.1:7412. `[http] listen = "off"` (or "") turns it off.
  bool enabled = true;
  std::string listen_address = "127.0.0.1";  // Default: 127.0.0.1 (only this machine).
  unsigned short port = 7412;                // Default: 7412. 0 = an ephemeral port (tests).
  // Peers whose X-Forwarded-For and X-Forwarded-Proto are believed: IP addresses or networks
  // ("10.0.0.0/8", "::1"). From anyone else those headers are ignored. Default: none.
  std::vector<std::string> trusted_proxies = {};
  // Open HTTP connections, beside [limits] max_connections for the TCP port (both come out of
  // the same open-file limit). Further connections get a 503 and are closed. Default: 256.
  std::size_t max_connections = 256;
  // A request's start line and headers: larger gets 431 and the connection is closed. Default:
  // 16 KiB.
  std::size_t max_header_bytes = 16 * 1024;
  // A request's body: larger gets 413 and the connection is closed. Default: 1 MiB.
  std::size_t max_body_bytes = 1024 * 1024;
  // A whole request (from its first byte, or from the connection's opening) must arrive within
  // this; a slower client gets 408 and is closed. Between requests a kept-alive connection may
  // stay silent for [limits] idle_timeout_seconds. Default: 10 s.
  std::chrono::seconds request_timeout{10};

  // The workbench's staff accounts (docs/workbench.md, "Accounts and logins"): a TOML file of
  // [[account]] tables with Argon2 password hashes, mode 0600. A relative path is taken from the
  // configuration file's folder. Default: "" = no web logins.
  std::filesystem::path accounts;
  // A workbench login session unused this long ends ([http] session_idle_minutes, 1 to 1440).
  // Default: 30 minutes.
  std::chrono::minutes session_idle{30};
  // A session ends this long after its login however busy ([http] session_hours, 1 to 168).
  // Default: 12 hours.
  std::chrono::hours session_lifetime{12};
};

struct DaemonConfig {
  std::filesystem::path source;  // the file this was read from ("" when built in code)

  std::string listen_address = "127.0.0.1";  // Default: 127.0.0.1 (only this machine).
  unsigned short port = 7411;                // Default: 7411. 0 = an ephemeral port (tests).
  unsigned threads = 0;                      // Default: 0 = one network thread per core.

  std::filesystem::path data_dir = "data";             // Default: "data" (created on first start).
  std::filesystem::path rules_dir = "rules";           // Default: "rules".
  std::filesystem::path graph_path = "config/bodies";  // Default: "config/bodies".
  std::filesystem::path calendar_dir =
      "config/calendar";                           // Default: "config/calendar" (<year>.toml).
  std::chrono::milliseconds watch_interval{1000};  // Default: 1 s poll of rules and graph; 0 = off.
  // Channel adapters: the native formats and the gazetteer that resolves addresses (street and
  // community names from the body graph loaded at start). Default: "config/formats" and
  // "config/gazetteer/haizhu.toml"; "" for formats = no native formats.
  std::filesystem::path formats_dir = "config/formats";
  std::filesystem::path gazetteer_path = "config/gazetteer/haizhu.toml";

  // Where the cases are kept: `[store] url` (store/location.hpp; a relative sqlite: path is taken
  // from this file's folder). Default: none = the SQLite file <data_dir>/tiaojie.sqlite; read it
  // through store_location(), which applies the default.
  std::optional<store::StoreLocation> store;

  std::vector<ChannelAuth> channels;
  std::vector<OperatorAuth> operators;
  std::filesystem::path
      token_file;  // Default: none. Lines "channel ID TOKEN" / "operator NAME TOKEN".

  Limits limits;
  HttpConfig http;
  DueSoonPolicy due_soon;
  LogConfig log;
  ReportSchedule reports;
  ReplayConfig replay;
  RepeatConfig repeat;

  // Tests only, never read from a file: fails the store's n-th write (store/fault_store.hpp), so
  // that tests/daemon/fault_injection_test.cpp can fail every write of a workload in turn.
  std::shared_ptr<store::FaultPlan> store_faults = nullptr;
  // Tests only, never read from a file: how long the intake pauses before the store thread writes
  // the deferred projections (internal::Pacing::idle_catch_up). The fault-injection test sets it
  // beyond its run, so that every run writes the same rows in the same order whatever its timing.
  std::chrono::milliseconds idle_catch_up{50};
  // Benchmarks only, never read from a file: false writes every projection with its commit, as
  // builds before the lean write path did (bench_ingest --eager-projections, the A/B in one run).
  bool lean_writes = true;
};

// Reads and validates a configuration file (and its token file, if it names one).
// Errors: io_error when a file cannot be read; invalid_input with where = "file:line:col" for TOML
// syntax, unknown keys, wrong types, out-of-range values, duplicate channels or tokens.
[[nodiscard]] Result<DaemonConfig> load_config(const std::filesystem::path& file);

// The same for text already in memory; `source_name` is used in error locations and relative paths
// resolve against its parent folder.
[[nodiscard]] Result<DaemonConfig> parse_config(std::string_view text,
                                                const std::filesystem::path& source_name);

// The store a configuration names: its `[store] url`, or the SQLite file
// <data_dir>/tiaojie.sqlite.
[[nodiscard]] store::StoreLocation store_location(const DaemonConfig& config);

// The repeat key's file: `[repeat] key_file`, or <data_dir>/repeat.key.
[[nodiscard]] std::filesystem::path repeat_key_file(const DaemonConfig& config);

// Checks what a file cannot show by itself: that the data folder can be created and written, that
// the rules and graph paths exist, and that a SQLite store named by `[store] url` has a folder to
// live in. Errors: io_error / not_found with where = the path.
[[nodiscard]] Result<void> check_paths(const DaemonConfig& config);

}  // namespace tiaojie::daemon
