// The NDJSON rendering of typed results (issue 18) where the golden transcript cannot reach: a
// reload refused because another is running, and the shapes every answer shares.
#include "daemon/replies.hpp"

#include <doctest/doctest.h>

using namespace tiaojie;
using namespace tiaojie::daemon;

TEST_CASE("a refused reload lists the files' errors, and a reload already running lists none") {
  const std::optional<RequestId> id = RequestId(9);
  std::expected<Reloaded, ReloadRefused> busy = std::unexpected(
      ReloadRefused{resource_exhausted("a reload is already running; try again"), {}});
  CHECK(
      reply_line(id, busy) ==
      R"({"id":9,"ok":false,"error":{"code":"resource_exhausted","message":"a reload is already running; try again"}})"
      "\n");
  std::expected<Reloaded, ReloadRefused> bad = std::unexpected(
      ReloadRefused{invalid_input("reload refused (1 errors)", "rules/a.toml:1:2"),
                    std::vector<Error>{invalid_input("expected a value", "rules/a.toml:1:2")}});
  CHECK(
      reply_line(std::nullopt, bad) ==
      R"j({"ok":false,"error":{"code":"invalid_input","message":"reload refused (1 errors)","where":"rules/a.toml:1:2"},)j"
      R"("errors":[{"code":"invalid_input","message":"expected a value","where":"rules/a.toml:1:2"}]})"
      "\n");
  std::expected<Reloaded, ReloadRefused> done = Reloaded{"r1", "g1", true, 2};
  CHECK(
      reply_line(id, done) ==
      R"({"id":9,"ok":true,"rules_version":"r1","graph_version":"g1","changed":true,"warnings":2})"
      "\n");
}

TEST_CASE("an answer's error is rendered as the protocol's error, with its id") {
  Result<Subscribed> refused = std::unexpected(not_found("no case 3"));
  CHECK(reply_line(RequestId::from_json_text(R"("a")"), refused) ==
        R"({"id":"a","ok":false,"error":{"code":"not_found","message":"no case 3"}})"
        "\n");
  CHECK(reply_line(std::nullopt, Result<Subscribed>(Subscribed{})) ==
        R"({"ok":true,"subscribed":true})"
        "\n");
}

TEST_CASE("a stats answer omits the calendar warning when there is none") {
  StatsView s;
  CHECK_FALSE(reply_fields(s).contains("calendar_warning"));
  s.calendar_warning = "no 2027 calendar";
  auto with = reply_fields(s);
  CHECK(with.at("calendar_warning") == "no 2027 calendar");
}
