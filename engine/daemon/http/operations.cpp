#include "daemon/http/operations.hpp"

#include <fmt/format.h>

#include "daemon/http/prometheus.hpp"

namespace tiaojie::daemon::http {
namespace beast_http = boost::beast::http;

namespace {

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }
double num(std::uint64_t v) { return static_cast<double>(v); }
double num(std::int64_t v) { return static_cast<double>(v); }

}  // namespace

std::string render_metrics(const MetricsInput& in) {
  const auto& e = in.engine;
  const auto& c = e.counters;
  PrometheusText p;

  p.family("tiaojie_info", "gauge", "The rule set and body graph now serving (always 1).");
  p.sample("tiaojie_info", {{"rules_version", e.rules_version}, {"graph_version", e.graph_version}},
           1);
  p.family("tiaojie_uptime_seconds", "gauge", "Seconds since the engine started.");
  p.sample("tiaojie_uptime_seconds", seconds(e.uptime));

  p.family("tiaojie_intake_total", "counter",
           "Submitted disputes acknowledged, by channel: result=\"accepted\" a new case, "
           "\"duplicate\" a resubmission answered with the original case.");
  for (const auto& ch : in.intake) {
    if (ch.channel == internal::IntakeMetrics::k_operator_label) continue;  // never a channel
    p.sample("tiaojie_intake_total", {{"channel", ch.channel}, {"result", "accepted"}},
             num(ch.accepted));
    p.sample("tiaojie_intake_total", {{"channel", ch.channel}, {"result", "duplicate"}},
             num(ch.duplicates));
  }
  p.family("tiaojie_refusals_total", "counter",
           "Submits refused, by channel: stage=\"request\" before the engine (invalid dispute, "
           "another channel's, unknown format; channel=\"(operator)\" for an operator's "
           "connection), stage=\"store\" a commit refused or failed.");
  for (const auto& ch : in.intake) {
    p.sample("tiaojie_refusals_total", {{"channel", ch.channel}, {"stage", "request"}},
             num(ch.refused_before_engine));
    if (ch.channel != internal::IntakeMetrics::k_operator_label)
      p.sample("tiaojie_refusals_total", {{"channel", ch.channel}, {"stage", "store"}},
               num(ch.refused_by_store));
  }

  p.family("tiaojie_open_cases", "gauge", "Open cases by the level of the body holding them.");
  for (const auto& row : e.levels)
    p.sample("tiaojie_open_cases", {{"level", row.level}}, num(row.open));
  p.family("tiaojie_overdue_cases", "gauge",
           "Open cases past their due date (after close of business on it), by level.");
  for (const auto& row : e.levels)
    p.sample("tiaojie_overdue_cases", {{"level", row.level}}, num(row.overdue));

  p.family("tiaojie_ack_latency_seconds", "histogram",
           "Submits, from the engine receiving the dispute to its durable commit, after which the "
           "acknowledgement is written.");
  p.histogram("tiaojie_ack_latency_seconds", {}, in.ack_latency_us, 1e6);
  p.family("tiaojie_group_commit_size", "histogram", "Changes committed per store transaction.");
  p.histogram("tiaojie_group_commit_size", {}, e.batch_sizes);

  p.family("tiaojie_reloads_total", "counter",
           "Reloads of rules and graph: result=\"ok\" swapped in, \"failed\" refused.");
  p.sample("tiaojie_reloads_total", {{"result", "ok"}}, num(c.reloads));
  p.sample("tiaojie_reloads_total", {{"result", "failed"}}, num(c.failed_reloads));

  p.family("tiaojie_connections", "gauge", "Open client connections by transport.");
  p.sample("tiaojie_connections", {{"transport", "tcp"}}, num(in.tcp.open));
  p.sample("tiaojie_connections", {{"transport", "http"}}, num(in.http.open));
  p.family("tiaojie_connections_accepted_total", "counter", "Connections accepted by transport.");
  p.sample("tiaojie_connections_accepted_total", {{"transport", "tcp"}}, num(in.tcp.accepted));
  p.sample("tiaojie_connections_accepted_total", {{"transport", "http"}}, num(in.http.accepted));
  p.family("tiaojie_connections_refused_total", "counter",
           "Connections refused (over the connection limit, out of descriptors, shutting down).");
  p.sample("tiaojie_connections_refused_total", {{"transport", "tcp"}}, num(in.tcp.refused));
  p.sample("tiaojie_connections_refused_total", {{"transport", "http"}}, num(in.http.refused));
  p.family("tiaojie_http_responses_total", "counter", "HTTP responses by status code.");
  for (std::size_t i = 0; i < k_counted_statuses.size(); ++i) {
    const std::string code =
        k_counted_statuses[i] ? std::to_string(k_counted_statuses[i]) : std::string("other");
    p.sample("tiaojie_http_responses_total", {{"code", code}}, num(in.http.responses[i]));
  }

  p.family("tiaojie_store_busy_seconds_total", "counter",
           "Seconds the store thread spent committing and reading (not waiting for work); its "
           "rate is the store thread's busy share.");
  p.sample("tiaojie_store_busy_seconds_total", seconds(e.writer.busy));
  p.family("tiaojie_store_busy_cpu_seconds_total", "counter",
           "Of the store thread's busy seconds, those on the CPU (the rest waited for the disk).");
  p.sample("tiaojie_store_busy_cpu_seconds_total", seconds(e.writer.busy_cpu));
  p.family("tiaojie_store_busy_share", "gauge",
           "The store thread's busy share since start (0 to 1); rate(tiaojie_store_busy_seconds_"
           "total[1m]) gives it over the last minute.");
  p.sample("tiaojie_store_busy_share",
           e.uptime.count() > 0 ? seconds(e.writer.busy) / seconds(e.uptime) : 0.0);
  p.family("tiaojie_store_commits_total", "counter", "Store transactions (group commits).");
  p.sample("tiaojie_store_commits_total", num(e.writer.commits));
  p.family("tiaojie_store_failed_commits_total", "counter", "Store transactions that failed.");
  p.sample("tiaojie_store_failed_commits_total", num(e.writer.failed_commits));
  p.family("tiaojie_store_queue", "gauge", "Changes and reads waiting for the store thread.");
  p.sample("tiaojie_store_queue", num(static_cast<std::uint64_t>(e.store_queue)));
  p.family("tiaojie_leader", "gauge",
           "1 when this daemon runs the deadline timers and scheduled reports: always alone on "
           "its store; of several daemons on one PostgreSQL store, the one holding the lead. "
           "Their sum over the daemons of one store should be 1.");
  p.sample("tiaojie_leader", e.leader ? 1.0 : 0.0);

  p.family("tiaojie_lifecycle_operations_total", "counter",
           "Lifecycle operations (accept, transfer, resolve, …) that reached the engine.");
  p.sample("tiaojie_lifecycle_operations_total", num(c.lifecycle_ops));
  p.family("tiaojie_timer_events_total", "counter",
           "Deadline events written by the timers (due soon, overdue, escalated, notices).");
  p.sample("tiaojie_timer_events_total", num(c.timer_events));
  p.family("tiaojie_subscribers", "gauge", "Connections subscribed to the event stream.");
  p.sample("tiaojie_subscribers", num(e.subscribers));
  p.family("tiaojie_calendar_missing_year", "gauge",
           "A year whose working-day calendar file is missing and needed now (0: none).");
  p.sample("tiaojie_calendar_missing_year", e.calendar_missing_year);
  return p.take();
}

