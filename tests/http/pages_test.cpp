// The workbench's pages as pure functions (pages.hpp): escaping of what the public wrote, masking
// of personal numbers, a CSRF token in every form, the actions a case's state allows, the queue's
// marks and paging; and the form parser the routes read requests with.
#include "daemon/http/pages.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "daemon/http/form.hpp"
#include "daemon/http/html.hpp"
#include "graph/load.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {
namespace {

using namespace tiaojie::daemon;
using namespace tiaojie::daemon::http;
using lifecycle::Status;

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool has(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

Viewer mediator() { return Viewer{"张敏", "调解员", "青凤社区人民调解委员会", "tok-123", true}; }

CaseView case_view(Status status) {
  CaseView v;
  auto& s = v.record.state;
  s.id = lifecycle::CaseId{42};
  s.channel = "walk_in";
  s.external_id = "W-1";
  s.received_at = *parse_timestamp("2026-11-24T10:00:00+08:00");
  s.status = status;
  s.body = BodyId{"hz.fengyang.c1.committee"};
  v.dispute = store::StoredDispute{
      s.id, "walk_in", "W-1", s.received_at,
      R"({"external_id":"W-1","channel":"walk_in","received_at":"2026-11-24T10:00:00+08:00",)"
      R"("description":"<script>alert(1)</script> 邻居噪音，电话13800001234",)"
      R"("claimant":{"name":"李四","phone":"13912345678","id_number":"11010519491231002X"}})"};
  return v;
}

}  // namespace

TEST_CASE("escape_html turns the five special characters into references") {
  CHECK(escape_html(R"(<a href="x">'&'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape_html("调解 ok") == "调解 ok");
}

TEST_CASE("a description holding a script renders as text on the case page") {
  const auto page = case_page(mediator(), case_view(Status::assigned), {}, true, "");
  CHECK_FALSE(has(page, "<script"));
  CHECK(has(page, "&lt;script&gt;alert(1)&lt;/script&gt; 邻居噪音"));
}

TEST_CASE("phone and ID numbers are masked unless the viewer may see personal data") {
  const auto masked = case_page(mediator(), case_view(Status::assigned), {}, false, "");
  for (const char* number : {"13800001234", "13912345678", "11010519491231002X"})
    CHECK_FALSE(has(masked, number));
  CHECK(has(masked, "139******78"));
  CHECK(has(masked, "李四"));
  const auto full = case_page(mediator(), case_view(Status::assigned), {}, true, "");
  for (const char* number : {"13800001234", "13912345678", "11010519491231002X"})
    CHECK(has(full, number));
}

TEST_CASE("every form on the case page carries the session's CSRF token") {
  const auto page = case_page(mediator(), case_view(Status::accepted), {}, true, "");
  const auto forms = count(page, "<form method=\"post\"");
  CHECK(forms >= 4);  // sign-out, and the steps an accepted case allows
  CHECK(count(page, R"(<input type="hidden" name="csrf" value="tok-123">)") == forms);
}

TEST_CASE("the case page offers the steps the case's state allows, and none to a reader") {
  const auto assigned = case_page(mediator(), case_view(Status::assigned), {}, true, "");
  CHECK(has(assigned, R"(name="op" value="accept")"));
  CHECK_FALSE(has(assigned, R"(name="op" value="close")"));
  const auto resolved = case_page(mediator(), case_view(Status::resolved), {}, true, "");
  CHECK(has(resolved, R"(name="op" value="close")"));
  CHECK_FALSE(has(resolved, R"(name="op" value="accept")"));
  CHECK_FALSE(has(resolved, R"(name="op" value="resolve")"));
  auto reader = mediator();
  reader.may_act = false;
  const auto read_only = case_page(reader, case_view(Status::assigned), {}, false, "");
  CHECK_FALSE(has(read_only, R"(name="op")"));
}

TEST_CASE("the queue marks overdue and provisional due dates and links the next page") {
  command::Queue query;
  query.category = "邻里 纠纷";
  query.limit = 2;
  QueueView view;
  view.as_of = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{24}};
  view.total = 3;
  QueueItem late;
  late.case_id = 7;
  late.body = "b1";
  late.category = "neighbour";
  late.status = Status::accepted;
  late.due = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{20}};
  late.overdue = true;
  QueueItem provisional = late;
  provisional.case_id = 9;
  provisional.overdue = false;
  provisional.due = CivilDate{std::chrono::year{2027}, std::chrono::month{1}, std::chrono::day{8}};
  provisional.due_provisional_year = 2027;
  view.items = {late, provisional};
  const auto page = queue_page(mediator(), query, view, {});
  CHECK(has(page, R"(<a href="/case?id=7">7</a>)"));
  CHECK(has(page, "2026-11-20 <span class=\"overdue\">逾期</span>"));
  CHECK(has(page, "2027-01-08 <span class=\"provisional\""));
  CHECK(count(page, "class=\"overdue\"") == 1);
  CHECK(has(page, "共 3 件"));
  // Values in a link are percent-encoded, then escaped for the attribute.
  CHECK(has(page,
            "/queue?show=all&amp;category=%E9%82%BB%E9%87%8C%20%E7%BA%A0%E7%BA%B7&amp;offset=2"));
  CHECK(count(page, R"(<input type="hidden" name="csrf" value="tok-123">)") == 1);  // sign-out
}

TEST_CASE("form fields are decoded as browsers encode them, and bad encodings are refused") {
  auto f = parse_form("name=%E5%BC%A0+%E6%95%8F&op=accept&op=close&empty=&flag");
  REQUIRE(f.has_value());
  CHECK(field(*f, "name") == "张 敏");
  CHECK(field(*f, "op") == "accept");  // the first of a repeated name
  CHECK(field(*f, "empty").empty());
  CHECK(f->contains("flag"));
  CHECK(field(*f, "missing").empty());
  auto bad = parse_form("a=1&reason=%E5%Z");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().where == "reason");
  auto cut = parse_form("reason=%E");
  REQUIRE_FALSE(cut.has_value());
  auto not_utf8 = parse_form("reason=%FF%FE");
  REQUIRE_FALSE(not_utf8.has_value());
  CHECK(not_utf8.error().message == "not UTF-8 text");
  CHECK(query_of("/queue?show=overdue") == "show=overdue");
  CHECK(query_of("/queue").empty());
  CHECK(url_encode("a b/调") == "a%20b%2F%E8%B0%83");
}

}  // namespace tiaojie::test

