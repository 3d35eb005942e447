// Who may do what (issue 18): the role table, a channel's formats and disputes, and the cases it
// may read, as pure functions of a scope and a command.
#include "daemon/authorise.hpp"

#include <doctest/doctest.h>

using namespace tiaojie;
using namespace tiaojie::daemon;

namespace {

const Scope k_none{};
const Scope k_hotline{Role::channel, "hotline_12345", {"hotline_12345"}, {}, {}};
const Scope k_walk_in{Role::channel, "walk_in", {}, {}, {}};
const Scope k_operator{Role::operator_, "li", {}, {}, {}};
// Workbench accounts: a community committee's mediator, a street's officer, a district manager.
const Scope k_mediator{Role::staff, "zhang", {}, "hz.fengyang.c1.committee", {}};
const Scope k_street{Role::staff, "wang", {}, {}, "凤阳街道"};
const Scope k_manager{Role::manager, "chen", {}, {}, {}};

command::Submit submit_of(const std::string& channel, const std::string& format = {}) {
  command::Submit s;
  s.dispute.channel = channel;
  s.format = format;
  return s;
}

std::string denied(const Result<void>& r) {
  if (r) return "allowed";
  CHECK(r.error().code == ErrorCode::permission_denied);
  return r.error().message + (r.error().where.empty() ? "" : " @" + r.error().where);
}

}  // namespace

TEST_CASE("the role table: hello for all, submit get stats for channels, all for operators") {
  // Every operation against every role, as docs/protocol.md's table says.
  for (auto name : op_names()) {
    const Op op = *parse_op(name);
    CAPTURE(name);
    const bool channel_may =
        op == Op::hello || op == Op::submit || op == Op::get || op == Op::stats;
    CHECK(authorise_op(Role::none, op).has_value() == (op == Op::hello));
    CHECK(authorise_op(Role::channel, op).has_value() == channel_may);
    CHECK(authorise_op(Role::operator_, op).has_value());
    CHECK(role_allows(Role::channel, op) == channel_may);
  }
  CHECK(denied(authorise_op(Role::none, Op::stats)) == "say hello with a token before 'stats'");
  CHECK(denied(authorise_op(Role::channel, Op::accept)) == "a channel token may not use 'accept'");
}

TEST_CASE("a command is checked against its operation's role first") {
  CHECK(denied(authorise(k_none, command::Stats{})) == "say hello with a token before 'stats'");
  CHECK(denied(authorise(k_hotline, CaseChange{command::Close{1, ""}})) ==
        "a channel token may not use 'close'");
  CHECK(denied(authorise(k_hotline, command::Reload{})) == "a channel token may not use 'reload'");
  CHECK(authorise(k_hotline, command::Get{1, {}, {}}).has_value());
  CHECK(authorise(k_operator, CaseChange{command::Close{1, ""}}).has_value());
  CHECK(authorise(k_none, command::Hello{"t"}).has_value());
}

TEST_CASE("a channel submits only disputes of its own channel, in the formats it was given") {
  CHECK(authorise(k_hotline, submit_of("hotline_12345")).has_value());
  CHECK(denied(authorise(k_hotline, submit_of("walk_in"))) ==
        "this connection may submit only disputes of channel 'hotline_12345' @dispute.channel");
  CHECK(denied(authorise(k_hotline, submit_of("walk_in", "hotline_12345"))) ==
        "this connection may submit only disputes of channel 'hotline_12345' @format");
  CHECK(authorise(k_hotline, command::SubmitRecord{"hotline_12345", {}}).has_value());
  CHECK(denied(authorise(k_walk_in, command::SubmitRecord{"hotline_12345", {}})) ==
        "channel 'walk_in' may not submit format 'hotline_12345' @format");
  CHECK(denied(authorise(k_walk_in, submit_of("walk_in", "hotline_12345"))) ==
        "channel 'walk_in' may not submit format 'hotline_12345' @format");
  // Operators submit for any channel, in any format.
  CHECK(authorise(k_operator, submit_of("walk_in", "hotline_12345")).has_value());
  CHECK(authorise(k_operator, command::SubmitRecord{"walk_in", {}}).has_value());
}

TEST_CASE("a channel reads only its own channel's cases, an operator every case") {
  CHECK(authorise_case(k_hotline, {"hotline_12345", "b", "s"}).has_value());
  CHECK(denied(authorise_case(k_hotline, {"walk_in", "b", "s"})) ==
        "this case belongs to another channel");
  CHECK(authorise_case(k_operator, {"walk_in", "b", "s"}).has_value());
}

TEST_CASE(
    "a body's staff reach its own body's cases, a street's staff its street's, managers all") {
  const CaseWhere own{"walk_in", "hz.fengyang.c1.committee", "凤阳街道"};
  const CaseWhere neighbour{"walk_in", "hz.fengyang.c2.committee", "凤阳街道"};
  const CaseWhere elsewhere{"hotline_12345", "hz.nanzhou.c1.committee", "南洲街道"};
  const CaseWhere district{"walk_in", "hz.district.centre", ""};
  CHECK(authorise_case(k_mediator, own).has_value());
  CHECK(denied(authorise_case(k_mediator, neighbour)) ==
        "this case is not assigned to hz.fengyang.c1.committee");
  CHECK(authorise_case(k_street, own).has_value());
  CHECK(authorise_case(k_street, neighbour).has_value());
  CHECK(denied(authorise_case(k_street, elsewhere)) == "this case is not in 凤阳街道");
  CHECK(denied(authorise_case(k_street, district)) == "this case is not in 凤阳街道");
  for (const auto& where : {own, neighbour, elsewhere, district})
    CHECK(authorise_case(k_manager, where).has_value());
}

TEST_CASE("staff may act on cases but not submit or reload, and managers only read") {
  CHECK(authorise(k_mediator, CaseChange{command::Accept{1}}).has_value());
  CHECK(authorise(k_mediator, CaseChange{command::Close{1, ""}}).has_value());
  CHECK(authorise(k_mediator, command::Get{1, {}, {}}).has_value());
  CHECK(authorise(k_mediator, command::Backlog{}).has_value());
  CHECK(denied(authorise(k_mediator, submit_of("walk_in"))) ==
        "a staff account may not use 'submit'");
  CHECK(denied(authorise(k_mediator, command::Reload{})) == "a staff account may not use 'reload'");
  CHECK(authorise(k_manager, command::Get{1, {}, {}}).has_value());
  CHECK(authorise(k_manager, command::Backlog{}).has_value());
  CHECK(denied(authorise(k_manager, CaseChange{command::Accept{1}})) ==
        "a manager account may not use 'accept'");
}

TEST_CASE("a channel's scope holds the formats of its last configuration entry") {
  DaemonConfig config;
  config.channels = {
      {"hotline_12345", "t1", {"a"}}, {"walk_in", "t2", {"b"}}, {"hotline_12345", "", {"c", "d"}}};
  CHECK(scope_of({Role::channel, "hotline_12345"}, config).formats ==
        std::vector<std::string>{"c", "d"});
  CHECK(scope_of({Role::channel, "walk_in"}, config).formats == std::vector<std::string>{"b"});
  CHECK(scope_of({Role::operator_, "li"}, config).formats.empty());
  CHECK(scope_of({Role::operator_, "li"}, config).name == "li");
}
