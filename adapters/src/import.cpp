#include "adapters/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace tiaojie::adapters {
namespace {

// One CSV cell, quoted when it must be.
std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool refuses_row(const Error& e) {
  return e.code == ErrorCode::invalid_input || e.code == ErrorCode::permission_denied ||
         e.code == ErrorCode::conflict;
}

class TerminalBar final : public Progress {
 public:
  TerminalBar(std::FILE* out, std::string label) : out_(out), label_(std::move(label)) {}
  void update(std::size_t rows, std::size_t done, std::size_t total) override {
    int percent = total ? static_cast<int>(done * 100 / total) : 100;
    if (percent == last_ && rows % 1000 != 0) return;
    last_ = percent;
    int filled = percent * 30 / 100;
    fmt::print(out_, "\r{} [{}{}] {:3}%  {} rows", label_,
               std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(30 - filled), '.'), percent, rows);
    std::fflush(out_);
  }
  void finish(std::size_t rows) override {
    update(rows, 1, 1);
    fmt::print(out_, "\n");
  }

 private:
  std::FILE* out_;
  std::string label_;
  int last_ = -1;
};

class PlainLines final : public Progress {
 public:
  PlainLines(std::FILE* out, std::string label) : out_(out), label_(std::move(label)) {}
  void update(std::size_t rows, std::size_t done, std::size_t total) override {
    int tenth = total ? static_cast<int>(done * 10 / total) : 10;
    if (tenth <= last_ || tenth >= 10) return;
    last_ = tenth;
    fmt::print(out_, "{}: {}% ({} rows)\n", label_, tenth * 10, rows);
  }
  void finish(std::size_t rows) override { fmt::print(out_, "{}: 100% ({} rows)\n", label_, rows); }

 private:
  std::FILE* out_;
  std::string label_;
  int last_ = 0;
};

}  // namespace

RejectWriter::RejectWriter(std::ostream& out) : out_(out) {
  out_ << "\xEF\xBB\xBF"
       << "row,line,field,reason,record\r\n";
}

void RejectWriter::write(const Reject& r) {
  out_ << r.row << ',' << r.line << ',' << csv_cell(r.field) << ',' << csv_cell(r.reason) << ','
       << csv_cell(r.raw) << "\r\n";
  ++count_;
}

std::unique_ptr<Progress> make_progress(std::FILE* out, bool terminal, std::string label) {
  if (terminal) return std::make_unique<TerminalBar>(out, std::move(label));
  return std::make_unique<PlainLines>(out, std::move(label));
}

// A Submitter seen as a Receiver with nothing ever in flight.
class SyncReceiver final : public Receiver {
 public:
  explicit SyncReceiver(const Submitter& submit) : submit_(submit) {}
  Result<void> send(std::size_t tag, const MappedDispute& m) override {
    done_.emplace_back(tag, submit_(m));
    return ok;
  }
  Result<std::vector<std::pair<std::size_t, Result<SubmitOutcome>>>> collect(bool) override {
    return std::exchange(done_, {});
  }
  std::size_t in_flight() const override { return 0; }

 private:
  const Submitter& submit_;
  std::vector<std::pair<std::size_t, Result<SubmitOutcome>>> done_;
};

ImportSummary run_import(const Format& format, const Gazetteer* gazetteer,
                         const DisputeSchema& schema, RecordSource& source, const Submitter& submit,
                         RejectWriter& rejects, Progress* progress,
                         const lifecycle::WorkingCalendar* calendar) {
  SyncReceiver receiver(submit);
  return run_import(format, gazetteer, schema, source, receiver, 1, rejects, progress, calendar);
}

