#include "daemon/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>

#include "model/time.hpp"

namespace tiaojie::daemon {
namespace {

// Formats a record as {"time","level","msg"} with the message masked and JSON-escaped, or as a
// text line with the message masked.
class MaskingFormatter final : public spdlog::formatter {
 public:
  explicit MaskingFormatter(bool json) : json_(json) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string text = mask_personal_data(std::string_view(msg.payload.data(), msg.payload.size()));
    auto secs = std::chrono::time_point_cast<std::chrono::seconds>(msg.time);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time - secs).count();
    std::string when = format_timestamp(Timestamp(secs.time_since_epoch()));
    when.insert(19, fmt::format(".{:03}", millis));
    auto level = spdlog::level::to_string_view(msg.level);
    std::string line;
    if (json_) {
      line = fmt::format(R"({{"time":"{}","level":"{}","msg":{}}})", when,
                         std::string_view(level.data(), level.size()),
                         boost::json::serialize(boost::json::string(text)));
    } else {
      line = fmt::format("{} {:<5} {}", when, std::string_view(level.data(), level.size()), text);
    }
    line.push_back('\n');
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<MaskingFormatter>(json_);
  }

 private:
  bool json_;
};

}  // namespace

Result<void> init_logging(const LogConfig& config) {
  std::shared_ptr<spdlog::logger> logger;
  spdlog::drop("tiaojie");
  try {
    if (config.file.empty()) {
      logger = spdlog::stderr_color_mt("tiaojie");
    } else {
      logger = spdlog::basic_logger_mt("tiaojie", config.file.string());
    }
  } catch (const spdlog::spdlog_ex& e) {
    return std::unexpected(
        io_error(std::string("cannot open the log: ") + e.what(), config.file.string()));
  }
  logger->set_formatter(std::make_unique<MaskingFormatter>(config.json));
  logger->set_level(spdlog::level::from_str(config.level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return ok;
}

}  // namespace tiaojie::daemon
