#include "daemon/internal/snapshots.hpp"

#include <filesystem>

#include "adapters/rule_references.hpp"
#include "graph/load.hpp"

namespace tiaojie::daemon::internal {
namespace fs = std::filesystem;

namespace {

// "file:line:col: message" diagnostics into Errors whose where is the place.
Error diagnostic_error(std::string where, std::string message) {
  return invalid_input(std::move(message), std::move(where));
}

}  // namespace

BuildResult build_snapshots(const DaemonConfig& config) {
  BuildResult out;
  Snapshots s;
  // The graph first: the rules are checked against it and the channel formats (the same checks
  // as `tiaojie rules check`), so a rule naming a street or category the graph lacks, or a format
  // declaring a category no rule reads, keeps the rules from going live.
  // Through the snapshot cache in the data folder: a national graph then starts and reloads
  // without parsing its TOML again until a file changes (docs/graph.md, "Snapshot cache").
  auto checked =
      graph::check_graph(config.graph_path, graph::SnapshotCache{config.data_dir / "graph-cache"});
  for (const auto& d : checked.diagnostics) {
    if (d.severity == graph::Diagnostic::Severity::error) {
      out.errors.push_back(diagnostic_error(d.where, d.message));
    } else {
      out.warnings.push_back(d.to_string());
    }
  }
  if (checked.ok() && checked.snapshot == graph::SnapshotUse::not_written) {
    out.warnings.push_back("graph snapshot not written (the next start parses the TOML again): " +
                           checked.snapshot_note);
  }
  s.graph = checked.graph;
  adapters::FormatMap formats;
  std::error_code ec;
  if (!config.formats_dir.empty() && fs::is_directory(config.formats_dir, ec)) {
    auto loaded = adapters::load_formats(config.formats_dir);
    if (loaded)
      formats = std::move(*loaded);
    else
      out.errors.push_back(loaded.error());
  }
  auto refs = adapters::rule_references(s.graph, config.graph_path.string(), formats);
  auto rules_report = rules::check_rule_set(config.rules_dir, refs);
  for (const auto& d : rules_report.diagnostics) {
    if (d.severity == rules::Diagnostic::Severity::error) {
      out.errors.push_back(diagnostic_error(d.pos.to_string(), d.message));
    } else {
      out.warnings.push_back(d.to_string());
    }
  }
  s.rules = rules_report.rules;
  auto calendar = lifecycle::load_calendar_dir(config.calendar_dir);
  if (calendar) {
    // A year without its file gives provisional deadlines, never none (docs/calendar.md).
    calendar->set_provisional_fallback(true);
    s.calendar = std::make_shared<const lifecycle::WorkingCalendar>(std::move(*calendar));
  } else {
    Error e = calendar.error();
    if (e.where.empty()) e.where = config.calendar_dir.string();
    out.errors.push_back(std::move(e));
  }
  if (out.errors.empty() && (!s.rules || !s.graph || !s.calendar)) {
    out.errors.push_back(internal_error("a loader reported no error but built nothing"));
  }
  if (out.errors.empty()) out.snapshots = std::move(s);
  return out;
}

std::uint64_t fingerprint(const DaemonConfig& config) {
  // FNV-1a over (path, size, mtime) of every watched file.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ull;
    }
  };
  auto add = [&](const fs::path& file) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec) return;
    auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
    auto name = file.string();
    mix(name.data(), name.size());
    mix(&size, sizeof size);
    mix(&mtime, sizeof mtime);
  };
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(config.rules_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml") files.push_back(it->path());
  }
  for (const auto& f : graph::graph_files(config.graph_path)) files.push_back(f);
  for (fs::directory_iterator it(config.calendar_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".toml") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) add(f);
  return h;
}

}  // namespace tiaojie::daemon::internal
