// bench/protocol — nanoseconds per request line through parse_request (Boost.JSON parse, the
// envelope's checks: id, op, duplicate keys) and per response through ok_response, for three
// typical lines: a bare `stats`, a submit with the dispute as an object, and a submit with the
// dispute as a string (what `tiaojie submit` sends). Each figure is the best of 5 runs of N calls.
#include <fmt/core.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdlib>
#include <string>

#include "daemon/protocol.hpp"

using namespace tiaojie;
using namespace tiaojie::daemon;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

const json::object& sample_dispute() {
  static const json::object d{
      {"external_id", "12345-20261124-000123"},
      {"channel", "hotline_12345"},
      {"received_at", "2026-11-24T09:30:00+08:00"},
      {"description", "凤阳街某工地拖欠三十多名工人工资约四十万元，工人多次讨要未果，情绪激动"},
      {"parties", 32},
      {"amount_claimed", 400000},
      {"injuries", false},
      {"street", "凤阳"},
      {"community", "凤阳街第3社区"},
      {"claimant",
       {{"name", "王某"}, {"phone", "13800001234"}, {"id_number", "440105199001011234"}}},
      {"respondent", {{"name", "某建筑劳务公司"}}},
      {"declared_category", nullptr}};
  return d;
}

template <class F>
double best_ns_per_call(int n, F&& f) {
  double best = 1e300;
  for (int run = 0; run < 5; ++run) {
    auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) f();
    auto ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / n;
    best = std::min(best, ns);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 200000;
  const std::string stats = R"({"id":1,"op":"stats"})";
  const std::string submit_object = json::serialize(
      json::object{{"id", "req-000123"}, {"op", "submit"}, {"dispute", sample_dispute()}});
  const std::string submit_string = json::serialize(
      json::object{{"id", 123}, {"op", "submit"}, {"dispute", json::serialize(sample_dispute())}});
  std::size_t sink = 0;
  fmt::print("{:<26} {:>6} {:>10}\n", "request line", "bytes", "ns/parse");
  for (auto [name, line] :
       {std::pair{"stats", &stats}, std::pair{"submit (object)", &submit_object},
        std::pair{"submit (string)", &submit_string}}) {
    double ns = best_ns_per_call(n, [&] {
      auto r = parse_request(*line);
      sink += r ? r->body.size() : 0;
    });
    fmt::print("{:<26} {:>6} {:>10.0f}\n", name, line->size(), ns);
  }
  auto request = parse_request(submit_object);
  if (!request) return 1;
  json::object ack{{"case", 1},
                   {"duplicate", false},
                   {"channel", "hotline_12345"},
                   {"external_id", "12345-20261124-000123"},
                   {"status", "assigned"},
                   {"category", "labour"},
                   {"priority", "high"},
                   {"mode", "joint_labour"},
                   {"level", "district"},
                   {"rule", "category.labour.wage_arrears"},
                   {"rules_version", "6019dbb1eac7b78c"},
                   {"body", "hz.district.labour"},
                   {"due", "2026-12-09"},
                   {"due_provisional", false}};
  double ns = best_ns_per_call(n, [&] { sink += ok_response(request->id, ack).size(); });
  fmt::print("{:<26} {:>6} {:>10.0f}\n", "ok_response (submit ack)",
             ok_response(request->id, ack).size() - 1, ns);
  return sink == 0 ? 1 : 0;
}
