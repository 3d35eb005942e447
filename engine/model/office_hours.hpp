// A body's office hours (办公时间): the intervals of a working day in which it is open, in
// Asia/Shanghai local time. They set the instant a period ends on its last day (民法典 Civil Code
// art. 203: 有业务时间的，停止业务活动的时间为截止时间) and when deadline notices may be delivered
// (docs/calendar.md "Office hours"). Which days are working days is the holiday calendar's answer
// (lifecycle/office_hours.hpp); this is only the clock of one such day. Value type, no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie {

// [open, close) in seconds since local midnight; close may be 24:00 (86400).
struct OfficeInterval {
  std::uint32_t open = 0;
  std::uint32_t close = 0;
  friend bool operator==(const OfficeInterval&, const OfficeInterval&) = default;
};

// Up to k_max intervals, sorted, not overlapping, not touching. Fixed size: a national graph has
// hundreds of thousands of bodies, each holding one.
// Default: 08:30–12:00 and 14:00–17:30, the district offices' usual hours.
class OfficeHours {
 public:
  static constexpr std::size_t k_max = 4;
  OfficeHours();

  // The intervals, in order. REQUIRES (checked by make): see make_office_hours.
  [[nodiscard]] std::span<const OfficeInterval> intervals() const {
    return {intervals_.data(), count_};
  }
  // Close of business: the end of the day's last interval.
  [[nodiscard]] std::uint32_t close() const { return intervals_[count_ - 1].close; }

  // "08:30-12:00, 14:00-17:30".
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const OfficeHours&, const OfficeHours&) = default;

 private:
  friend Result<OfficeHours> make_office_hours(std::span<const OfficeInterval> intervals);
  std::array<OfficeInterval, k_max> intervals_{};
  std::uint8_t count_ = 0;
};

// Parses "HH:MM-HH:MM" (00:00 … 24:00, minutes 00–59, open before close). Errors: invalid_input
// with a message saying what is wrong (no location: the caller adds file:line:column).
[[nodiscard]] Result<OfficeInterval> parse_office_interval(std::string_view text);

// Office hours from intervals. Errors: invalid_input for none, more than OfficeHours::k_max, or
// intervals out of order, overlapping or touching (write one interval instead).
[[nodiscard]] Result<OfficeHours> make_office_hours(std::span<const OfficeInterval> intervals);

}  // namespace tiaojie
