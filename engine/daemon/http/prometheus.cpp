#include "daemon/http/prometheus.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tiaojie::daemon::http {

namespace {

// The text format's escapes: backslash and newline everywhere, the double quote in label values.
std::string escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_help(std::string_view text) { return escape(text, false); }

std::string escape_label_value(std::string_view text) { return escape(text, true); }

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Integers (counts) without an exponent or a fraction, up to 2^53 where doubles stay exact.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
    return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value);  // the shortest text that reads back as the same double
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help),
                 name, type);
}

void PrometheusText::labels(std::initializer_list<Label> labels, std::string_view le) {
  if (labels.size() == 0 && le.empty()) return;
  out_ += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out_ += ',';
    first = false;
    fmt::format_to(std::back_inserter(out_), "{}=\"{}\"", key, escape_label_value(value));
  }
  if (!le.empty()) fmt::format_to(std::back_inserter(out_), "{}le=\"{}\"", first ? "" : ",", le);
  out_ += '}';
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> ls, double value) {
  out_ += name;
  labels(ls);
  out_ += ' ';
  out_ += format_value(value);
  out_ += '\n';
}

void PrometheusText::histogram(std::string_view name, std::initializer_list<Label> ls,
                               const internal::HistogramSnapshot& h, double divisor) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
    cumulative += h.counts[i];
    const std::string le = i < h.bounds.size()
                               ? format_value(static_cast<double>(h.bounds[i]) / divisor)
                               : std::string("+Inf");
    out_ += name;
    out_ += "_bucket";
    labels(ls, le);
    out_ += ' ';
    out_ += format_value(static_cast<double>(cumulative));
    out_ += '\n';
  }
  out_ += name;
  out_ += "_sum";
  labels(ls);
  out_ += ' ' + format_value(static_cast<double>(h.sum) / divisor) + '\n';
  out_ += name;
  out_ += "_count";
  labels(ls);
  out_ += ' ' + format_value(static_cast<double>(cumulative)) + '\n';
}

}  // namespace tiaojie::daemon::http
