// `tiaojie serve` as a child process, for tests that need what only a real process shows: a
// SIGKILL in the middle of ingest, SIGHUP, SIGTERM, the binary's own exit status. The daemon is
// told to log to a file; its port (the configuration says 0) is read from its "listening on" line.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/paths.hpp"

namespace tiaojie::test {

// A new empty folder for one test: <tmp>/tiaojie-<suite>-<pid>-<name>.
inline std::filesystem::path fresh_test_dir(const std::string& suite, const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("tiaojie-" + suite + "-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the tiaojie binary with `args` (a shell fragment), from `cwd`; returns its exit status and
// writes its standard output and error to `out` and `err`.
inline int run_tiaojie(const std::string& args, const std::filesystem::path& cwd,
                       const std::filesystem::path& out, const std::filesystem::path& err) {
  std::string cmd = "cd '" + cwd.string() + "' && '" + std::string(TIAOJIE_CLI) + "' " + args +
                    " > '" + out.string() + "' 2> '" + err.string() + "'";
  int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

class ServeProcess {
 public:
  // Starts `tiaojie serve` with `args` (after "serve"), standard error to `log`, and waits until it
  // listens (at most about ten seconds: a daemon that never listens fails the test). `nofile`, when
  // not 0, is the child's open-file limit (RLIMIT_NOFILE, soft and hard), set before exec.
  ServeProcess(std::vector<std::string> args, std::filesystem::path log, rlim_t nofile = 0)
      : log_(std::move(log)) {
    std::filesystem::remove(log_);
    // Everything the child needs is built before fork: between fork and exec only async-signal-safe
    // calls (the test process may have threads).
    std::string exe = TIAOJIE_CLI, serve = "serve", log_path = log_.string();
    std::vector<char*> argv{exe.data(), serve.data()};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || ::dup2(fd, STDERR_FILENO) < 0) ::_exit(126);
      const rlimit limit{nofile, nofile};
      if (nofile != 0 && ::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(125);
      ::execv(exe.c_str(), argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 500 && port_ == 0 && running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      port_ = port_from_log();
    }
    const std::string why = "the daemon did not start: " + slurp(log_);
    REQUIRE_MESSAGE(port_ != 0, why);
  }
  ~ServeProcess() {
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      wait_exit();
    }
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return slurp(log_); }
  void signal(int sig) const { ::kill(pid_, sig); }

  // Whether the process ended within `wait` (wait_exit() then gives its status at once).
  bool exited_within(std::chrono::milliseconds wait) {
    for (auto give_up = std::chrono::steady_clock::now() + wait;
         running() && std::chrono::steady_clock::now() < give_up;)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return !running();
  }

  // Waits for the process to end; its exit status, or 128 + the signal that ended it.
  int wait_exit() {
    if (status_ >= 0) return status_;
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : 255;
    return status_;
  }

 private:
  bool running() {
    if (status_ >= 0) return false;
    int raw = 0;
    if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
      status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 255;
      return false;
    }
    return true;
  }
  unsigned short port_from_log() const {
    auto text = slurp(log_);
    auto at = text.find("listening on ");
    if (at == std::string::npos) return 0;
    auto colon = text.find(':', at + 13);
    auto space = text.find(' ', colon);
    if (colon == std::string::npos || space == std::string::npos) return 0;
    return static_cast<unsigned short>(std::stoi(text.substr(colon + 1, space - colon - 1)));
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int status_ = -1;
  unsigned short port_ = 0;
};

}  // namespace tiaojie::test
