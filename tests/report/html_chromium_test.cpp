// The HTML report in a real browser: headless Chromium (Debian package `chromium`, installed by
// .ci/setup) loads the page, dumps the DOM it built and takes a screenshot.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/render.hpp"
#include "report/report_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs chromium with the flags that work in a container without a display or network.
int chromium(const test::TempDir& dir, const std::string& action, const std::string& page,
             const std::string& stdout_file) {
  const std::string cmd =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--hide-scrollbars --user-data-dir=" +
      dir.file("profile") + " " + action + " file://" + page + " >" + stdout_file + " 2>" +
      dir.file("stderr.txt");
  return std::system(cmd.c_str());
}

}  // namespace

TEST_CASE("the HTML report renders in headless Chromium with its headings and three charts") {
  REQUIRE_MESSAGE(std::system("command -v chromium >/dev/null 2>&1") == 0,
                  "chromium is not installed: run .ci/setup");
  store::MemoryStore s;
  test::write_fixture(s);
  auto input = load_input(s);
  REQUIRE(input.has_value());
  const auto graph = test::mini_graph();
  const auto rep = compute_weekly(
      *input, graph.get(), ReportQuery{{2026, 47}, {}, test::at("2026-11-23T08:00:00+08:00")});
  test::TempDir dir;
  const auto page = dir.file("report.html");
  std::ofstream(page, std::ios::binary) << render_html(rep, Lang::zh);

  REQUIRE(chromium(dir, "--dump-dom", page, dir.file("dom.html")) == 0);
  const auto dom = slurp(dir.file("dom.html"));
  INFO("chromium stderr: " << slurp(dir.file("stderr.txt")));
  CHECK(dom.find("<h1>矛盾纠纷调解周报 2026-W47</h1>") != std::string::npos);
  for (const char* h2 : {"<h2>落后街道</h2>", "<h2>超期率最高的单位</h2>", "<h2>分街道</h2>",
                         "<h2>分单位</h2>", "<h2>在办时间最长的案件</h2>"}) {
    CAPTURE(h2);
    CHECK(dom.find(h2) != std::string::npos);
  }
  for (const char* chart : {"id=\"chart-streets\"", "id=\"chart-trend\"", "id=\"chart-ageing\""}) {
    CAPTURE(chart);
    CHECK(dom.find(chart) != std::string::npos);
  }
  // The street chart lists 甲 first: its overdue ratio (1/3) is the district's worst.
  const auto streets = dom.find("id=\"chart-streets\"");
  REQUIRE(streets != std::string::npos);
  CHECK(dom.find("甲街道", streets) < dom.find("区级", streets));
  CHECK(dom.find("<table class=\"units\" data-table=\"bodies\">") != std::string::npos);

  const auto png = dir.file("shot.png");
  REQUIRE(chromium(dir, "--screenshot=" + png + " --window-size=1280,1000", page,
                   dir.file("shot.out")) == 0);
  const auto bytes = slurp(png);
  REQUIRE(bytes.size() > 1000);
  CHECK(bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n");
}