namespace tiaojie::test {

TEST_CASE("the dashboard totals the bodies it is given and lists the most overdue first") {
  using namespace tiaojie::daemon;
  using namespace tiaojie::daemon::http;
  BacklogView backlog;
  backlog.as_of = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{24}};
  BacklogBody a{"hz.a", 10, 4, 6, 1, Level::community, 40};
  BacklogBody b{"hz.b<i>", 5, 1, 4, 3, Level::street, 60};
  BacklogBody c{"hz.c", 2, 2, 0, 0, Level::community, 40};
  backlog.bodies = {a, b, c};
  const auto page = dashboard_page(Viewer{"陈杰", "区管理人员", "", "t", false}, backlog, {});
  CHECK(page.find("在办 17 件，逾期 4 件") != std::string::npos);
  // Most overdue first; a body with none is not listed there; ids are escaped in text and links.
  const auto first = page.find("hz.b&lt;i&gt;</a>");
  const auto second = page.find("hz.a</a>");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  CHECK(page.find("hz.c</a>") == std::string::npos);
  CHECK(page.find("/queue?body=hz.b%3Ci%3E") != std::string::npos);
  CHECK(page.find("<i>") == std::string::npos);
  CHECK(page.find("60.0%") != std::string::npos);  // 3 of 5 overdue
}

TEST_CASE("the dashboard lists the district first, then every street in the graph's order") {
  using namespace tiaojie::daemon;
  using namespace tiaojie::daemon::http;
  auto graph = graph::load_graph(source_dir() / "config" / "bodies");
  REQUIRE(graph.has_value());
  BacklogView backlog;
  backlog.as_of = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{24}};
  backlog.bodies = {
      BacklogBody{"hz.street.guanzhou.committee", 4, 1, 3, 2, Level::street, 60},
      BacklogBody{"hz.community.jiangnanzhong.qingfeng", 3, 3, 0, 0, Level::community, 40},
      BacklogBody{"hz.street.jiangnanzhong.judicial", 2, 0, 2, 1, Level::street, 60},
      BacklogBody{"hz.district.centre", 7, 2, 5, 0, Level::district, 200},
      BacklogBody{"hz.street.gone", 1, 1, 0, 1, std::nullopt, std::nullopt},
  };
  const auto page =
      dashboard_page(Viewer{"陈杰", "区管理人员", "", "t", false}, backlog, Names{&**graph});
  const auto table = page.substr(page.find("<h2>按街道</h2>"));
  auto row = [&](std::string_view first_cell) { return table.find(first_cell); };
  // The official order (440105001 赤岗 … 004 江南中 … 017 华洲, 018 官洲), not the bytes' order.
  const auto district = row("<td>区级</td><td>7</td>");
  const auto chigang = row(">赤岗街道</a></td><td>0</td>");
  const auto jiangnanzhong = row(">江南中街道</a></td><td>5</td>");  // a street body + 青凤社区
  const auto huazhou = row(">华洲街道</a></td><td>0</td>");
  const auto guanzhou = row(">官洲街道</a></td><td>4</td>");
  const auto gone = row("<td>图中已无的机构</td><td>1</td>");
  for (auto at : {district, chigang, jiangnanzhong, huazhou, guanzhou, gone})
    REQUIRE(at != std::string::npos);
  CHECK(district < chigang);
  CHECK(chigang < jiangnanzhong);
  CHECK(jiangnanzhong < huazhou);
  CHECK(huazhou < guanzhou);
  CHECK(guanzhou < gone);
  // Every street has its row, cases or not.
  std::size_t street_rows = 0;
  for (auto at = table.find("/queue?street="); at != std::string::npos;
       at = table.find("/queue?street=", at + 1))
    ++street_rows;
  CHECK(street_rows == 18);

  // A street's staff see the streets their cases are in, not the seventeen others at zero.
  BacklogView own;
  own.as_of = backlog.as_of;
  own.bodies = {backlog.bodies[1], backlog.bodies[2]};
  const auto street_page = dashboard_page(Viewer{"王芳", "街道工作人员", "江南中街道", "t", false},
                                          own, Names{&**graph});
  const auto street_table = street_page.substr(street_page.find("<h2>按街道</h2>"));
  CHECK(street_table.find(">江南中街道</a></td><td>5</td>") != std::string::npos);
  CHECK(street_table.find("赤岗街道") == std::string::npos);
  CHECK(street_table.find("<td>区级</td>") == std::string::npos);
}

}  // namespace tiaojie::test

