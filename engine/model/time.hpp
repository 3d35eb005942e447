// Instants and civil dates as tiaojie uses them.
//
// Every instant is a UTC time point with second precision. Civil dates are in Asia/Shanghai, which
// has kept a fixed UTC+08:00 offset with no daylight saving since 1991, so the conversion is a
// constant offset and needs no time-zone database (GCC 12's <chrono> has none).
// The core never reads a clock: "now" is always an argument.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiaojie {

using Timestamp = std::chrono::sys_seconds;
using CivilDate = std::chrono::year_month_day;

inline constexpr std::chrono::seconds k_shanghai_offset{8 * 3600};

// An instant as the stores keep it (an integer of Unix seconds), and back.
[[nodiscard]] constexpr std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}
[[nodiscard]] constexpr Timestamp from_unix_seconds(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

// Parses RFC 3339 / ISO 8601 date-times: "2026-11-24T09:30:00+08:00", "…Z", "…+0800", with an
// optional fraction (dropped) and a space allowed for 'T'. A time without an offset is taken as
// Asia/Shanghai local time (channel exports such as 12345 work orders carry naive local times).
// Returns nullopt for anything else, including impossible dates (2026-02-30).
[[nodiscard]] std::optional<Timestamp> parse_timestamp(std::string_view text);

// "2026-11-24T09:30:00+08:00": the instant in Asia/Shanghai local time.
[[nodiscard]] std::string format_timestamp(Timestamp t);

// The Asia/Shanghai calendar date of an instant.
[[nodiscard]] CivilDate shanghai_date(Timestamp t);

// Seconds since Asia/Shanghai midnight of that date (0 … 86399): "after office hours" checks.
[[nodiscard]] std::chrono::seconds shanghai_time_of_day(Timestamp t);

// The instant of Asia/Shanghai midnight starting the given date.
[[nodiscard]] Timestamp shanghai_midnight(CivilDate date);

// "2026-11-24"; parse_date accepts exactly that form and rejects impossible dates.
[[nodiscard]] std::string format_date(CivilDate date);
[[nodiscard]] std::optional<CivilDate> parse_date(std::string_view text);

}  // namespace tiaojie
