#include "report/writer.hpp"

#include <fmt/format.h>

#include <fstream>

namespace tiaojie::report {
namespace {

namespace fs = std::filesystem;

// JSON last: its presence marks a complete set (last_written_week).
constexpr Format k_all[] = {Format::markdown, Format::csv, Format::html, Format::json};

Result<fs::path> write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return std::unexpected(io_error("cannot write", tmp.string()));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return std::unexpected(io_error(ec.message(), path.string()));
  return path;
}

}  // namespace

Result<std::vector<fs::path>> write_week_files(const fs::path& dir, const WeeklyReport& report,
                                               Lang lang, std::span<const Format> formats) {
  if (formats.empty()) formats = k_all;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(io_error(ec.message(), dir.string()));
  std::vector<fs::path> written;
  for (Format f : formats) {
    if (f == Format::csv) {
      for (const auto& file : render_csv_files(report, lang)) {
        auto r = write_atomically(dir / csv_file_name(report.period, file.name), file.text);
        if (!r) return std::unexpected(r.error());
        written.push_back(*r);
      }
      auto x = write_xlsx(dir / xlsx_file_name(report.period), report, lang);
      if (!x) return std::unexpected(x.error());
      written.push_back(*x);
      continue;
    }
    const auto path = dir / fmt::format("{}.{}", format_period(report.period), extension(f));
    auto r = write_atomically(path, render(report, f, lang));
    if (!r) return std::unexpected(r.error());
    written.push_back(*r);
  }
  return written;
}

std::optional<IsoWeek> last_written_week(const fs::path& dir) {
  const auto p = last_written_period(dir, PeriodKind::week);
  return p ? std::optional<IsoWeek>(p->iso_week()) : std::nullopt;
}

std::optional<Period> last_written_period(const fs::path& dir, PeriodKind kind) {
  std::optional<Period> latest;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (p.extension() != ".json") continue;
    auto w = parse_period(kind, p.stem().string());
    if (w && (!latest || *w > *latest)) latest = *w;
  }
  return latest;
}

}  // namespace tiaojie::report
