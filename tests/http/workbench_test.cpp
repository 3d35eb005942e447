// The workbench's routes against a daemon in the test process, on its injected clock: sign-in and
// its limit, sessions that expire when idle (and whose cookie is renewed by use), CSRF on forms
// and on the API, an action through a form and through the API, and the reach of an account.
#include "daemon/http/workbench.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "daemon/daemon_fixture.hpp"
#include "daemon/http/accounts.hpp"
#include "daemon/log_capture.hpp"
#include "http/http_client.hpp"

namespace tiaojie::test {
namespace {

using beast_http::field;
using beast_http::verb;

// The daemon with three accounts: the mediator of the body that `hotline_dispute` goes to, a
// manager and an operator. The hashes use libsodium's minimum cost (tests only).
struct Workbench {
  std::string mediator_body;
  std::unique_ptr<TestDaemon> daemon;

  explicit Workbench(std::string body) : mediator_body(std::move(body)) {
    daemon = std::make_unique<TestDaemon>([this](daemon::DaemonConfig& c) {
      const auto file = c.data_dir.parent_path() / "accounts.toml";
      std::filesystem::create_directories(file.parent_path());
      auto hash = [](const char* password) {
        auto h = daemon::http::hash_password(password, daemon::http::HashCost::test_minimum);
        REQUIRE(h.has_value());
        return *h;
      };
      { std::ofstream(file) << ""; }
      std::filesystem::permissions(
          file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      std::ofstream(file) << "[[account]]\nname = \"zhang\"\nrole = \"body_staff\"\nbody = \""
                          << mediator_body << "\"\npassword_hash = \"" << hash("zhang-pass-1")
                          << "\"\n\n[[account]]\nname = \"chen\"\nrole = \"manager\"\n"
                          << "password_hash = \"" << hash("chen-pass-1") << "\"\n"
                          << "\n[[account]]\nname = \"li\"\nrole = \"operator\"\n"
                          << "password_hash = \"" << hash("li-pass-12") << "\"\n";
      c.http.accounts = file;
    });
  }
  unsigned short port() { return daemon->server().http_port(); }
  std::filesystem::path accounts_file() const { return daemon->config().http.accounts; }
};

std::optional<HttpResponse> post_form(unsigned short port, const std::string& target,
                                      const std::string& body, const std::string& cookie = {}) {
  HttpTestClient c;
  REQUIRE(c.connect(port));
  std::map<std::string, std::string> headers{{"Content-Type", "application/x-www-form-urlencoded"}};
  if (!cookie.empty()) headers["Cookie"] = cookie;
  return c.request(verb::post, target, headers, body);
}

std::optional<HttpResponse> get(unsigned short port, const std::string& target,
                                const std::string& cookie) {
  return http_call(port, target, verb::get, {{"Cookie", cookie}});
}

// "tj_session=…" from a response's Set-Cookie, or "".
std::string cookie_of(const HttpResponse& r) {
  const std::string set(r[field::set_cookie]);
  return set.substr(0, set.find(';'));
}

std::string sign_in(unsigned short port, const std::string& name, const std::string& password) {
  auto r = post_form(port, "/login", "name=" + name + "&password=" + password);
  REQUIRE(r.has_value());
  REQUIRE(r->result_int() == 303);
  CHECK((*r)[field::location] == "/queue");
  return cookie_of(*r);
}

std::string csrf_in(const std::string& page) {
  std::smatch m;
  REQUIRE(std::regex_search(page, m, std::regex(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re")));
  return m[1].str();
}

// The body a dispute goes to, learnt once from a daemon without accounts.
const std::string& hotline_body() {
  static const std::string body = [] {
    TestDaemon d;
    auto ack = d.connect(k_hotline_token)->call(submit_request(hotline_dispute("PROBE-1")));
    REQUIRE(ack.has_value());
    return std::string(ack->at("body").as_string());
  }();
  return body;
}

std::int64_t submit(TestDaemon& d, const std::string& external_id) {
  auto ack = d.connect(k_hotline_token)->call(submit_request(hotline_dispute(external_id)));
  REQUIRE(ack.has_value());
  return ack->at("case").as_int64();
}

}  // namespace

TEST_CASE("sign-in sets an HttpOnly SameSite=Strict cookie, and a wrong password is refused") {
  Workbench w(hotline_body());
  auto wrong = post_form(w.port(), "/login", "name=zhang&password=nope-nope");
  REQUIRE(wrong.has_value());
  CHECK(wrong->result_int() == 401);
  CHECK(wrong->body().find("账号或密码不正确") != std::string::npos);
  CHECK((*wrong)[field::set_cookie].empty());
  auto right = post_form(w.port(), "/login", "name=zhang&password=zhang-pass-1");
  REQUIRE(right.has_value());
  CHECK(right->result_int() == 303);
  const std::string set((*right)[field::set_cookie]);
  CHECK(set.starts_with("tj_session="));
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);  // plain HTTP, no trusted proxy saying https
  // Without a session, a page sends the browser to sign in.
  auto anonymous = http_call(w.port(), "/queue");
  REQUIRE(anonymous.has_value());
  CHECK(anonymous->result_int() == 303);
  CHECK((*anonymous)[field::location] == "/login");
}

TEST_CASE("a session ends after 30 idle minutes by the daemon's clock, and use renews its cookie") {
  Workbench w(hotline_body());
  const auto cookie = sign_in(w.port(), "zhang", "zhang-pass-1");
  auto& clock = w.daemon->clock();
  for (int i = 0; i < 3; ++i) {  // 75 minutes in all, never 30 idle
    clock.set(clock.now() + std::chrono::minutes(25));
    auto page = get(w.port(), "/queue", cookie);
    REQUIRE(page.has_value());
    CHECK(page->result_int() == 200);
    CHECK(cookie_of(*page) == cookie);  // the same session, its cookie set again
    CHECK(std::string((*page)[field::set_cookie]).find("Max-Age=1800") != std::string::npos);
  }
  clock.set(clock.now() + std::chrono::minutes(31));
  auto expired = get(w.port(), "/queue", cookie);
  REQUIRE(expired.has_value());
  CHECK(expired->result_int() == 303);
  CHECK((*expired)[field::location] == "/login");
}

TEST_CASE("a case action needs the session's CSRF token, and with it the case is accepted") {
  Workbench w(hotline_body());
  const auto id = submit(*w.daemon, "WB-CSRF-1");
  const auto cookie = sign_in(w.port(), "zhang", "zhang-pass-1");
  auto page = get(w.port(), "/case?id=" + std::to_string(id), cookie);
  REQUIRE(page.has_value());
  REQUIRE(page->result_int() == 200);
  const auto csrf = csrf_in(page->body());
  const auto form = "case=" + std::to_string(id) + "&op=accept";
  auto without = post_form(w.port(), "/case/action", form, cookie);
  REQUIRE(without.has_value());
  CHECK(without->result_int() == 403);
  auto forged = post_form(w.port(), "/case/action", form + "&csrf=" + csrf + "x", cookie);
  REQUIRE(forged.has_value());
  CHECK(forged->result_int() == 403);
  auto state = w.daemon->connect(k_operator_token)->call({{"op", "get"}, {"case", id}});
  REQUIRE(state.has_value());
  CHECK(state->at("status") == "assigned");

  auto with = post_form(w.port(), "/case/action", form + "&csrf=" + csrf, cookie);
  REQUIRE(with.has_value());
  CHECK(with->result_int() == 303);
  CHECK((*with)[field::location] == "/case?id=" + std::to_string(id) + "&done=accept");
  state = w.daemon->connect(k_operator_token)->call({{"op", "get"}, {"case", id}});
  REQUIRE(state.has_value());
  CHECK(state->at("status") == "accepted");
  // A step the case's state does not allow: the case page with the engine's refusal, 409.
  auto again = post_form(w.port(), "/case/action", form + "&csrf=" + csrf, cookie);
  REQUIRE(again.has_value());
  CHECK(again->result_int() == 409);
  CHECK(again->body().find("未能办理") != std::string::npos);
  // A resolve without its outcome: the parser's field error, 400.
  auto no_outcome =
      post_form(w.port(), "/case/action",
                "case=" + std::to_string(id) + "&op=resolve&outcome=&csrf=" + csrf, cookie);
  REQUIRE(no_outcome.has_value());
  CHECK(no_outcome->result_int() == 400);
  CHECK(no_outcome->body().find("outcome") != std::string::npos);
}

TEST_CASE("the JSON API signs in, lists the mediator's queue and acts with X-CSRF-Token") {
  Workbench w(hotline_body());
  const auto id = submit(*w.daemon, "WB-API-1");
  HttpTestClient c;
  REQUIRE(c.connect(w.port()));
  auto session = c.request(verb::post, "/api/v1/session", {{"Content-Type", "application/json"}},
                           R"({"name":"zhang","password":"zhang-pass-1"})");
  REQUIRE(session.has_value());
  REQUIRE(session->result_int() == 200);
  const auto body = boost::json::parse(session->body()).as_object();
  CHECK(body.at("role") == "body_staff");
  const std::string csrf(body.at("csrf_token").as_string());
  const auto cookie = cookie_of(*session);

  auto queue = c.request(verb::get, "/api/v1/queue", {{"Cookie", cookie}});
  REQUIRE(queue.has_value());
  REQUIRE(queue->result_int() == 200);
  const auto listed = boost::json::parse(queue->body()).as_object();
  CHECK(listed.at("total") == 1);
  CHECK(listed.at("cases").as_array().at(0).at("case") == id);

  const std::string accept = R"({"op":"accept","case":)" + std::to_string(id) + "}";
  auto refused = c.request(verb::post, "/api/v1/case/action",
                           {{"Cookie", cookie}, {"Content-Type", "application/json"}}, accept);
  REQUIRE(refused.has_value());
  CHECK(refused->result_int() == 403);
  CHECK(boost::json::parse(refused->body()).at("error").at("where") == "X-CSRF-Token");
  auto done = c.request(
      verb::post, "/api/v1/case/action",
      {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}}, accept);
  REQUIRE(done.has_value());
  CHECK(done->result_int() == 200);
  CHECK(boost::json::parse(done->body()).at("status") == "accepted");
}

TEST_CASE("a mediator sees only its body's cases, and a manager sees every case and may not act") {
  Workbench w("hz.district.centre");  // not where the hotline dispute goes
  const auto id = submit(*w.daemon, "WB-REACH-1");
  const auto mediator = sign_in(w.port(), "zhang", "zhang-pass-1");
  auto page = get(w.port(), "/case?id=" + std::to_string(id), mediator);
  REQUIRE(page.has_value());
  CHECK(page->result_int() == 403);
  CHECK(page->body().find("this case is not assigned to hz.district.centre") != std::string::npos);
  auto queue = get(w.port(), "/api/v1/queue", mediator);
  REQUIRE(queue.has_value());
  CHECK(boost::json::parse(queue->body()).at("total") == 0);

  const auto manager = sign_in(w.port(), "chen", "chen-pass-1");
  auto read = get(w.port(), "/case?id=" + std::to_string(id), manager);
  REQUIRE(read.has_value());
  CHECK(read->result_int() == 200);
  CHECK(read->body().find(R"(name="op")") == std::string::npos);
  const auto csrf = csrf_in(read->body());  // the sign-out form's
  auto act = post_form(w.port(), "/case/action",
                       "case=" + std::to_string(id) + "&op=accept&csrf=" + csrf, manager);
  REQUIRE(act.has_value());
  CHECK(act->result_int() == 403);
  CHECK(act->body().find("a manager account may not use &#39;accept&#39;") != std::string::npos);
}

TEST_CASE("five wrong passwords for one name close its sign-in, with Retry-After") {
  Workbench w(hotline_body());
  for (int i = 0; i < 5; ++i) {
    auto r = post_form(w.port(), "/login", "name=zhang&password=wrong-" + std::to_string(i));
    REQUIRE(r.has_value());
    CHECK(r->result_int() == 401);
  }
  auto blocked = post_form(w.port(), "/login", "name=zhang&password=zhang-pass-1");
  REQUIRE(blocked.has_value());
  CHECK(blocked->result_int() == 429);
  CHECK(!(*blocked)[field::retry_after].empty());
  CHECK((*blocked)[field::set_cookie].empty());
  // The window is the daemon's clock's: 15 minutes later the right password works.
  w.daemon->clock().set(w.daemon->clock().now() + std::chrono::minutes(16));
  CHECK(!sign_in(w.port(), "zhang", "zhang-pass-1").empty());
}

TEST_CASE("an operator reloads and dry-runs the rules from the versions page, a manager may not") {
  Workbench w(hotline_body());
  submit(*w.daemon, "WB-RELOAD-1");
  const auto manager = sign_in(w.port(), "chen", "chen-pass-1");
  auto page = get(w.port(), "/versions", manager);
  REQUIRE(page.has_value());
  CHECK(page->body().find("/versions/reload") == std::string::npos);  // no forms for a manager
  auto refused = post_form(w.port(), "/versions/reload", "csrf=" + csrf_in(page->body()), manager);
  REQUIRE(refused.has_value());
  CHECK(refused->result_int() == 403);
  CHECK(refused->body().find("a manager account may not use &#39;reload&#39;") !=
        std::string::npos);

  const auto op = sign_in(w.port(), "li", "li-pass-12");
  page = get(w.port(), "/versions", op);
  REQUIRE(page.has_value());
  CHECK(page->body().find("自启动以来没有试运行") != std::string::npos);
  const auto csrf = csrf_in(page->body());
  auto reloaded = post_form(w.port(), "/versions/reload", "csrf=" + csrf, op);
  REQUIRE(reloaded.has_value());
  CHECK(reloaded->result_int() == 200);
  CHECK(reloaded->body().find("已重新载入：规则 " + w.daemon->server().rules_version()) !=
        std::string::npos);
  auto tried = post_form(w.port(), "/versions/dry-run", "window_days=30&csrf=" + csrf, op);
  REQUIRE(tried.has_value());
  CHECK(tried->result_int() == 200);
  CHECK(tried->body().find("试运行完成") != std::string::npos);
  CHECK(tried->body().find("回放近 30 天登记的 1 件") != std::string::npos);
  auto bad = post_form(w.port(), "/versions/dry-run", "window_days=0&csrf=" + csrf, op);
  REQUIRE(bad.has_value());
  CHECK(bad->result_int() == 400);
}

TEST_CASE(
    "a reload reads the accounts again: a removed account is signed out, a new one signs in, a "
    "broken file keeps the accounts in use") {
  LogCapture log;
  Workbench w(hotline_body());
  const auto zhang = sign_in(w.port(), "zhang", "zhang-pass-1");
  const auto chen = sign_in(w.port(), "chen", "chen-pass-1");
  auto page = [&](const std::string& cookie) { return get(w.port(), "/queue", cookie); };
  REQUIRE(page(zhang)->result_int() == 200);

  // zhang and li leave, chen stays as he was, wang joins (the file keeps its mode 0600: it is
  // rewritten in place).
  std::string text;
  {
    std::ifstream in(w.accounts_file());
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto chen_at = text.find("[[account]]\nname = \"chen\"");
  REQUIRE(chen_at != std::string::npos);
  const auto chen_entry = text.substr(chen_at, text.find("\n[[account]]", chen_at) - chen_at);
  auto h = daemon::http::hash_password("wang-pass-1", daemon::http::HashCost::test_minimum);
  REQUIRE(h.has_value());
  std::ofstream(w.accounts_file())
      << chen_entry << "\n[[account]]\nname = \"wang\"\nrole = \"operator\"\n"
      << "password_hash = \"" << *h << "\"\n";
  w.daemon->server().reload();
  REQUIRE(
      eventually([&] { return log.text().find("accounts read again: 2") != std::string::npos; }));
  CHECK(log.text().find("(2 removed or changed, their sessions ended)") != std::string::npos);
  CHECK(page(zhang)->result_int() == 303);  // to /login: the account is gone
  CHECK(page(chen)->result_int() == 200);   // unchanged: still signed in
  auto gone = post_form(w.port(), "/login", "name=zhang&password=zhang-pass-1");
  REQUIRE(gone.has_value());
  CHECK(gone->result_int() == 401);
  const auto wang = sign_in(w.port(), "wang", "wang-pass-1");
  CHECK(page(wang)->result_int() == 200);

  // A file that does not load is refused, saying where; wang's account and session stay.
  std::ofstream(w.accounts_file()) << "[[account]]\nname = \"wang\nrole = 1\n";
  w.daemon->server().reload();
  REQUIRE(eventually(
      [&] { return log.text().find("accounts file was not taken") != std::string::npos; }));
  CHECK(log.text().find("accounts.toml:") != std::string::npos);
  CHECK(page(wang)->result_int() == 200);
  CHECK(post_form(w.port(), "/login", "name=wang&password=wang-pass-1")->result_int() == 303);
}

}  // namespace tiaojie::test