ImportSummary run_import(const Format& format, const Gazetteer* gazetteer,
                         const DisputeSchema& schema, RecordSource& source, Receiver& receiver,
                         std::size_t window, RejectWriter& rejects, Progress* progress,
                         const lifecycle::WorkingCalendar* calendar) {
  ImportSummary s;
  s.ignored_columns = unread_columns(format, source.columns());
  struct Sent {
    std::size_t row, line;
    std::string raw;
    std::optional<std::string> street;
  };
  std::map<std::size_t, Sent> sent;  // by tag, until its outcome arrives
  bool receiver_failed = false;      // then nothing more can be settled
  std::size_t next_tag = 0;
  auto refuse = [&](std::size_t row, std::size_t line, const std::string& raw, const Error& e) {
    ++s.rejected;
    rejects.write({row, line, e.where, e.message, raw});
  };
  // Accounts the outcomes that have arrived; false when the receiver failed.
  auto settle = [&](bool wait) -> bool {
    auto done = receiver.collect(wait);
    if (!done) {
      s.stopped = done.error();
      return false;
    }
    for (auto& [tag, outcome] : *done) {
      auto it = sent.find(tag);
      if (it == sent.end()) continue;
      const Sent& row = it->second;
      if (!outcome) {
        if (!refuses_row(outcome.error())) {
          s.stopped = outcome.error();
          s.stopped->where = fmt::format("row {}", row.row);
          return false;
        }
        refuse(row.row, row.line, row.raw, outcome.error());
      } else if (outcome->duplicate) {
        ++s.duplicates;
      } else {
        ++s.imported;
        if (!row.street) ++s.unresolved_location;
        ++s.by_street[row.street.value_or("")];
      }
      sent.erase(it);
    }
    return true;
  };
  for (;;) {
    auto next = source.next();
    if (!next) {
      s.stopped = next.error();
      break;
    }
    if (!*next) break;
    SourceRow& row = **next;
    ++s.rows;
    if (!row.record) {
      refuse(row.row, row.line, row.raw, row.record.error());
    } else if (auto mapped = map_record(format, *row.record, gazetteer, schema, calendar);
               !mapped) {
      refuse(row.row, row.line, row.raw, mapped.error());
    } else {
      std::size_t tag = next_tag++;
      sent.emplace(tag, Sent{row.row, row.line, std::move(row.raw), mapped->dispute.street});
      if (auto r = receiver.send(tag, *mapped); !r) {
        s.stopped = r.error();
        s.stopped->where = fmt::format("row {}", row.row);
        receiver_failed = true;
        break;
      }
      if (!settle(receiver.in_flight() >= window)) {
        receiver_failed = true;
        break;
      }
    }
    if (progress) progress->update(s.rows, source.offset(), source.size());
  }
  if (!receiver_failed) {
    std::optional<Error> input_error = std::exchange(s.stopped, std::nullopt);
    while (receiver.in_flight() > 0 && settle(true)) {
    }
    if (!s.stopped) s.stopped = std::move(input_error);
  }
  if (progress) progress->finish(s.rows);
  return s;
}

std::string format_summary(const ImportSummary& s, std::string_view rejects_path) {
  std::string out = fmt::format("import: {} rows: {} imported, {} duplicates, {} rejected", s.rows,
                                s.imported, s.duplicates, s.rejected);
  if (s.rejected) out += fmt::format(" (see {})", rejects_path);
  out += "\n";
  if (s.imported) {
    std::vector<std::pair<std::string, std::size_t>> streets(s.by_street.begin(),
                                                             s.by_street.end());
    std::sort(streets.begin(), streets.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<std::string> parts;
    for (const auto& [street, n] : streets) {
      if (!street.empty()) parts.push_back(fmt::format("{} {}", street, n));
    }
    if (!parts.empty()) out += fmt::format("  by street: {}\n", fmt::join(parts, ", "));
    if (s.unresolved_location) {
      out += fmt::format("  location unresolved, sent to district intake for review: {}\n",
                         s.unresolved_location);
    }
  }
  if (!s.ignored_columns.empty()) {
    out += fmt::format("  columns not read by the format (ignored): {}\n",
                       fmt::join(s.ignored_columns, ", "));
  }
  if (s.stopped) out += fmt::format("  stopped early: {}\n", s.stopped->to_string());
  return out;
}

}  // namespace tiaojie::adapters