void add_operations_routes(Router& router, OperationsSources sources) {
  const std::vector<beast_http::verb> get{beast_http::verb::get};
  router.add("/healthz", get, [](const Request&, const ClientInfo&, Send send) {
    send(text_response(beast_http::status::ok, "ok"));
  });
  router.add("/readyz", get,
             [engine = sources.engine](const Request&, const ClientInfo&, Send send) {
               const auto r = engine->readiness();
               if (r.ready()) {
                 send(text_response(beast_http::status::ok, "ready"));
                 return;
               }
               std::string body = "not ready";
               for (const auto& why : r.reasons) body += "\n- " + why;
               send(text_response(beast_http::status::service_unavailable, body));
             });
  router.add("/metrics", get, [sources](const Request&, const ClientInfo&, Send send) {
    sources.engine->metrics([sources, send = std::move(send)](internal::EngineMetrics e) {
      MetricsInput in{std::move(e), sources.engine->intake().counts(),
                      sources.engine->intake().ack_latency_us(),
                      sources.tcp ? sources.tcp() : internal::Dispatcher::ConnectionCounts{},
                      sources.http ? sources.http() : HttpCounts{}};
      send(make_response(beast_http::status::ok, k_metrics_content_type, render_metrics(in)));
    });
  });
}

}  // namespace tiaojie::daemon::http
