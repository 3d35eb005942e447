#include "model/internal/json_syntax.hpp"

#include <fmt/format.h>

#include <vector>

namespace tiaojie::internal {
namespace {

struct Frame {
  bool object = false;
  bool expecting_key = false;  // after '{' or ',' in an object: the next string is a key
  std::string key;             // the member whose value is being read
};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The \uXXXX escape where Boost stopped, when it encodes half of a surrogate pair: Boost stops
// right after a lone high surrogate (it wanted "\u" next), right after a lone low one, or after the
// "\u" that should have started a high surrogate's low half.
std::string_view surrogate_escape_at(std::string_view text, std::size_t offset) {
  auto surrogate_ending_at = [text](std::size_t end) -> std::string_view {
    if (end < 6 || end > text.size()) return {};
    auto esc = text.substr(end - 6, 6);
    if (esc[0] != '\\' || esc[1] != 'u' || !is_hex(esc[4]) || !is_hex(esc[5])) return {};
    const bool surrogate =
        (esc[2] == 'd' || esc[2] == 'D') &&
        std::string_view("89abcdefABCDEF").find(esc[3]) != std::string_view::npos;
    return surrogate ? esc : std::string_view{};
  };
  if (auto esc = surrogate_ending_at(offset); !esc.empty()) return esc;
  if (offset >= 2 && offset <= text.size() && text.substr(offset - 2, 2) == "\\u")
    return surrogate_ending_at(offset - 2);
  return {};
}

}  // namespace

std::string member_at(std::string_view text, std::size_t offset) {
  std::vector<Frame> stack;
  bool in_string = false, escaped = false;
  std::size_t string_start = 0;
  std::string last_string;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        last_string.assign(text.substr(string_start, i - string_start));
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string_start = i + 1;
        break;
      case '{':
        stack.push_back({true, true, {}});
        break;
      case '[':
        stack.push_back({false, false, {}});
        break;
      case '}':
      case ']':
        if (!stack.empty()) stack.pop_back();
        break;
      case ':':
        if (!stack.empty() && stack.back().object) {
          stack.back().key = last_string;
          stack.back().expecting_key = false;
        }
        break;
      case ',':
        if (!stack.empty() && stack.back().object) {
          stack.back().key.clear();
          stack.back().expecting_key = true;
        }
        break;
      default:
        break;
    }
  }
  std::string path;
  for (const auto& f : stack) {
    if (!f.object || f.expecting_key || f.key.empty()) {
      if (f.object) break;  // inside a key, or between members: no member holds this byte
      continue;             // array elements belong to the member holding the array
    }
    if (!path.empty()) path += '.';
    path += f.key;
  }
  return path;
}

Error json_syntax_error(std::string_view text, std::size_t offset, boost::system::error_code ec) {
  const auto field = member_at(text, offset);
  const auto in_field = field.empty() ? std::string() : fmt::format(" in field {}", field);
  if (auto esc = surrogate_escape_at(text, offset); !esc.empty()) {
    return invalid_input(
        fmt::format("invalid JSON{}: the escape {} is half of a UTF-16 surrogate pair without its "
                    "other half, which encodes no character",
                    in_field, esc),
        fmt::format("byte {}", offset));
  }
  return invalid_input(fmt::format("invalid JSON{}: {}", in_field, ec.message()),
                       fmt::format("byte {}", offset));
}

}  // namespace tiaojie::internal
