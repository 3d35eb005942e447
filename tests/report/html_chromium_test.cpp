// The HTML report in a real browser: headless Chromium (Debian package `chromium`, installed by
// .ci/setup) loads the page, dumps the DOM it built and takes a screenshot; it prints the page to
// PDF (A4 landscape) and, at the printable width of that page, nothing is wider than the page.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

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

// Runs chromium with the flags that work in a container without a display or network, off
// libfaketime when the date checks run the suite under it: Chromium hung there (its timers, as
// engine/daemon/timerfd_settime.cpp explains for Asio's), and a page from a file has no date.
int chromium(const test::TempDir& dir, const std::string& action, const std::string& page,
             const std::string& stdout_file) {
  const std::string cmd =
      "env -u LD_PRELOAD timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic "
      "--no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--hide-scrollbars --user-data-dir=" +
      dir.file("profile") + " " + action + " file://" + page + " >" + stdout_file + " 2>" +
      dir.file("stderr.txt");
  return std::system(cmd.c_str());
}

// The fixture's report, with options that make every section appear.
WeeklyReport full_fixture_report() {
  ReportOptions options;
  options.district = "海珠区";
  options.issuer = "海珠区司法局";
  options.overdue_min_open = 1;
  return test::fixture_report(options);
}

// The page's width in points from the first /MediaBox of a PDF ([0 0 width height]).
std::pair<double, double> media_box(const std::string& pdf) {
  const auto at = pdf.find("/MediaBox");
  if (at == std::string::npos) return {0, 0};
  const auto open = pdf.find('[', at);
  std::istringstream in(pdf.substr(open + 1, 80));
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  in >> x0 >> y0 >> x1 >> y1;
  return {x1 - x0, y1 - y0};
}

// A4 landscape less the page's 10 mm margins: 277 mm at 96 CSS px per inch.
constexpr int k_printable_px = 1047;

}  // namespace

TEST_CASE("the HTML report prints on A4 landscape and no table is wider than the page") {
  REQUIRE_MESSAGE(std::system("command -v chromium >/dev/null 2>&1") == 0,
                  "chromium is not installed: run .ci/setup");
  const auto html = render_html(full_fixture_report(), Lang::zh);
  CHECK(html.find("@page{size:A4 landscape;margin:10mm}") != std::string::npos);
  test::TempDir dir;
  const auto page = dir.file("report.html");
  std::ofstream(page, std::ios::binary) << html;

  const auto pdf_file = dir.file("report.pdf");
  REQUIRE(chromium(dir, "--no-pdf-header-footer --print-to-pdf=" + pdf_file, page,
                   dir.file("pdf.out")) == 0);
  INFO("chromium stderr: " << slurp(dir.file("stderr.txt")));
  const auto pdf = slurp(pdf_file);
  REQUIRE(pdf.rfind("%PDF-", 0) == 0);
  // A4 is 210 × 297 mm = 595.3 × 841.9 pt; landscape puts the long side across.
  const auto [width, height] = media_box(pdf);
  CHECK(width == doctest::Approx(841.9).epsilon(0.005));
  CHECK(height == doctest::Approx(595.3).epsilon(0.005));

  // The same page with a probe appended: at the printable width (plus the screen margins of
  // 24 px a side, which print drops), every element's right edge and every table's content must
  // stay inside the page. The probe writes what sticks out into the DOM that --dump-dom prints.
  const auto probe = dir.file("probe.html");
  std::string probed = html;
  probed.insert(probed.rfind("</body>"), R"(<script>
(function(){const W=document.body.getBoundingClientRect().right;const bad=[];
document.querySelectorAll('table,svg,figure,section,header,h2,p,ul').forEach(function(e){
const r=e.getBoundingClientRect();if(r.right>W+0.5)bad.push(e.tagName+':'+Math.round(r.right)+'>'+Math.round(W));});
document.querySelectorAll('table').forEach(function(t){if(t.scrollWidth>t.clientWidth+1)bad.push('scroll:'+t.scrollWidth+'>'+t.clientWidth);});
if(document.documentElement.scrollWidth>document.documentElement.clientWidth)bad.push('page:'+document.documentElement.scrollWidth);
const p=document.createElement('pre');p.id='probe';p.textContent='BODY['+Math.round(document.body.clientWidth)+'] OVERFLOW['+bad.join(' ')+']';document.body.appendChild(p);})();
</script>)");
  std::ofstream(probe, std::ios::binary) << probed;
  REQUIRE(chromium(dir, "--dump-dom --window-size=" + std::to_string(k_printable_px + 48) + ",1200",
                   probe, dir.file("probe.out")) == 0);
  const auto dom = slurp(dir.file("probe.out"));
  CHECK(dom.find("BODY[" + std::to_string(k_printable_px) + "]") != std::string::npos);
  CHECK(dom.find("OVERFLOW[]") != std::string::npos);
  const auto at = dom.find("<pre id=\"probe\">");
  REQUIRE(at != std::string::npos);
  MESSAGE(dom.substr(at, dom.find("</pre>", at) - at));

  const auto png = dir.file("a4.png");
  REQUIRE(chromium(dir,
                   "--screenshot=" + png + " --window-size=" + std::to_string(k_printable_px + 48) +
                       ",1200",
                   page, dir.file("a4.out")) == 0);
  CHECK(slurp(png).substr(0, 8) == "\x89PNG\r\n\x1a\n");
}

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
  CHECK(dom.find("<h1>矛盾纠纷调解周报</h1>") != std::string::npos);
  for (const char* h2 : {"<h2>落后街道</h2>", "<h2>超期率最高的单位</h2>", "<h2>分街道</h2>",
                         "<h2>分单位</h2>", "<h2>在办时间最长的案件</h2>"}) {
    CAPTURE(h2);
    CHECK(dom.find(h2) != std::string::npos);
  }
  for (const char* chart : {"id=\"chart-streets\"", "id=\"chart-trend\"", "id=\"chart-ageing\"",
                            "id=\"chart-categories\""}) {
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
