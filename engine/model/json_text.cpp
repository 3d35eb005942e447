#include "model/json_text.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstring>
#include <vector>

namespace tiaojie {
namespace json = boost::json;

namespace {

// The index just past the string that starts at text[i] == '"' (text.size() if unterminated).
// Strings hold most of a request's bytes: memchr finds each quote, and a quote after an odd run
// of backslashes is escaped.
std::size_t skip_string(std::string_view text, std::size_t i) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin + i + 1;
  while (p < end) {
    const auto* q =
        static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
    if (!q) break;
    std::size_t backslashes = 0;
    for (const char* b = q; b > p && b[-1] == '\\'; --b) ++backslashes;
    if (backslashes % 2 == 0) return static_cast<std::size_t>(q - begin) + 1;
    p = q + 1;
  }
  return text.size();
}

// A key as its object knows it: `quoted` is the key's text with its quotes.
std::string decode_key(std::string_view quoted) {
  if (quoted.size() < 2) return std::string(quoted);
  if (quoted.find('\\') == std::string_view::npos)
    return std::string(quoted.substr(1, quoted.size() - 2));
  boost::system::error_code ec;
  auto v = json::parse(quoted, ec);
  return !ec && v.is_string() ? std::string(v.get_string()) : std::string(quoted);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The index just past the value that starts at text[i].
std::size_t skip_value(std::string_view text, std::size_t i) {
  if (i >= text.size()) return i;
  if (text[i] == '"') return skip_string(text, i);
  if (text[i] == '{' || text[i] == '[') {
    int depth = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') {
        i = skip_string(text, i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return text.size();
  }
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' &&
         !is_space(text[i]))
    ++i;
  return i;
}

}  // namespace

std::size_t members_in_text(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = skip_string(text, i) - 1;
    } else if (c == ':') {
      ++n;
    }
  }
  return n;
}

std::size_t members_in_value(const json::value& value) {
  std::size_t n = 0;
  if (const auto* o = value.if_object()) {
    n = o->size();
    for (const auto& kv : *o) n += members_in_value(kv.value());
  } else if (const auto* a = value.if_array()) {
    for (const auto& e : *a) n += members_in_value(e);
  }
  return n;
}

std::optional<std::string> first_repeated_key(std::string_view text) {
  struct Frame {
    bool object = false;
    std::vector<std::string> keys;  // seen so far in this object
    std::string key;                // the member being read
  };
  std::vector<Frame> stack;
  std::string last_string;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      auto end = skip_string(text, i);
      last_string = decode_key(text.substr(i, end - i));
      i = end - 1;
    } else if (c == '{' || c == '[') {
      stack.push_back({c == '{', {}, {}});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ':' && !stack.empty() && stack.back().object) {
      auto& f = stack.back();
      if (std::find(f.keys.begin(), f.keys.end(), last_string) != f.keys.end()) {
        std::string path;
        for (std::size_t k = 0; k + 1 < stack.size(); ++k) {
          if (!stack[k].object) continue;  // array elements belong to the member holding the array
          path += stack[k].key;
          path += '.';
        }
        return path + last_string;
      }
      f.keys.push_back(last_string);
      f.key = last_string;
    }
  }
  return std::nullopt;
}

Result<void> check_unique_keys(std::string_view text, const json::value& parsed) {
  if (members_in_text(text) == members_in_value(parsed)) return ok;
  auto key = first_repeated_key(text);
  return std::unexpected(invalid_input(
      "is repeated: a key may appear only once in an object (which one counts would be a guess)",
      key.value_or("")));
}

std::optional<std::string_view> top_level_member_text(std::string_view text, std::string_view key) {
  int depth = 0;
  std::size_t key_start = 0, key_end = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      auto end = skip_string(text, i);
      if (depth == 1) key_start = i, key_end = end;  // a key, or a value before ',' or '}'
      i = end - 1;
    } else if (c == '{' || c == '[') {
      if (depth == 0 && c != '{') return std::nullopt;
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ':' && depth == 1) {
      auto quoted = text.substr(key_start, key_end - key_start);
      const bool match = quoted.size() == key.size() + 2 && quoted.substr(1, key.size()) == key;
      if (match || (quoted.find('\\') != std::string_view::npos && decode_key(quoted) == key)) {
        auto start = i + 1;
        while (start < text.size() && is_space(text[start])) ++start;
        return text.substr(start, skip_value(text, start) - start);
      }
    }
  }
  return std::nullopt;
}

}  // namespace tiaojie
