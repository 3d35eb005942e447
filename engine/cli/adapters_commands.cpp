// `tiaojie import` (batch import of a channel's export) and `tiaojie adapt` (map native records
// and show the canonical dispute with its resolved location: for checking a format file).
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unordered_set>

#include "adapters/graph_places.hpp"
#include "adapters/import.hpp"
#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/import_daemon.hpp"
#include "cli/token_source.hpp"
#include "graph/load.hpp"

namespace tiaojie::cli {
namespace {

namespace fs = std::filesystem;
using namespace tiaojie::adapters;

struct AdapterPaths {
  std::string formats_dir;
  std::string gazetteer;
  std::string graph;
  std::string calendar;
  // Options not given take the configuration's paths; given as "" they mean none.
  CLI::Option* formats_opt = nullptr;
  CLI::Option* gazetteer_opt = nullptr;
  CLI::Option* graph_opt = nullptr;
  std::shared_ptr<ConfigDefaults> defaults;

  // The working-day calendar (reply deadlines) is the configuration's, when one is used at all.
  void resolve() {
    const bool any_default =
        formats_opt->count() == 0 || gazetteer_opt->count() == 0 || graph_opt->count() == 0;
    if (formats_opt->count() == 0) formats_dir = defaults->formats("");
    if (gazetteer_opt->count() == 0) gazetteer = defaults->gazetteer("");
    if (graph_opt->count() == 0) graph = defaults->graph("");
    if (any_default) calendar = defaults->calendar("");
  }
};

void add_path_options(CLI::App* cmd, AdapterPaths& p) {
  p.formats_opt =
      cmd->add_option("--formats", p.formats_dir,
                      "folder of format files (*.toml) " + ConfigDefaults::help_default("formats"));
  p.gazetteer_opt = cmd->add_option("--gazetteer", p.gazetteer,
                                    "gazetteer for address resolution (\"\" = none) " +
                                        ConfigDefaults::help_default("gazetteer"));
  p.graph_opt =
      cmd->add_option("--graph", p.graph,
                      "body graph whose streets and communities resolve addresses (\"\" = the "
                      "gazetteer's) " +
                          ConfigDefaults::help_default("graph"));
  p.defaults = ConfigDefaults::add_option(cmd);
}

[[noreturn]] void adapters_fail(int status, const std::string& message) {
  fail_command("tiaojie", message, status);
}

const Format& pick_format(const std::map<std::string, Format, std::less<>>& formats,
                          const std::string& id) {
  auto it = formats.find(id);
  if (it == formats.end()) {
    std::vector<std::string_view> ids;
    for (const auto& [k, v] : formats) ids.push_back(k);
    adapters_fail(2, fmt::format("no format \"{}\"; known: {}", id, fmt::join(ids, ", ")));
  }
  return it->second;
}

struct Loaded {
  std::map<std::string, Format, std::less<>> formats;
  std::optional<Gazetteer> gazetteer;
  std::optional<lifecycle::WorkingCalendar> calendar;
  const lifecycle::WorkingCalendar* calendar_ptr() const { return calendar ? &*calendar : nullptr; }
};

Loaded load(const AdapterPaths& p) {
  Loaded l;
  auto formats = load_formats(p.formats_dir);
  if (!formats) adapters_fail(2, formats.error().to_string());
  l.formats = std::move(*formats);
  if (!p.gazetteer.empty()) {
    auto g = load_gazetteer(p.gazetteer);
    if (!g) adapters_fail(2, g.error().to_string());
    if (!p.graph.empty()) {
      auto graph = graph::load_graph(p.graph);
      if (!graph) adapters_fail(2, graph.error().to_string());
      g = with_graph_places(std::move(*g), **graph);
      if (!g) adapters_fail(2, g.error().to_string());
    }
    l.gazetteer = std::move(*g);
  }
  if (!p.calendar.empty()) {
    auto c = lifecycle::load_calendar_dir(p.calendar);
    if (!c) adapters_fail(2, c.error().to_string());
    l.calendar = std::move(*c);
  }
  return l;
}

std::string read_all(const std::string& path) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) adapters_fail(2, fmt::format("{}: cannot read the file", path));
    buffer << in.rdbuf();
  }
  return buffer.str();
}

