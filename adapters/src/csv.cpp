#include "adapters/csv.hpp"

#include <fmt/format.h>

namespace tiaojie::adapters {

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

Result<std::optional<CsvRecord>> CsvReader::next() {
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::optional<CsvRecord>{};
  CsvRecord record;
  record.line = line_;
  std::string field;
  bool quoted = false;  // inside quotes now
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        quoted = false;
        ++pos_;
        continue;
      }
      if (c == '\n') ++line_;
      field.push_back(c);
      ++pos_;
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      ++pos_;
      continue;
    }
    if (c == delimiter_) {
      record.fields.push_back(std::move(field));
      field.clear();
      ++pos_;
      continue;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      ++pos_;
      ++line_;
      record.fields.push_back(std::move(field));
      return std::optional<CsvRecord>{std::move(record)};
    }
    field.push_back(c);
    ++pos_;
  }
  if (quoted) {
    return std::unexpected(invalid_input("a quoted field is not closed before the end of the file",
                                         fmt::format("line {}", record.line)));
  }
  record.fields.push_back(std::move(field));
  return std::optional<CsvRecord>{std::move(record)};
}

char sniff_delimiter(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  bool tabs = first.find('\t') != std::string_view::npos;
  bool commas = first.find(',') != std::string_view::npos;
  return tabs && !commas ? '\t' : ',';
}

}  // namespace tiaojie::adapters
