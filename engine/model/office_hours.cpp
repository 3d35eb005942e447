#include "model/office_hours.hpp"

#include <fmt/format.h>

#include <optional>

namespace tiaojie {

namespace {

constexpr std::uint32_t hm(std::uint32_t h, std::uint32_t m) { return h * 3600 + m * 60; }

// "HH:MM" exactly, 00:00 … 24:00.
std::optional<std::uint32_t> parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto two = [](std::string_view d) -> std::optional<std::uint32_t> {
    if (d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9') return std::nullopt;
    return static_cast<std::uint32_t>((d[0] - '0') * 10 + (d[1] - '0'));
  };
  auto h = two(s.substr(0, 2));
  auto m = two(s.substr(3, 2));
  if (!h || !m || *m > 59 || *h > 24 || (*h == 24 && *m != 0)) return std::nullopt;
  return hm(*h, *m);
}

std::string clock_text(std::uint32_t s) {
  return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
}

}  // namespace

OfficeHours::OfficeHours() {
  intervals_[0] = {hm(8, 30), hm(12, 0)};
  intervals_[1] = {hm(14, 0), hm(17, 30)};
  count_ = 2;
}

std::string OfficeHours::to_string() const {
  std::string out;
  for (const auto& i : intervals()) {
    if (!out.empty()) out += ", ";
    out += clock_text(i.open) + "-" + clock_text(i.close);
  }
  return out;
}

Result<OfficeInterval> parse_office_interval(std::string_view text) {
  const auto dash = text.find('-');
  auto open = dash == std::string_view::npos ? std::nullopt : parse_clock(text.substr(0, dash));
  auto close = dash == std::string_view::npos ? std::nullopt : parse_clock(text.substr(dash + 1));
  if (!open || !close) {
    return std::unexpected(invalid_input(fmt::format(
        "office hours '{}' must be \"HH:MM-HH:MM\" (00:00 to 24:00), e.g. \"08:30-12:00\"", text)));
  }
  if (*open >= *close) {
    return std::unexpected(
        invalid_input(fmt::format("office hours '{}' close before they open", text)));
  }
  return OfficeInterval{*open, *close};
}

Result<OfficeHours> make_office_hours(std::span<const OfficeInterval> intervals) {
  if (intervals.empty()) {
    return std::unexpected(invalid_input(
        "office hours need at least one interval (\"00:00-24:00\" for a body always open)"));
  }
  if (intervals.size() > OfficeHours::k_max) {
    return std::unexpected(
        invalid_input(fmt::format("at most {} office-hour intervals a day", OfficeHours::k_max)));
  }
  for (std::size_t i = 1; i < intervals.size(); ++i) {
    if (intervals[i].open <= intervals[i - 1].close) {
      return std::unexpected(invalid_input(
          fmt::format("office hours {}-{} must start after {}-{} ends (in order, not overlapping)",
                      clock_text(intervals[i].open), clock_text(intervals[i].close),
                      clock_text(intervals[i - 1].open), clock_text(intervals[i - 1].close))));
    }
  }
  OfficeHours h;
  h.count_ = static_cast<std::uint8_t>(intervals.size());
  h.intervals_ = {};
  for (std::size_t i = 0; i < intervals.size(); ++i) h.intervals_[i] = intervals[i];
  return h;
}

}  // namespace tiaojie
