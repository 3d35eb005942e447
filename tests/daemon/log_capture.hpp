// The daemon's log lines as a string, for tests that check what it logged (a refused reload's
// file:line:column, a retried deadline).
#pragma once

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>

namespace tiaojie::test {

// A sink that keeps every formatted line, readable while the daemon's threads log.
class StringSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    text_.append(line.data(), line.size());
  }
  void flush_() override {}

 private:
  std::string text_;
};

// Routes the process's default spdlog logger into a string for the test's lifetime.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() { return sink_->text(); }

 private:
  std::shared_ptr<StringSink> sink_ = std::make_shared<StringSink>();
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace tiaojie::test
