// The operations endpoints (docs/workbench.md "Operations"), answered without a login: who may
// reach them is decided by [http] listen (docs/security.md).
//
//   GET /healthz  200 "ok": the process answers (liveness).
//   GET /readyz   200 "ready", or 503 "not ready" with one "- reason" line each: the store stopping
//                 or its last commit failed, rules or graph missing, or no working-day calendar
//                 for a day of the next 60 by the daemon's clock (Engine::readiness).
//   GET /metrics  the Prometheus text format (daemon/http/prometheus.hpp), from the engine's
//                 counters gathered on its strand and the atomic ones beside them.
//
// Thread-safety: the routes run on session strands; /metrics answers from the engine's strand.
#pragma once

#include <functional>

#include "daemon/http/handler.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/internal/dispatcher.hpp"
#include "daemon/internal/engine.hpp"
#include "daemon/internal/intake_metrics.hpp"

namespace tiaojie::daemon::http {

// Where the figures come from; each function may be called from any thread.
struct OperationsSources {
  internal::Engine* engine = nullptr;
  std::function<internal::Dispatcher::ConnectionCounts()> tcp;
  std::function<HttpCounts()> http;
};

// Everything /metrics writes, gathered.
struct MetricsInput {
  internal::EngineMetrics engine;
  std::vector<internal::IntakeMetrics::ChannelCounts> intake;
  internal::HistogramSnapshot ack_latency_us;
  internal::Dispatcher::ConnectionCounts tcp;
  HttpCounts http;
};

// The exposition text of `in`. Pure.
[[nodiscard]] std::string render_metrics(const MetricsInput& in);

inline constexpr std::string_view k_metrics_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

// Adds /healthz, /readyz and /metrics to `router`. `sources` must outlive the router's use.
void add_operations_routes(Router& router, OperationsSources sources);

}  // namespace tiaojie::daemon::http
