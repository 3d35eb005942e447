// Batch import (`tiaojie import`): reads a file of native records (CSV as Excel exports it, or
// NDJSON), maps each through its channel's Format, hands each mapped dispute to a Submitter, and
// writes every refused row to a rejects file with its row number and reason.
//
// A row is imported whole or not at all: it is mapped completely before it is submitted, and a
// submission is one atomic operation of the receiver (the daemon's `submit`, idempotent on
// (channel, external_id), so re-importing a file imports nothing twice).
// Not thread-safe; one import per thread.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "adapters/csv.hpp"
#include "adapters/encoding.hpp"
#include "adapters/format.hpp"
#include "adapters/gazetteer.hpp"
#include "adapters/mapper.hpp"
#include "model/dispute_json.hpp"
#include "model/error.hpp"

namespace tiaojie::adapters {

enum class InputKind { csv, ndjson };

// "csv" | "ndjson"/"jsonl"/"json"; nullopt otherwise.
[[nodiscard]] std::optional<InputKind> parse_input_kind(std::string_view name);
// From a file name's extension: .csv/.tsv/.txt → csv, .ndjson/.jsonl/.json → ndjson.
[[nodiscard]] std::optional<InputKind> input_kind_for(std::string_view file_name);

// One native record of the input, with where it came from.
struct SourceRow {
  // The row number people see: for CSV the spreadsheet row (the header is row 1, so the first
  // record is row 2); for NDJSON the line number.
  std::size_t row = 0;
  std::size_t line = 0;  // physical line the record starts on
  // The record, or why the row could not even be read (bad JSON, too many cells).
  Result<boost::json::object> record;
  std::string raw;  // the row as text, for the rejects file
};

// Yields the native records of decoded (UTF-8) text, one at a time.
class RecordSource {
 public:
  // CSV: the first record is the header; each later record becomes {header: cell text}. The
  // delimiter is sniffed (comma, or tab for Excel's "Unicode text").
  // Errors (invalid_input): an empty file, an empty or duplicate header name ("line 1, column N").
  [[nodiscard]] static Result<std::unique_ptr<RecordSource>> open(std::string text, InputKind kind);

  virtual ~RecordSource() = default;
  // The next row, or nullopt at the end. A row that cannot be read is a row with an error, not an
  // error of the source; the Result is an error only when the rest of the input cannot be read
  // (a quote never closed).
  [[nodiscard]] virtual Result<std::optional<SourceRow>> next() = 0;
  // The column names (CSV) or empty (NDJSON).
  [[nodiscard]] virtual const std::vector<std::string>& columns() const = 0;
  [[nodiscard]] virtual std::size_t offset() const = 0;  // bytes read so far
  [[nodiscard]] virtual std::size_t size() const = 0;    // bytes in all
};

// A CSV input must have a column for every native field that a required rule reads from the
// top level (error: "missing column 工单编号 (→ external_id); columns: …", where = "line 1").
// Columns count under their own names or the format's aliases.
[[nodiscard]] Result<void> check_columns(const Format& format,
                                         const std::vector<std::string>& columns);

// The columns the format reads under no name (exports carry many): ignored, and said once in the
// summary so that a clerk sees a column the format should have read.
[[nodiscard]] std::vector<std::string> unread_columns(const Format& format,
                                                      const std::vector<std::string>& columns);

// What the receiver made of one submitted dispute.
struct SubmitOutcome {
  bool duplicate = false;  // (channel, external_id) was already there: nothing new was stored
  std::string case_id;     // the receiver's id for the case, if it gives one
};

// Hands one mapped dispute to the receiver. An invalid_input or permission_denied error refuses
// that row (it goes to the rejects file); any other error stops the import (the connection is gone,
// the store failed): rows already submitted stay, and a re-run skips them as duplicates.
using Submitter = std::function<Result<SubmitOutcome>(const MappedDispute&)>;

// A pipelined receiver (the daemon over TCP): send() queues a dispute tagged with the caller's tag
// without waiting; collect() returns the outcomes that have arrived, in any order, blocking for at
// least one when `wait` is set and something is in flight. Errors of send() and collect()
// themselves (the connection is gone) stop the import; a per-dispute error is an outcome like any
// other and follows the Submitter rule above.
class Receiver {
 public:
  virtual ~Receiver() = default;
  [[nodiscard]] virtual Result<void> send(std::size_t tag, const MappedDispute& m) = 0;
  [[nodiscard]] virtual Result<std::vector<std::pair<std::size_t, Result<SubmitOutcome>>>> collect(
      bool wait) = 0;
  [[nodiscard]] virtual std::size_t in_flight() const = 0;
};

// One refused row.
struct Reject {
  std::size_t row = 0;
  std::size_t line = 0;
  std::string field;  // native field, or "" when the row as a whole is bad
  std::string reason;
  std::string raw;
};

// Writes refused rows as CSV (UTF-8 with a BOM so that Excel shows the Chinese): columns
// row, line, field, reason, record. Thread-safety: none.
class RejectWriter {
 public:
  explicit RejectWriter(std::ostream& out);
  void write(const Reject& r);
  [[nodiscard]] std::size_t count() const { return count_; }

 private:
  std::ostream& out_;
  std::size_t count_ = 0;
};

// Reports progress: called after every row with rows done and bytes read of the total.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void update(std::size_t rows, std::size_t bytes_done, std::size_t bytes_total) = 0;
  virtual void finish(std::size_t rows) = 0;
};

// A bar redrawn in place on a terminal ("\r[#####.....] 52%  26,000 rows"), at most every 1%;
// plain lines every 10% otherwise ("import: 50% (25000 rows)"). Writes to `out` (stderr in the
// CLI).
[[nodiscard]] std::unique_ptr<Progress> make_progress(std::FILE* out, bool terminal,
                                                      std::string label);

struct ImportSummary {
  std::size_t rows = 0;                 // records read (not the header)
  std::size_t imported = 0;             // new cases
  std::size_t duplicates = 0;           // already there (a re-import), or repeated within the file
  std::size_t rejected = 0;             // refused rows (in the rejects file)
  std::size_t unresolved_location = 0;  // imported, but street left empty for district review
  std::map<std::string, std::size_t> by_street;  // imported per resolved street
  std::vector<std::string> ignored_columns;      // CSV columns the format does not read
  std::optional<Error> stopped;                  // why the import stopped early, if it did
};

// Runs the import to the end of the source (or to the first error that stops it).
// REQUIRES: every argument outlives the call; `gazetteer` may be null.
// `calendar` counts reply periods (map_record); may be null.
[[nodiscard]] ImportSummary run_import(const Format& format, const Gazetteer* gazetteer,
                                       const DisputeSchema& schema, RecordSource& source,
                                       const Submitter& submit, RejectWriter& rejects,
                                       Progress* progress,
                                       const lifecycle::WorkingCalendar* calendar = nullptr);

// The same over a pipelined receiver, with at most `window` disputes in flight.
// REQUIRES: window >= 1.
[[nodiscard]] ImportSummary run_import(const Format& format, const Gazetteer* gazetteer,
                                       const DisputeSchema& schema, RecordSource& source,
                                       Receiver& receiver, std::size_t window,
                                       RejectWriter& rejects, Progress* progress,
                                       const lifecycle::WorkingCalendar* calendar = nullptr);

// The summary as people read it: several lines, ending with a newline.
[[nodiscard]] std::string format_summary(const ImportSummary& s, std::string_view rejects_path);

}  // namespace tiaojie::adapters
