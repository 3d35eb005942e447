// The workbench's routes (issue 18, docs/workbench.md): sign-in, the queue, the case page and its
// actions, on the HTTP listener beside the operations endpoints. Requests become the same typed
// commands as NDJSON requests (an action's form fields go through parse_command and authorise)
// and are answered by the engine; the pages render its typed results (pages.hpp).
//
// A page needs a session (web_sessions.hpp; otherwise 303 to /login); a POST needs the session's
// CSRF token in its "csrf" field (otherwise 403). Passwords are checked on a thread of their own
// (`hashing`): an Argon2 check takes tens of milliseconds and 64 MiB, and must not hold an I/O
// thread that TCP intake needs.
// Thread-safety: the routes run on session strands; answers come from the engine's strand or the
// store thread; Accounts is immutable, WebSessions and LoginLimiter lock.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <memory>

#include "daemon/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/http/accounts.hpp"
#include "daemon/http/handler.hpp"
#include "daemon/http/login_limiter.hpp"
#include "daemon/http/web_sessions.hpp"
#include "daemon/internal/engine.hpp"

namespace tiaojie::daemon::http {

struct WorkbenchSources {
  internal::Engine* engine = nullptr;
  std::shared_ptr<LiveAccounts> accounts;  // null: no [http] accounts: sign-in is refused
  WebSessions* sessions = nullptr;
  LoginLimiter* limiter = nullptr;
  Clock* clock = nullptr;
  boost::asio::thread_pool* hashing = nullptr;
  std::filesystem::path reports_dir;  // [reports] dir: the files /reports lists
};

// What an account may do, as the engine's authorisation sees it (authorise.hpp).
[[nodiscard]] Scope scope_of(const Account& account);

// Whether every body staff account's body is in `graph`, and every street staff account's street
// is one of the graph's streets. Errors: invalid_input, where `file`, naming the account.
[[nodiscard]] Result<void> check_reach(const Accounts& accounts, const graph::BodyGraph& graph,
                                       const std::filesystem::path& file);

// Adds the pages (/, /login, /logout, /queue, /case, /case/action, /search, /dashboard, /versions,
// /reports, /report, /report/file, /static/workbench.css) and the JSON API (/api/v1/…) to `router`.
// Everything in `sources` must outlive the router's use.
void add_workbench_routes(Router& router, WorkbenchSources sources);

}  // namespace tiaojie::daemon::http
