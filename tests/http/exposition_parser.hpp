// A strict reader of the Prometheus text exposition format (version 0.0.4), for the tests: it
// reads /metrics line by line and lists every way the text departs from the format, so that a
// test can require none. What it checks: each line is a HELP, a TYPE or a sample; names and label
// names are valid; label values use only the format's escapes; values parse; every family has one
// HELP and one TYPE before its samples and its samples are contiguous; a sample belongs to the
// family typed last (a histogram's as name_bucket with `le`, name_sum, name_count); a histogram's
// buckets rise in `le`, are cumulative, end with +Inf and equal _count.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::test {

struct ExpositionSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Exposition {
  std::vector<ExpositionSample> samples;
  std::map<std::string, std::string> types;  // family → type
  std::map<std::string, std::string> help;   // family → unescaped help
  std::vector<std::string> errors;           // "line N: why"

  // The value of the sample `name` whose labels include `labels`; empty when there is none.
  std::optional<double> value(std::string_view name,
                              const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& s : samples) {
      if (s.name != name) continue;
      bool match = true;
      for (const auto& [k, v] : labels) {
        auto it = s.labels.find(k);
        if (it == s.labels.end() || it->second != v) match = false;
      }
      if (match) return s.value;
    }
    return std::nullopt;
  }
  // The sum over every sample named `name`.
  double total(std::string_view name) const {
    double t = 0;
    for (const auto& s : samples)
      if (s.name == name) t += s.value;
    return t;
  }
};

namespace exposition_detail {

inline bool valid_name(std::string_view n) {
  if (n.empty()) return false;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const char c = n[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

inline std::optional<double> parse_value(std::string_view t) {
  if (t == "+Inf") return INFINITY;
  if (t == "-Inf") return -INFINITY;
  if (t == "NaN") return NAN;
  if (t.empty()) return std::nullopt;
  std::string s(t);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

}  // namespace exposition_detail

inline Exposition parse_exposition(std::string_view text) {
  using namespace exposition_detail;
  Exposition out;
  if (!text.empty() && text.back() != '\n') out.errors.push_back("the text does not end with \\n");
  std::string current;  // family typed last
  std::set<std::string> finished;
  // Histogram checks, per family and label set without le.
  struct Series {
    std::vector<std::pair<double, double>> buckets;  // le, count
    std::optional<double> count;
  };
  std::map<std::string, Series> series;
  auto family_of = [&](const std::string& name) -> std::string {
    auto type = out.types.find(current);
    if (type != out.types.end() && type->second == "histogram") {
      for (std::string suffix : {"_bucket", "_sum", "_count"})
        if (name == current + suffix) return current;
      return {};
    }
    return name == current ? current : std::string();
  };
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    const auto eol = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    auto error = [&](const std::string& why) {
      out.errors.push_back("line " + std::to_string(line_no) + ": " + why + ": " +
                           std::string(line));
    };
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const bool is_help = line[2] == 'H';
      auto rest = line.substr(7);
      const auto sp = rest.find(' ');
      const std::string name(rest.substr(0, sp));
      const std::string_view arg = sp == std::string_view::npos ? "" : rest.substr(sp + 1);
      if (!valid_name(name)) error("invalid metric name");
      if (name != current) {
        if (finished.contains(name)) error("family written in two places");
        if (!current.empty()) finished.insert(current);
        current = name;
      }
      if (is_help) {
        if (out.help.contains(name)) error("second HELP");
        std::string h;
        for (std::size_t i = 0; i < arg.size(); ++i) {
          if (arg[i] == '\\' && i + 1 < arg.size() && (arg[i + 1] == '\\' || arg[i + 1] == 'n')) {
            h += arg[i + 1] == 'n' ? '\n' : '\\';
            ++i;
          } else if (arg[i] == '\\') {
            error("bad escape in HELP");
          } else {
            h += arg[i];
          }
        }
        out.help[name] = h;
      } else {
        if (out.types.contains(name)) error("second TYPE");
        static const std::set<std::string_view> kinds{"counter", "gauge", "histogram", "summary",
                                                      "untyped"};
        if (!kinds.contains(arg)) error("unknown type");
        out.types[name] = std::string(arg);
      }
      continue;
    }
    if (line.starts_with("#")) continue;  // a comment
    if (line.empty()) {
      error("empty line");
      continue;
    }
    ExpositionSample s;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = std::string(line.substr(0, i));
    if (!valid_name(s.name)) error("invalid metric name");
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t k = i;
        while (k < line.size() && line[k] != '=') ++k;
        const std::string key(line.substr(i, k - i));
        if (!valid_name(key) || key.starts_with("__")) error("invalid label name");
        if (k + 1 >= line.size() || line[k + 1] != '"') {
          error("label value not quoted");
          break;
        }
        std::string v;
        std::size_t j = k + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\') {
            if (j + 1 < line.size() &&
                (line[j + 1] == '\\' || line[j + 1] == '"' || line[j + 1] == 'n')) {
              v += line[j + 1] == 'n' ? '\n' : line[j + 1];
              ++j;
            } else {
              error("bad escape in a label value");
            }
          } else {
            v += line[j];
          }
        }
        if (j >= line.size()) {
          error("unterminated label value");
          break;
        }
        if (s.labels.contains(key)) error("label repeated");
        s.labels[key] = v;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size() || line[i] != '}') {
        error("unterminated label set");
        continue;
      }
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      error("no value");
      continue;
    }
    auto value = parse_value(line.substr(i + 1));
    if (!value) {
      error("value does not parse");
      continue;
    }
    s.value = *value;
    const std::string family = family_of(s.name);
    if (family.empty()) error("sample outside its family (or before its TYPE)");
    if (!family.empty() && !out.help.contains(family)) error("family without HELP");
    if (!family.empty() && out.types[family] == "histogram") {
      std::string key = family + "{";
      for (const auto& [k, v] : s.labels)
        if (k != "le") key += k + "=" + v + ",";
      auto& ser = series[key];
      if (s.name == family + "_bucket") {
        auto le = s.labels.find("le");
        auto bound = le == s.labels.end() ? std::nullopt : parse_value(le->second);
        if (!bound) {
          error("bucket without a valid le");
        } else {
          if (!ser.buckets.empty() && *bound <= ser.buckets.back().first) error("le not rising");
          if (!ser.buckets.empty() && s.value < ser.buckets.back().second)
            error("buckets not cumulative");
          ser.buckets.emplace_back(*bound, s.value);
        }
      } else if (s.name == family + "_count") {
        ser.count = s.value;
      }
    }
    out.samples.push_back(std::move(s));
  }
  for (const auto& [key, ser] : series) {
    if (ser.buckets.empty() || !std::isinf(ser.buckets.back().first))
      out.errors.push_back(key + ": no +Inf bucket");
    else if (!ser.count || *ser.count != ser.buckets.back().second)
      out.errors.push_back(key + ": +Inf bucket differs from _count");
  }
  for (const auto& [name, type] : out.types)
    if (!out.help.contains(name)) out.errors.push_back(name + ": TYPE without HELP");
  return out;
}

}  // namespace tiaojie::test