struct ImportArgs {
  AdapterPaths paths;
  std::string channel;
  std::string file;
  std::string input;
  std::string encoding = "auto";
  std::string rejects;
  std::string out;
  bool dry_run = false;
  bool quiet = false;
  std::string host = "127.0.0.1";
  int port = 7411;
  TokenOptions token;
  std::size_t window = 64;
};

void run_import_command(ImportArgs& a) {
  a.paths.resolve();
  Loaded l = load(a.paths);
  const Format& format = pick_format(l.formats, a.channel);
  auto kind = a.input.empty() ? input_kind_for(a.file) : parse_input_kind(a.input);
  if (!kind) adapters_fail(2, fmt::format("{}: say --input csv or --input ndjson", a.file));
  auto encoding = parse_encoding(a.encoding);
  if (!encoding)
    adapters_fail(
        2, fmt::format("unknown encoding \"{}\" (auto, utf-8, gb18030, utf-16le)", a.encoding));
  auto text = decode_to_utf8(read_all(a.file), *encoding);
  if (!text) adapters_fail(2, fmt::format("{}: {}", a.file, text.error().to_string()));
  auto source = RecordSource::open(std::move(text->utf8), *kind);
  if (!source) adapters_fail(2, fmt::format("{}: {}", a.file, source.error().to_string()));
  if (*kind == InputKind::csv) {
    if (auto cols = check_columns(format, (*source)->columns()); !cols) {
      adapters_fail(2, fmt::format("{}: {}", a.file, cols.error().to_string()));
    }
  }

  // Where the disputes go: the daemon (the default), a file, or nowhere.
  std::unique_ptr<Receiver> daemon;
  if (a.out.empty() && !a.dry_run) {
    auto token = resolve_token(a.token);
    if (!token) adapters_fail(2, token.error().to_string());
    if (token->empty())
      adapters_fail(
          2,
          "give the daemon's token (--token-file FILE, TIAOJIE_TOKEN or --token), or use --out "
          "FILE / --dry-run");
    auto r = connect_import_receiver(a.host, static_cast<unsigned short>(a.port), *token);
    if (!r) adapters_fail(2, fmt::format("{}:{}: {}", a.host, a.port, r.error().to_string()));
    daemon = std::move(*r);
  }
  std::ofstream out;
  if (!a.out.empty()) {
    out.open(a.out, std::ios::binary | std::ios::trunc);
    if (!out) adapters_fail(2, fmt::format("{}: cannot write", a.out));
  }
  // Without a daemon, duplicates are recognised within this file only.
  std::unordered_set<std::string> seen;
  Submitter submit = [&](const MappedDispute& m) -> Result<SubmitOutcome> {
    if (!seen.insert(m.dispute.external_id).second) return SubmitOutcome{true, {}};
    if (out.is_open()) {
      out << dispute_to_json_text(m.dispute) << '\n';
      if (!out) return std::unexpected(io_error("cannot write", a.out));
    }
    return SubmitOutcome{false, {}};
  };

  std::string rejects_path = a.rejects.empty() ? a.file + ".rejects.csv" : a.rejects;
  std::ofstream rejects_file(rejects_path, std::ios::binary | std::ios::trunc);
  if (!rejects_file)
    adapters_fail(2, fmt::format("{}: cannot write the rejects file", rejects_path));
  RejectWriter rejects(rejects_file);
  std::unique_ptr<Progress> progress;
  if (!a.quiet)
    progress = make_progress(stderr, isatty(fileno(stderr)) != 0, "import " + format.id);

  DisputeSchema schema;
  const Gazetteer* g = l.gazetteer ? &*l.gazetteer : nullptr;
  auto summary = daemon ? run_import(format, g, schema, **source, *daemon, a.window, rejects,
                                     progress.get(), l.calendar_ptr())
                        : run_import(format, g, schema, **source, submit, rejects, progress.get(),
                                     l.calendar_ptr());
  rejects_file.close();
  if (summary.rejected == 0) fs::remove(rejects_path);
  fmt::print("{}", format_summary(summary, rejects_path));
  if (summary.stopped) throw CliExit{2};
  if (summary.rejected) throw CliExit{1};
}