namespace tiaojie::test {

TEST_CASE("search hits show a masked, escaped first line of the description") {
  using namespace tiaojie::daemon;
  using namespace tiaojie::daemon::http;
  command::Search query;
  query.from = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{1}};
  query.to = CivilDate{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{30}};
  query.text = "噪音\"<";
  SearchView view;
  view.total = 250;
  view.hits.push_back(SearchHit{5, *parse_timestamp("2026-11-24T10:00:00+08:00"), "walk_in",
                                "neighbour", lifecycle::Status::closed, "hz.a",
                                "<b>噪音</b>，电话13800001234，" + std::string(60, 'x')});
  const auto page = search_page(Viewer{"陈杰", "区管理人员", "", "t", false}, query, &view, {});
  CHECK(page.find("&lt;b&gt;噪音&lt;/b&gt;，电话138******34，") != std::string::npos);
  CHECK(page.find("13800001234") == std::string::npos);
  // Cut at 40 characters: 24 before the x's.
  CHECK(page.find("34，" + std::string(16, 'x') + "…</td>") != std::string::npos);
  CHECK(page.find(std::string(17, 'x')) == std::string::npos);
  CHECK(page.find("共 250 件，列出前 1 件") != std::string::npos);
  CHECK(page.find(R"(name="text" value="噪音&quot;&lt;")") != std::string::npos);
  CHECK(page.find(R"(name="from" required value="2026-11-01")") != std::string::npos);
  CHECK(page.find("已结案") != std::string::npos);
  // Without a view: the form alone.
  const auto form = search_page(Viewer{"陈杰", "区管理人员", "", "t", false}, query, nullptr, {});
  CHECK(form.find("<table class=\"search\"") == std::string::npos);
}

}  // namespace tiaojie::test

namespace tiaojie::test {

TEST_CASE("the versions page names the rule set, graph and calendar years now serving") {
  using namespace tiaojie::daemon::http;
  auto rules = rules::load_rule_set(source_dir() / "rules");
  REQUIRE(rules.has_value());
  auto graph = graph::load_graph(source_dir() / "config" / "bodies");
  REQUIRE(graph.has_value());
  lifecycle::WorkingCalendar none;
  const auto page = versions_page(Viewer{"陈杰", "区管理人员", "", "t", false}, *rules->rules,
                                  **graph, none, nullptr, {});
  CHECK(page.find("版本 " + rules->rules->version()) != std::string::npos);
  CHECK(page.find("版本 " + (*graph)->version()) != std::string::npos);
  CHECK(page.find(fmt::format("{} 个调解机构", (*graph)->body_count())) != std::string::npos);
  CHECK(page.find("<td>category.toml</td>") != std::string::npos);  // a file's name, not its path
  CHECK(page.find(source_dir().string()) == std::string::npos);
  CHECK(page.find("未载入任何年份") != std::string::npos);
  auto shipped = lifecycle::load_calendar_dir(source_dir() / "config" / "calendar");
  REQUIRE(shipped.has_value());
  CHECK(page.find("自启动以来没有试运行") != std::string::npos);
  daemon::DryRun run;
  run.serving_rules_version = "aaaa";
  run.window_days = 30;
  run.at = *parse_timestamp("2026-11-24T10:00:00+08:00");
  run.report.rules_version = "bbbb";
  run.report.cases = 120;
  run.report.compared = 118;
  run.report.changed = 7;
  run.report.category_matrix[{"neighbour", "property_mgmt"}] = 5;
  run.report.category_matrix[{"neighbour", "neighbour"}] = 90;
  const auto with_years =
      versions_page(Viewer{"陈杰", "区管理人员", "", "t", false}, *rules->rules, **graph, *shipped,
                    &run, Names{nullptr, rules->rules.get()});
  CHECK(with_years.find("2026") != std::string::npos);
  CHECK(with_years.find("候选规则 bbbb（现行 aaaa），回放近 30 天登记的 120 件") !=
        std::string::npos);
  CHECK(with_years.find("7 件决定有变化") != std::string::npos);
  // A shift between two categories is listed by their labels; unchanged cases are not shifts.
  CHECK(with_years.find("<td>邻里纠纷</td><td>物业纠纷</td><td>5</td>") != std::string::npos);
  CHECK(with_years.find("<td>90</td>") == std::string::npos);
}

}  // namespace tiaojie::test
