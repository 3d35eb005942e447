// HTML built so that input cannot become markup: the markup is string literals (Markup accepts
// nothing else: its constructor is consteval), and every value goes through escape_html. Dispute
// text is written by the public, so a description holding "<script>" must render as text.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/html_text.hpp"

namespace tiaojie::daemon::http {

using tiaojie::escape_html;  // model/html_text.hpp

// Markup written in this program: a string literal, checked at compile time.
class Markup {
 public:
  // NOLINTNEXTLINE(google-explicit-constructor): `html << "<p>"` is the point.
  consteval Markup(const char* literal) : text_(literal) {}
  [[nodiscard]] std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

class Html {
 public:
  Html& operator<<(Markup markup) {
    out_ += markup.text();
    return *this;
  }
  // A value, escaped: for element content and for quoted attribute values.
  Html& text(std::string_view value) {
    out_ += escape_html(value);
    return *this;
  }
  Html& number(std::int64_t value) {
    out_ += std::to_string(value);
    return *this;
  }
  // Another Html's output, already built by these rules.
  Html& operator<<(const Html& built) {
    out_ += built.out_;
    return *this;
  }
  [[nodiscard]] std::string str() && { return std::move(out_); }
  [[nodiscard]] const std::string& view() const { return out_; }

 private:
  std::string out_;
};

}  // namespace tiaojie::daemon::http
