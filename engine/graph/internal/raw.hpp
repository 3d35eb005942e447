// Internal: a graph file's declarations as read from TOML, before ids are resolved. Positions
// are kept on every value a later check may need to point at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/body_graph.hpp"
#include "graph/load.hpp"
#include "model/office_hours.hpp"

namespace tiaojie::graph::internal {

struct LocatedString {
  std::string value;
  SourcePos pos;
};

// The [graph] header.
struct RawHeader {
  std::string name;
  std::vector<LocatedString> categories;
  LocatedString intake;
  SourcePos pos;
};

// Per-body fields that a [kind.*] table can default.
struct RawDefaults {
  std::optional<Level> level;
  std::optional<std::uint32_t> capacity;
  std::optional<std::vector<LocatedString>> competences;
  std::optional<ModeSet> leads;
  std::optional<ModeSet> joins;
  std::optional<OfficeHours> office_hours;  // checked when read
};

struct RawKind {
  std::string name;
  RawDefaults defaults;
  SourcePos pos;
};

struct RawBody {
  LocatedString id;
  std::string name;
  LocatedString kind;  // empty value: no kind
  LocatedString jurisdiction;
  RawDefaults fields;
  std::vector<LocatedString> escalates_to;
  std::vector<LocatedString> refers_to;
  std::vector<LocatedString> partners_with;
  SourcePos pos;
};

// Everything read so far, across files.
struct RawGraph {
  std::vector<RawHeader> headers;  // more than one is an error
  std::vector<RawKind> kinds;
  std::vector<RawBody> bodies;
};

// Collects diagnostics with a cap on how many are kept (counts stay exact).
class Diagnostics {
 public:
  explicit Diagnostics(const std::vector<std::string>& files) : files_(files) {}
  void error(SourcePos pos, std::string message);
  void warning(SourcePos pos, std::string message);
  void error_at(std::string where, std::string message);
  void warning_at(std::string where, std::string message);
  [[nodiscard]] std::string where(SourcePos pos) const;
  [[nodiscard]] std::size_t errors() const { return errors_; }
  [[nodiscard]] std::size_t warnings() const { return warnings_; }
  std::vector<Diagnostic> take() { return std::move(items_); }
  // Appends another collector's diagnostics (a file parsed on another thread), keeping the cap.
  void absorb(Diagnostics&& other);

  static constexpr std::size_t k_max_kept = 200;

 private:
  void add(Diagnostic::Severity severity, std::string where, std::string message);
  const std::vector<std::string>& files_;
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

// Parses one file's text and appends its declarations to `out`; syntax errors, unknown keys and
// wrong types go to `diag`. `file` is the file's index in the graph's file list.
void read_graph_file(std::uint32_t file, const std::string& name, const std::string& text,
                     RawGraph& out, Diagnostics& diag);

}  // namespace tiaojie::graph::internal
