// What only a real `tiaojie serve` process shows: a SIGKILL in the middle of ingest loses no
// acknowledged dispute; SIGHUP reloads an edited rule file and refuses a broken one with its
// file:line:column in the log; SIGTERM ends it cleanly. And `tiaojie demo` run from a folder that
// is not the source tree, ending with its week's report.
#include <doctest/doctest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <map>
#include <regex>

#include "daemon_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "support/disputes.hpp"
#include "support/sanitizers.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

TEST_CASE("SIGKILL in the middle of ingest loses no acknowledged dispute") {
  auto dir = fresh_test_dir("serve-signals", "kill");
  auto config = write_serve_config(dir);
  // 2,000 acknowledged before the kill; 500 under ThreadSanitizer, where the 2,000 and their
  // re-reads took 18 s of 222 for all the daemon tests, with nothing more for it to check.
  const std::size_t window = 200, kill_after = k_thread_sanitizer ? 500 : 2000;
  auto corpus = generated_disputes(3 * kill_after, 5);
  std::map<std::int64_t, std::string> acked;  // case id -> external id
  std::size_t sent = 0;
  {
    ServeProcess daemon({"--config", config.string()}, dir / "serve-1.log");
    auto c = signed_in_client(daemon.port(), k_operator_token);
    // Pipelined with a window of 200: when the daemon dies, up to 200 disputes are in flight, some
    // committed but not yet acknowledged, some not yet read.
    std::size_t received = 0;
    while (received < kill_after) {
      while (sent < corpus.size() && sent - received < window) {
        REQUIRE(c->send(submit_line(corpus[sent], static_cast<std::int64_t>(sent + 1))));
        ++sent;
      }
      auto r = c->receive();
      REQUIRE(r.has_value());
      ++received;
      REQUIRE_MESSAGE(r->at("ok") == true, json::serialize(*r));
      acked[r->at("case").as_int64()] = text(*r, "external_id");
    }
    daemon.signal(SIGKILL);
    CHECK(daemon.wait_exit() == 128 + SIGKILL);
  }
  REQUIRE(acked.size() == kill_after);
  CHECK(sent > acked.size());  // it really died with requests in flight

  // A new process on the same data folder: every acknowledged case is there, as acknowledged.
  ServeProcess again({"--config", config.string()}, dir / "serve-2.log");
  auto op = signed_in_client(again.port(), k_operator_token);
  std::size_t found = 0;
  for (const auto& [case_id, external_id] : acked) {
    auto got = op->call({{"op", "get"}, {"case", case_id}});
    REQUIRE(got.has_value());
    if (got->at("ok") == true && text(*got, "external_id") == external_id) ++found;
  }
  CHECK(found == acked.size());
  auto stats = *op->call({{"op", "stats"}});
  CHECK(stats.at("open_cases").as_int64() >= static_cast<std::int64_t>(acked.size()));
  // Resubmitting what was in flight is safe: answered with the case it got, or a new one.
  for (std::size_t i = 0; i < sent; ++i) {
    auto r = op->call(submit_line(corpus[i], static_cast<std::int64_t>(i + 1)));
    REQUIRE(r.has_value());
    REQUIRE(r->at("ok") == true);
    if (acked.contains(r->at("case").as_int64())) CHECK(r->at("duplicate") == true);
  }
  again.signal(SIGTERM);
  CHECK(again.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE(
    "SIGHUP reloads an edited rule file, a broken one is refused at file:line:column and changes "
    "nothing") {
  auto dir = fresh_test_dir("serve-signals", "hup");
  auto config = write_serve_config(dir);
  ServeProcess daemon({"--config", config.string()}, dir / "serve.log");
  auto c = signed_in_client(daemon.port(), k_hotline_token);
  const std::string words = "信号测试词语庚辛壬";
  auto dispute = [&](const std::string& external_id) {
    return json::serialize(json::object{{"external_id", external_id},
                                        {"channel", "hotline_12345"},
                                        {"received_at", "2026-11-24T09:30:00+08:00"},
                                        {"description", words},
                                        {"street", "凤阳"}});
  };
  auto before = *c->call(submit_line(dispute("HUP-1"), 1));
  REQUIRE(before.at("ok") == true);
  CHECK(text(before, "category") != "labour");
  const auto first_version = text(before, "rules_version");

  auto file = dir / "rules" / "category.toml";
  std::string edited = slurp(file);
  auto pos = edited.find("\"拖欠工资\",");
  REQUIRE(pos != std::string::npos);
  edited.insert(pos, "\"" + words + "\", ");
  std::ofstream(file, std::ios::trunc) << edited;
  daemon.signal(SIGHUP);
  REQUIRE(eventually([&] {
    return daemon.log().find("rules version " + first_version + " -> ") != std::string::npos;
  }));
  auto after = *c->call(submit_line(dispute("HUP-2"), 2));
  CHECK(text(after, "category") == "labour");
  const auto good_version = text(after, "rules_version");
  CHECK(good_version != first_version);

  const auto broken_line = std::count(edited.begin(), edited.end(), '\n') + 3;
  std::ofstream(file, std::ios::app) << "\n[[rule]]\nid = \n";
  daemon.signal(SIGHUP);
  const std::regex refused("reload refused: .*category\\.toml:" + std::to_string(broken_line) +
                           ":[0-9]+");
  REQUIRE(eventually([&] { return std::regex_search(daemon.log(), refused); }));
  auto still = *c->call(submit_line(dispute("HUP-3"), 3));
  CHECK(text(still, "category") == "labour");
  CHECK(text(still, "rules_version") == good_version);

  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE("tiaojie demo runs from a folder that is not the source tree") {
  // The regression: the demo's temporary config named the calendar (and formats, gazetteer) by
  // relative paths, which resolved against the temporary folder ("no calendar directory").
  auto dir = fresh_test_dir("serve-signals", "demo-cwd");
  int status = run_tiaojie("demo --disputes 60 --keep", dir, dir / "out.txt", dir / "err.txt");
  auto out = slurp(dir / "out.txt");
  CAPTURE(out);
  CAPTURE(slurp(dir / "err.txt"));
  CHECK(status == 0);
  CHECK(out.find("submitted 60 disputes over TCP") != std::string::npos);
  CHECK(out.find("0 refused") != std::string::npos);
  // The kept configuration names every folder absolutely.
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("data in ([^)]+)\\)")));
  auto demo_dir = fs::path(m[1].str());
  auto config = slurp(demo_dir / "tiaojie.toml");
  const std::regex path_line(
      R"(^(rules|graph|calendar|formats|gazetteer|data_dir|file) = "([^"]*)\")",
      std::regex::multiline);
  int paths = 0;
  for (std::sregex_iterator it(config.begin(), config.end(), path_line), end; it != end; ++it) {
    CAPTURE((*it)[0].str());
    CHECK(fs::path((*it)[2].str()).is_absolute());
    CHECK(fs::exists((*it)[2].str()));
    ++paths;
  }
  CHECK(paths == 7);
  // It ends with the report of the week its disputes were received in (the last complete week by
  // the daemon's clock, whatever the date): the first screen printed, every format written, and
  // its 新收 every dispute submitted, although the daemon registered them this week. The issuer
  // (the shipped [reports] issuer) may stand between the issue number and the period.
  REQUIRE(std::regex_search(
      out, m, std::regex("矛盾纠纷调解周报\n\n第\\d+期 · (?:[^ ]+ · )?(\\d{4})年第(\\d+)周")));
  const std::string week = m[1].str() + "-W" + (m[2].str().size() == 1 ? "0" : "") + m[2].str();
  CHECK(out.find("## 分街道") != std::string::npos);
  for (const char* ext : {"md", "json", "html"}) {
    CAPTURE(ext);
    CHECK(fs::file_size(demo_dir / "reports" / (week + "." + ext)) > 0);
  }
  CHECK(fs::file_size(demo_dir / "reports" / ("report-" + week + "-bodies.csv")) > 0);
  const auto report = json::parse(slurp(demo_dir / "reports" / (week + ".json"))).as_object();
  const auto& flows = report.at("total").as_object().at("flows").as_object();
  CHECK(flows.at("new").as_int64() == 60);
  CHECK(flows.at("open_start").as_int64() == 0);
  CHECK(flows.at("open_end").as_int64() == 60);  // the lifecycle operations come after the week
  fs::remove_all(demo_dir);
  fs::remove_all(dir);
}

// Found by the abuse tests (slow readers): a client that never read its answers kept the daemon's
// write to it pending, and with it the event loop: after SIGTERM the daemon never exited. The
// drain now ends after min(10 s, idle_timeout) and closes what is still open.
TEST_CASE("SIGTERM ends the daemon even when a client never reads its answers") {
  auto dir = fresh_test_dir("signals", "unread");
  auto config = write_serve_config(dir);
  std::ofstream(config, std::ios::app) << "[limits]\nidle_timeout_seconds = 1\n";
  ServeProcess daemon({"--config", config.string()}, dir / "serve.log");
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.open(asio::ip::tcp::v4());
  s.set_option(asio::socket_base::receive_buffer_size(4096));
  s.connect({asio::ip::make_address("127.0.0.1"), daemon.port()});
  s.non_blocking(true);
  const std::string hello = std::string(R"({"op":"hello","token":")") + k_operator_token + "\"}\n";
  asio::write(s, asio::buffer(hello));
  // Requests whose answers (the id comes back) fill the client's side, sent while the daemon
  // takes them; none is read.
  const std::string request = R"({"id":")" + std::string(4000, 'x') + R"(","op":"stats"})" + "\n";
  std::size_t offset = 0;
  for (int quiet = 0; quiet < 50;) {
    boost::system::error_code ec;
    auto n = s.write_some(asio::buffer(request.data() + offset, request.size() - offset), ec);
    if (ec == asio::error::would_block) {
      ++quiet;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (ec) FAIL("the daemon broke the connection: " << ec.message());
    offset = (offset + n) % request.size();
    quiet = 0;
  }
  daemon.signal(SIGTERM);
  CHECK(daemon.exited_within(std::chrono::seconds(20)));
  CHECK(daemon.wait_exit() == 0);
  CHECK(daemon.log().find("answers unread at the end of the drain: closed") != std::string::npos);
  fs::remove_all(dir);
}
