#include "cli/text_table.hpp"

#include <algorithm>
#include <cstdint>

namespace tiaojie::cli {
namespace {

// Decodes the code point at `i` of valid UTF-8 and advances `i` past it.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

// East Asian Wide (W) and Fullwidth (F) blocks (Unicode UAX #11), the ones Chinese text uses.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) width += is_wide(next_code_point(text, i)) ? 2 : 1;
  return width;
}

std::string fit_width(std::string_view text, std::size_t max_width) {
  if (display_width(text) <= max_width) return std::string(text);
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const std::size_t w = is_wide(next_code_point(text, i)) ? 2 : 1;
    if (width + w + 1 > max_width) break;  // keep one column for the ellipsis
    out.append(text.substr(start, i - start));
    width += w;
  }
  return out + "…";
}

std::string format_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      if (c > 0) text += "  ";
      text += row[c];
      if (c + 1 < row.size()) text.append(widths[c] - display_width(row[c]), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

}  // namespace tiaojie::cli
