// A CSV reader for spreadsheet exports (RFC 4180 as Excel writes it): fields separated by a
// delimiter, optionally quoted with '"', a doubled quote inside quotes for a quote, line breaks
// (LF or CRLF) inside quoted fields. Excel's leniencies are accepted: a quote in the middle of an
// unquoted field is kept as text, and text after a closing quote is appended.
// Not thread-safe; one reader per thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace tiaojie::adapters {

struct CsvRecord {
  std::size_t line = 0;  // physical line (1-based) the record starts on
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // REQUIRES: `text` is UTF-8 (decode first) and outlives the reader.
  explicit CsvReader(std::string_view text, char delimiter = ',');

  // The next record, or nullopt at the end. Blank lines are skipped.
  // Errors (invalid_input, where = "line N"): a quoted field still open at the end of the text.
  [[nodiscard]] Result<std::optional<CsvRecord>> next();

  // Bytes consumed so far (for progress), and in all.
  [[nodiscard]] std::size_t offset() const { return pos_; }
  [[nodiscard]] std::size_t size() const { return text_.size(); }

 private:
  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// The delimiter a header line uses: a tab when it has tabs and no commas (Excel's "Unicode text"),
// else a comma.
[[nodiscard]] char sniff_delimiter(std::string_view text);

}  // namespace tiaojie::adapters
