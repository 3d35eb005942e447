#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "adapters/convert.hpp"
#include "adapters/import.hpp"
#include "model/json_text.hpp"

namespace tiaojie::adapters {
namespace {

namespace json = boost::json;

std::string_view ends_trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

class CsvSource final : public RecordSource {
 public:
  explicit CsvSource(std::string text)
      : text_(std::move(text)), reader_(text_, sniff_delimiter(text_)) {}

  Result<void> read_header() {
    auto header = reader_.next();
    if (!header) return std::unexpected(header.error());
    if (!*header)
      return std::unexpected(invalid_input("the file is empty: no header row", "line 1"));
    rows_ = 1;
    for (std::size_t i = 0; i < (*header)->fields.size(); ++i) {
      std::string name(trim((*header)->fields[i]));
      if (name.empty()) {
        // Excel writes trailing empty header cells when a sheet had formatting beyond the data.
        if (std::all_of((*header)->fields.begin() + i, (*header)->fields.end(),
                        [](const std::string& f) { return trim(f).empty(); })) {
          break;
        }
        return std::unexpected(
            invalid_input("empty column name", fmt::format("line 1, column {}", i + 1)));
      }
      if (std::find(columns_.begin(), columns_.end(), name) != columns_.end()) {
        return std::unexpected(invalid_input(fmt::format("column \"{}\" appears twice", name),
                                             fmt::format("line 1, column {}", i + 1)));
      }
      columns_.push_back(std::move(name));
    }
    return ok;
  }

  Result<std::optional<SourceRow>> next() override {
    std::size_t start = reader_.offset();
    auto rec = reader_.next();
    if (!rec) return std::unexpected(rec.error());
    if (!*rec) return std::optional<SourceRow>{};
    SourceRow row;
    row.row = ++rows_;
    row.line = (*rec)->line;
    row.raw =
        std::string(ends_trimmed(std::string_view(text_).substr(start, reader_.offset() - start)));
    while (row.raw.starts_with('\n') || row.raw.starts_with('\r')) row.raw.erase(0, 1);
    auto& cells = (*rec)->fields;
    bool extra = false;
    for (std::size_t i = columns_.size(); i < cells.size(); ++i)
      extra = extra || !trim(cells[i]).empty();
    if (extra) {
      row.record = std::unexpected(invalid_input(
          fmt::format("the row has {} cells but the header has {} columns (a stray comma?)",
                      cells.size(), columns_.size())));
      return std::optional<SourceRow>{std::move(row)};
    }
    json::object record;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      record[columns_[i]] = i < cells.size() ? json::string(cells[i]) : json::string();
    }
    row.record = std::move(record);
    return std::optional<SourceRow>{std::move(row)};
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  std::size_t offset() const override { return reader_.offset(); }
  std::size_t size() const override { return reader_.size(); }

 private:
  std::string text_;
  CsvReader reader_;
  std::vector<std::string> columns_;
  std::size_t rows_ = 0;
};

class NdjsonSource final : public RecordSource {
 public:
  explicit NdjsonSource(std::string text) : text_(std::move(text)) {}

  Result<std::optional<SourceRow>> next() override {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      std::string_view line = ends_trimmed(std::string_view(text_).substr(pos_, end - pos_));
      pos_ = end + (end < text_.size() ? 1 : 0);
      ++line_;
      if (trim(line).empty()) continue;
      SourceRow row;
      row.row = row.line = line_;
      row.raw = std::string(line);
      boost::system::error_code ec;
      json::parse_options options;
      options.max_depth = 16;
      json::value v = json::parse(line, ec, {}, options);
      if (ec) {
        row.record = std::unexpected(invalid_input(fmt::format("invalid JSON: {}", ec.message())));
      } else if (!v.is_object()) {
        row.record = std::unexpected(invalid_input("a record must be a JSON object"));
      } else if (auto unique = check_unique_keys(line, v); !unique) {
        // Boost.JSON keeps the last of a repeated key without a word: which copy a channel meant
        // is unknown, so the record is refused, naming the key (as the daemon refuses a request).
        row.record = std::unexpected(unique.error());
      } else {
        row.record = std::move(v.get_object());
      }
      return std::optional<SourceRow>{std::move(row)};
    }
    return std::optional<SourceRow>{};
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  std::size_t offset() const override { return pos_; }
  std::size_t size() const override { return text_.size(); }

 private:
  std::string text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::vector<std::string> columns_;
};

}  // namespace

std::optional<InputKind> parse_input_kind(std::string_view name) {
  if (name == "csv" || name == "tsv") return InputKind::csv;
  if (name == "ndjson" || name == "jsonl" || name == "json") return InputKind::ndjson;
  return std::nullopt;
}

std::optional<InputKind> input_kind_for(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext;
  for (char c : file_name.substr(dot + 1))
    ext.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (ext == "txt") return InputKind::csv;
  return parse_input_kind(ext);
}

Result<std::unique_ptr<RecordSource>> RecordSource::open(std::string text, InputKind kind) {
  if (kind == InputKind::ndjson) return std::make_unique<NdjsonSource>(std::move(text));
  auto csv = std::make_unique<CsvSource>(std::move(text));
  if (auto header = csv->read_header(); !header) return std::unexpected(header.error());
  return std::unique_ptr<RecordSource>(std::move(csv));
}

Result<void> check_columns(const Format& format, const std::vector<std::string>& columns) {
  auto has_name = [&](std::string_view path) {
    if (std::find(columns.begin(), columns.end(), path) != columns.end()) return true;
    std::string_view top = path.substr(0, path.find_first_of(".["));
    return std::find(columns.begin(), columns.end(), top) != columns.end();
  };
  auto has = [&](const std::string& path) {
    if (has_name(path)) return true;
    auto it = format.aliases.find(path);
    return it != format.aliases.end() &&
           std::any_of(it->second.begin(), it->second.end(), has_name);
  };
  auto missing = [&](const std::vector<std::string>& wanted, const std::string& target) {
    std::vector<std::string> others;
    for (const auto& w : wanted) {
      if (auto it = format.aliases.find(w); it != format.aliases.end()) {
        others.insert(others.end(), it->second.begin(), it->second.end());
      }
    }
    return std::unexpected(invalid_input(
        fmt::format("missing column {} (→ {}{}); the file has: {}", fmt::join(wanted, " or "),
                    target,
                    others.empty() ? "" : fmt::format("; also read as {}", fmt::join(others, ", ")),
                    fmt::join(columns, ", ")),
        "line 1"));
  };
  for (const auto& rule : format.fields) {
    if (!rule.required || rule.default_value) continue;
    if (std::none_of(rule.sources.begin(), rule.sources.end(), has))
      return missing(rule.sources, rule.target);
    for (const auto& s : rule.required_sources) {
      if (!has(s)) return missing({s}, rule.target);
    }
  }
  return ok;
}

std::vector<std::string> unread_columns(const Format& format,
                                        const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) {
    if (!format.reads(c)) out.push_back(c);
  }
  return out;
}

}  // namespace tiaojie::adapters