struct AdaptArgs {
  AdapterPaths paths;
  std::string format;
  std::string file = "-";
};

// One JSON record per line in, one line out: {"ok":true,"dispute":…,"location":…} or
// {"ok":false,"line":N,"error":{"where","message"}}.
void run_adapt_command(AdaptArgs& a) {
  a.paths.resolve();
  Loaded l = load(a.paths);
  const Format& format = pick_format(l.formats, a.format);
  auto text = decode_to_utf8(read_all(a.file), TextEncoding::auto_detect);
  if (!text) adapters_fail(2, fmt::format("{}: {}", a.file, text.error().to_string()));
  auto source = RecordSource::open(std::move(text->utf8), InputKind::ndjson);
  if (!source) adapters_fail(2, source.error().to_string());
  int status = 0;
  for (;;) {
    auto row = (*source)->next();
    if (!row || !*row) break;
    boost::json::object line;
    Result<MappedDispute> m =
        (*row)->record ? map_record(format, *(*row)->record, l.gazetteer ? &*l.gazetteer : nullptr,
                                    {}, l.calendar_ptr())
                       : Result<MappedDispute>(std::unexpected((*row)->record.error()));
    if (m) {
      line["ok"] = true;
      line["dispute"] = dispute_to_json(m->dispute);
      line["location"] = location_to_json(m->location);
    } else {
      status = 1;
      line["ok"] = false;
      line["line"] = (*row)->line;
      line["error"] = {{"where", m.error().where}, {"message", m.error().message}};
    }
    fmt::print("{}\n", boost::json::serialize(line));
  }
  if (status) throw CliExit{status};
}

}  // namespace

void add_adapters_commands(CLI::App& app) {
  auto import_args = std::make_shared<ImportArgs>();
  auto* imp = app.add_subcommand("import", "import a channel's export (CSV or NDJSON) as disputes");
  imp->add_option("--channel,--format", import_args->channel, "format id, e.g. hotline_12345")
      ->required();
  imp->add_option("file", import_args->file, "the export file")->required();
  imp->add_option("--input", import_args->input,
                  "csv or ndjson (default: from the file's extension)");
  imp->add_option("--encoding", import_args->encoding, "auto, utf-8, gb18030 or utf-16le")
      ->capture_default_str();
  imp->add_option("--rejects", import_args->rejects,
                  "where refused rows go (default: FILE.rejects.csv)");
  imp->add_option("--out", import_args->out,
                  "write the canonical disputes to this NDJSON file instead");
  imp->add_option("--host", import_args->host, "daemon address")->capture_default_str();
  imp->add_option("--port", import_args->port, "daemon port")->capture_default_str();
  add_token_options(imp, import_args->token, "sent in a hello before the submits");
  imp->add_option("--window", import_args->window, "submits in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  imp->add_flag("--dry-run", import_args->dry_run, "map and check every row, send nothing");
  imp->add_flag("--quiet,-q", import_args->quiet, "no progress output");
  add_path_options(imp, import_args->paths);
  imp->callback([import_args] { run_import_command(*import_args); });

  auto adapt_args = std::make_shared<AdaptArgs>();
  auto* adapt =
      app.add_subcommand("adapt", "map native JSON records (one per line) to canonical disputes");
  adapt->add_option("--format", adapt_args->format, "format id, e.g. police_referral")->required();
  adapt->add_option("file", adapt_args->file, "NDJSON file, or - for standard input")
      ->capture_default_str();
  add_path_options(adapt, adapt_args->paths);
  adapt->callback([adapt_args] { run_adapt_command(*adapt_args); });
}

}  // namespace tiaojie::cli
