// A minimal streaming JSON text writer. The store encodes every event it writes; building a
// boost::json::object first and serialising it costs several allocations per field, which showed
// as the largest share of the store's own time in bench/store. This writes the text directly.
// Output is compact JSON, byte-compatible with boost::json::serialize for the same members in the
// same order (strings escaped the same way: \" \\ \b \f \n \r \t, other controls as \u00XX,
// everything else — UTF-8 included — verbatim).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::lifecycle::internal {

class JsonWriter {
 public:
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The next member's key; the next value (or container) is its value.
  void key(std::string_view k) {
    separate();
    write_string(k);
    out_ += ':';
    after_key_ = true;
  }

  void value(std::string_view s) {
    separate();
    write_string(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  void value(std::int64_t n) {
    separate();
    out_ += std::to_string(n);
  }
  void value(int n) { value(static_cast<std::int64_t>(n)); }

  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
    }
  }
  void open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
  }
  void close(char c) {
    first_.pop_back();
    out_ += c;
  }
  void write_string(std::string_view s) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t run = 0;  // start of the pending verbatim run
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += k_hex[c >> 4];
          out_ += k_hex[c & 0xF];
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

}  // namespace tiaojie::lifecycle::internal
