// The exposition writer's escapes and number forms, against the format's own rules.
#include "daemon/http/prometheus.hpp"

#include <doctest/doctest.h>

#include "http/exposition_parser.hpp"

namespace tiaojie::test {
using daemon::http::escape_help;
using daemon::http::escape_label_value;
using daemon::http::format_value;
using daemon::http::PrometheusText;

TEST_CASE("HELP text and label values are escaped as the format says") {
  CHECK(escape_help("a\\b\nc\"d") == "a\\\\b\\nc\"d");  // quotes stay in HELP
  CHECK(escape_label_value("a\\b\nc\"d") == "a\\\\b\\nc\\\"d");
  CHECK(escape_label_value("凤阳") == "凤阳");
  PrometheusText p;
  p.family("x_total", "counter", "line one\nline \\two");
  p.sample("x_total", {{"channel", "we\"ird\\\n"}}, 3);
  auto e = parse_exposition(p.take());
  CHECK(e.errors.empty());
  CHECK(e.help["x_total"] == "line one\nline \\two");
  REQUIRE(e.samples.size() == 1);
  CHECK(e.samples[0].labels["channel"] == "we\"ird\\\n");
}

TEST_CASE("values are integers when whole, else the shortest exact form, and infinities as +Inf") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(12345678901) == "12345678901");
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(0.00025) == "0.00025");
  CHECK(format_value(1.0 / 3) == "0.3333333333333333");
  CHECK(format_value(INFINITY) == "+Inf");
  CHECK(format_value(-INFINITY) == "-Inf");
  CHECK(format_value(NAN) == "NaN");
}

TEST_CASE("a histogram is written with cumulative buckets, +Inf, _sum and _count") {
  daemon::internal::Histogram h{250, 1000};
  h.observe(100);
  h.observe(250);  // on a bound: counted in it (le is "less or equal")
  h.observe(999);
  h.observe(5000);
  PrometheusText p;
  p.family("lat_seconds", "histogram", "latency");
  p.histogram("lat_seconds", {{"op", "submit"}}, h.snapshot(), 1e6);
  const std::string text = p.take();
  CHECK(text ==
        "# HELP lat_seconds latency\n# TYPE lat_seconds histogram\n"
        "lat_seconds_bucket{op=\"submit\",le=\"0.00025\"} 2\n"
        "lat_seconds_bucket{op=\"submit\",le=\"0.001\"} 3\n"
        "lat_seconds_bucket{op=\"submit\",le=\"+Inf\"} 4\n"
        "lat_seconds_sum{op=\"submit\"} 0.006349\n"
        "lat_seconds_count{op=\"submit\"} 4\n");
  CHECK(parse_exposition(text).errors.empty());
}

TEST_CASE("the test's exposition reader finds what breaks the format") {
  CHECK_FALSE(parse_exposition("x 1\n").errors.empty());  // no TYPE
  CHECK_FALSE(parse_exposition("# HELP x h\n# TYPE x gauge\nx{a=\"b} 1\n").errors.empty());
  CHECK_FALSE(parse_exposition("# HELP x h\n# TYPE x gauge\nx one\n").errors.empty());
  CHECK_FALSE(parse_exposition("# HELP x h\n# TYPE x gauge\n# HELP y h\n# TYPE y gauge\nx 1\n")
                  .errors.empty());
  CHECK_FALSE(parse_exposition("# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                               "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                  .errors.empty());
  CHECK(parse_exposition("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"\"} 1.5e-3\n").errors.empty());
}

}  // namespace tiaojie::test
