// Writes the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): for each metric family a
// `# HELP` and a `# TYPE` line, then its samples, one a line, `name{label="value",…} value`.
// Families are written whole, one after another (the format forbids interleaving them).
//
// Escaping, as the format says: in HELP text a backslash is written `\\` and a newline `\n`; in a
// label value also a double quote is written `\"`. Values are written as integers when they are
// integers, else in the shortest form that reads back exactly; infinities as `+Inf` and `-Inf`,
// and NaN as `NaN`. A histogram's buckets are cumulative, with `le` written the same way, ending
// with `le="+Inf"` equal to `_count`, followed by `_sum` and `_count`.
//
// Thread-safety: none; one writer per response.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "daemon/internal/histogram.hpp"

namespace tiaojie::daemon::http {

using Label = std::pair<std::string_view, std::string_view>;

class PrometheusText {
 public:
  // Starts a family. `type`: counter, gauge or histogram. REQUIRES: `name` matches
  // [a-zA-Z_:][a-zA-Z0-9_:]* (names are constants of the code, never input).
  void family(std::string_view name, std::string_view type, std::string_view help);
  // One sample of the current family (or of a histogram's series, name_bucket etc.).
  void sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }
  // A histogram's series under `name` (the family started by family(name, "histogram", …)):
  // bounds and sum divided by `divisor` (1e6 turns microseconds into seconds: a division, so
  // that 250 µs is written 0.00025, where multiplying by 1e-6 could give 0.00025000000000000006).
  void histogram(std::string_view name, std::initializer_list<Label> labels,
                 const internal::HistogramSnapshot& h, double divisor = 1.0);

  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void labels(std::initializer_list<Label> labels, std::string_view le = {});
  std::string out_;
};

// The escapes of the format (exposed for tests).
[[nodiscard]] std::string escape_help(std::string_view text);
[[nodiscard]] std::string escape_label_value(std::string_view text);
[[nodiscard]] std::string format_value(double value);

}  // namespace tiaojie::daemon::http
