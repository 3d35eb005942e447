// The only file that calls iconv.
#include "adapters/encoding.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>

#include "model/utf8.hpp"

namespace tiaojie::adapters {
namespace {

// Converts all of `in` with iconv from `from` to `to`; errors name the byte offset in `in`.
Result<std::string> convert(std::string_view in, const char* from, const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return std::unexpected(internal_error(fmt::format("iconv cannot convert {} to {}", from, to)));
  }
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write through it
  std::size_t src_left = in.size();
  std::size_t done = 0;
  for (;;) {
    char* dst = out.data() + done;
    std::size_t dst_left = out.size() - done;
    std::size_t r = iconv(cd, src_left ? &src : nullptr, &src_left, &dst, &dst_left);
    done = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) {
      if (src_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    std::size_t at = in.size() - src_left;
    iconv_close(cd);
    return std::unexpected(
        invalid_input(errno == EINVAL ? fmt::format("the text ends inside a {} character", from)
                                      : fmt::format("not valid {} text", from),
                      fmt::format("byte {}", at)));
  }
  iconv_close(cd);
  out.resize(done);
  return out;
}

}  // namespace

std::string_view to_string(TextEncoding e) {
  switch (e) {
    case TextEncoding::auto_detect:
      return "auto";
    case TextEncoding::utf8:
      return "utf-8";
    case TextEncoding::gb18030:
      return "gb18030";
    case TextEncoding::utf16le:
      return "utf-16le";
  }
  return "auto";
}

std::optional<TextEncoding> parse_encoding(std::string_view name) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower == "auto") return TextEncoding::auto_detect;
  if (lower == "utf-8" || lower == "utf8") return TextEncoding::utf8;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312" || lower == "cp936")
    return TextEncoding::gb18030;
  if (lower == "utf-16le" || lower == "utf16le" || lower == "utf-16") return TextEncoding::utf16le;
  return std::nullopt;
}

Result<DecodedText> decode_to_utf8(std::string_view bytes, TextEncoding encoding) {
  constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
  constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
  if (encoding == TextEncoding::auto_detect) {
    if (bytes.starts_with(k_utf8_bom))
      encoding = TextEncoding::utf8;
    else if (bytes.starts_with(k_utf16le_bom))
      encoding = TextEncoding::utf16le;
    else if (is_valid_utf8(bytes))
      encoding = TextEncoding::utf8;
    else
      encoding = TextEncoding::gb18030;
  }
  DecodedText out;
  out.detected = encoding;
  switch (encoding) {
    case TextEncoding::utf8: {
      if (bytes.starts_with(k_utf8_bom)) bytes.remove_prefix(k_utf8_bom.size());
      if (auto bad = first_invalid_utf8(bytes); bad != bytes.size()) {
        return std::unexpected(invalid_input("not valid UTF-8 text (try --encoding gb18030)",
                                             fmt::format("byte {}", bad)));
      }
      out.utf8 = std::string(bytes);
      return out;
    }
    case TextEncoding::gb18030: {
      auto text = convert(bytes, "GB18030", "UTF-8");
      if (!text) return std::unexpected(text.error());
      out.utf8 = std::move(*text);
      return out;
    }
    case TextEncoding::utf16le: {
      if (bytes.starts_with(k_utf16le_bom)) bytes.remove_prefix(k_utf16le_bom.size());
      auto text = convert(bytes, "UTF-16LE", "UTF-8");
      if (!text) return std::unexpected(text.error());
      out.utf8 = std::move(*text);
      return out;
    }
    case TextEncoding::auto_detect:
      break;
  }
  return std::unexpected(internal_error("unreachable encoding"));
}

Result<std::string> utf8_to_gb18030(std::string_view utf8) {
  return convert(utf8, "UTF-8", "GB18030");
}

}  // namespace tiaojie::adapters
