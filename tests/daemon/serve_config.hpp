// A configuration of its own for a `tiaojie serve` child process (serve_process.hpp): rules copied
// into the test's folder (so that a test may edit them), the shipped graph, calendar, formats and
// gazetteer, no file watch (only SIGHUP reloads), the hotline channel, an operator, and every other
// channel of the generated corpus, so that the operator may submit their disputes.
#pragma once

#include <filesystem>
#include <fstream>

#include "daemon_fixture.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

inline std::filesystem::path write_serve_config(const std::filesystem::path& dir) {
  std::filesystem::copy(source_dir() / "rules", dir / "rules",
                        std::filesystem::copy_options::recursive);
  auto shipped = [](const char* p) { return (source_dir() / "config" / p).string(); };
  std::ofstream(dir / "tiaojie.toml")
      << "[server]\nport = 0\nthreads = 2\ndata_dir = \"data\"\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[paths]\nrules = \"rules\"\nwatch_interval_ms = 0\n"
      << "graph = \"" << shipped("bodies") << "\"\ncalendar = \"" << shipped("calendar")
      << "\"\nformats = \"" << shipped("formats") << "\"\ngazetteer = \""
      << shipped("gazetteer/haizhu.toml") << "\"\n"
      << "[[channel]]\nid = \"hotline_12345\"\ntoken = \"" << k_hotline_token << "\"\n"
      << "[[operator]]\nname = \"li\"\ntoken = \"" << k_operator_token << "\"\n";
  int n = 0;
  for (const char* ch :
       {"walk_in", "online", "police_referral", "court_referral", "petition", "media"}) {
    std::ofstream(dir / "tiaojie.toml", std::ios::app)
        << "[[channel]]\nid = \"" << ch << "\"\ntoken = \"channel-token-" << ++n << "\"\n";
  }
  return dir / "tiaojie.toml";
}

// A configuration in `dir` (created) for one of several daemons on the shared store `url`
// (PostgreSQL, docs/scaling.md). They hash repeat keys with one key file, `dir`/../repeat.key,
// as that deployment asks: the first daemon creates it.
inline std::filesystem::path write_shared_store_config(const std::filesystem::path& dir,
                                                       const std::string& url) {
  std::filesystem::create_directories(dir);
  auto config = write_serve_config(dir);
  std::ofstream(config, std::ios::app)
      << "[store]\nurl = \"" << url << "\"\n"
      << "[repeat]\nkey_file = \"" << (dir.parent_path() / "repeat.key").string() << "\"\n";
  return config;
}

}  // namespace tiaojie::test
