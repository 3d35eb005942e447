// day_start_option (commands.hpp): a date option's value as the start of that day in Shanghai.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "model/time.hpp"

namespace tiaojie::cli {

Timestamp day_start_option(std::string_view text, std::string_view option, std::string_view who,
                           int status) {
  auto date = parse_date(text);
  if (!date)
    fail_command(who, fmt::format("{} {}: expected a date YYYY-MM-DD", option, text), status);
  return shanghai_midnight(*date);
}

}  // namespace tiaojie::cli
