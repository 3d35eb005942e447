#include "daemon/http/workbench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "daemon/authorise.hpp"
#include "daemon/command_parse.hpp"
#include "daemon/http/form.hpp"
#include "daemon/http/pages.hpp"
#include "daemon/http/shared_view.hpp"
#include "daemon/protocol.hpp"
#include "daemon/replies.hpp"

namespace tiaojie::daemon::http {
namespace beast_http = boost::beast::http;
using beast_http::status;

namespace {

// No script at all, styles only from our own stylesheet, forms only to ourselves, no framing.
constexpr std::string_view k_csp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

Response html_response(status code, std::string body) {
  auto res = make_response(code, "text/html; charset=utf-8", std::move(body));
  res.set("Content-Security-Policy", k_csp);
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  return res;
}

Response json_response(status code, const boost::json::object& body) {
  return make_response(code, "application/json; charset=utf-8",
                       boost::json::serialize(body) + "\n");
}

Response json_error(const Error& e);

Response redirect(std::string_view location) {
  auto res = make_response(status::see_other, "text/plain; charset=utf-8", "");
  res.set(beast_http::field::location, location);
  return res;
}

status status_of(const Error& e) {
  switch (e.code) {
    case ErrorCode::invalid_input:
      return status::bad_request;
    case ErrorCode::permission_denied:
      return status::forbidden;
    case ErrorCode::not_found:
      return status::not_found;
    case ErrorCode::conflict:
      return status::conflict;
    case ErrorCode::resource_exhausted:
      return status::too_many_requests;
    default:
      return status::internal_server_error;
  }
}

Response json_error(const Error& e) {
  return json_response(status_of(e), boost::json::object{{"error", error_json(e)}});
}

std::string_view role_label(StaffRole role) {
  switch (role) {
    case StaffRole::body_staff:
      return "调解员";
    case StaffRole::street_staff:
      return "街道工作人员";
    case StaffRole::manager:
      return "区管理人员";
    case StaffRole::operator_:
      return "运维人员";
  }
  return "";
}

// The signed-in account of a request, with its session.
struct SignedIn {
  const Account* account = nullptr;
  WebSession session;
  Scope scope;
  Viewer viewer;
  std::shared_ptr<const Accounts> accounts = {};  // keeps `account` alive across a reload
};

// After an action: the message the case page shows (a fixed text per operation, so that nothing
// from the request is reflected into the page).
std::string_view done_message(std::string_view op) {
  constexpr std::pair<std::string_view, std::string_view> k_done[] = {
      {"accept", "已受理。"},      {"start_mediation", "已开始调解。"},
      {"suspend", "已中止计时。"}, {"resume", "已恢复计时。"},
      {"extend", "已延长期限。"},  {"transfer", "已移交。"},
      {"resolve", "已办结。"},     {"withdraw", "已撤回。"},
      {"close", "已结案。"},       {"feedback", "已记录回访。"}};
  for (const auto& [name, message] : k_done) {
    if (name == op) return message;
  }
  return {};
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// An action form's fields as the protocol's request object: the same parser (parse_command) reads
// both, with the same errors. Numbers that parse become numbers (else stay text, and the parser
// says what is wrong); an empty optional field is absent; a ticked box is true.
boost::json::object request_of(const FormFields& fields) {
  boost::json::object request;
  for (const auto& [name, value] : fields) {
    if (name == "csrf" || name == "op") continue;
    if (name == "case" || name == "days") {
      if (auto n = to_int(value)) {
        request[name] = *n;
        continue;
      }
    }
    if (name == "judicial_confirmation") {
      request[name] = true;
      continue;
    }
    if (value.empty()) continue;
    request[name] = value;
  }
  return request;
}

// A queue's filters from a query string.
command::Queue queue_query(const FormFields& fields) {
  command::Queue query;
  query.category = field(fields, "category");
  query.body = field(fields, "body");
  query.street = field(fields, "street");
  const auto show = field(fields, "show");
  if (show == "waiting") query.show = command::Queue::Show::waiting;
  if (show == "in_progress") query.show = command::Queue::Show::in_progress;
  if (show == "overdue") query.show = command::Queue::Show::overdue;
  if (auto offset = to_int(field(fields, "offset")); offset && *offset > 0)
    query.offset = static_cast<std::size_t>(*offset);
  if (auto limit = to_int(field(fields, "limit")); limit && *limit >= 1 && *limit <= 1000)
    query.limit = static_cast<std::size_t>(*limit);
  return query;
}

class Workbench : public std::enable_shared_from_this<Workbench> {
 public:
  explicit Workbench(WorkbenchSources s)
      : s_(std::move(s)),
        // The dashboard's counts at most once a second, however many browsers show it.
        backlog_(std::chrono::milliseconds(1000),
                 [engine = s_.engine](auto done) { engine->backlog(std::move(done)); }) {}

  void add_routes(Router& router) {
    auto self = shared_from_this();
    // Every route but "/" and the stylesheet: a signed-in request's answer carries its cookie
    // again (refreshing).
    auto add = [&router, self](std::string path, std::vector<beast_http::verb> methods,
                               Router::Route route) {
      router.add(std::move(path), std::move(methods),
                 [self, route = std::move(route)](const Request& req, const ClientInfo& client,
                                                  Send send) {
                   route(req, client, self->refreshing(req, client, std::move(send)));
                 });
    };
    router.add("/", {beast_http::verb::get},
               [](const Request&, const ClientInfo&, Send send) { send(redirect("/queue")); });
    router.add("/static/workbench.css", {beast_http::verb::get},
               [](const Request&, const ClientInfo&, Send send) {
                 auto res = make_response(status::ok, "text/css; charset=utf-8",
                                          std::string(workbench_css()));
                 res.set(beast_http::field::cache_control, "max-age=3600");
                 send(std::move(res));
               });
    add("/login", {beast_http::verb::get, beast_http::verb::post},
        [self](const Request& req, const ClientInfo& client, Send send) {
          if (req.method() == beast_http::verb::post) {
            self->login(req, client, std::move(send));
          } else {
            send(html_response(status::ok, login_page("", "")));
          }
        });
    add("/logout", {beast_http::verb::post},
        [self](const Request& req, const ClientInfo& client, Send send) {
          self->logout(req, client, std::move(send));
        });
    add("/queue", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo& client, Send send) {
          self->queue(req, client, std::move(send));
        });
    add("/case", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo& client, Send send) {
          self->show_case(req, client, std::move(send));
        });
    add("/case/action", {beast_http::verb::post},
        [self](const Request& req, const ClientInfo& client, Send send) {
          self->action(req, client, std::move(send));
        });
    add("/search", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->search(req, std::move(send));
        });
    add("/versions", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          auto who = self->signed_in(req);
          if (!who) {
            send(redirect("/login"));
            return;
          }
          const auto snap = self->s_.engine->snapshots();
          const auto dry_run = self->s_.engine->last_dry_run();
          send(html_response(status::ok,
                             versions_page(who->viewer, *snap.rules, *snap.graph, *snap.calendar,
                                           dry_run ? &*dry_run : nullptr, self->names(snap))));
        });
    add("/versions/reload", {beast_http::verb::post},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->reload(req, std::move(send), false);
        });
    add("/versions/dry-run", {beast_http::verb::post},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->reload(req, std::move(send), true);
        });
    add("/dashboard", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->dashboard(req, std::move(send));
        });
    add("/reports", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->reports(req, std::move(send));
        });
    add("/report", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->report_file(req, std::move(send), false);
        });
    add("/report/file", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->report_file(req, std::move(send), true);
        });
    // The JSON API (docs/openapi.json): the same commands for the bodies' own systems.
    add("/api/v1/session", {beast_http::verb::post, beast_http::verb::delete_},
        [self](const Request& req, const ClientInfo& client, Send send) {
          if (req.method() == beast_http::verb::post) {
            self->api_login(req, client, std::move(send));
          } else {
            self->api_logout(req, client, std::move(send));
          }
        });
    add("/api/v1/queue", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->api_queue(req, std::move(send));
        });
    add("/api/v1/case", {beast_http::verb::get},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->api_case(req, std::move(send));
        });
    add("/api/v1/case/action", {beast_http::verb::post},
        [self](const Request& req, const ClientInfo&, Send send) {
          self->api_action(req, std::move(send));
        });
  }

 private:
  // The answer to a request of a live session sets the session's cookie again, so that the
  // browser's copy (Max-Age: the idle time) lasts as long as the session does: the idle time from
  // the last request, not from the login. An answer that sets a cookie itself (sign-in, sign-out)
  // keeps its own.
  Send refreshing(const Request& req, const ClientInfo& client, Send send) {
    if (!s_.accounts || !s_.sessions) return send;
    const auto id = session_id_from_cookie(req[beast_http::field::cookie]);
    if (id.empty()) return send;
    auto session = s_.sessions->find(id, s_.clock->now());
    if (!session) return send;
    return [send = std::move(send),
            cookie = session_cookie(*session, s_.sessions->limits(), client.secure)](Response res) {
      if (res[beast_http::field::set_cookie].empty())
        res.set(beast_http::field::set_cookie, cookie);
      send(std::move(res));
    };
  }

  Names names(const internal::Snapshots& snap) const {
    return Names{snap.graph.get(), snap.rules.get()};
  }

  // The request's session and account, or nullopt (not signed in, expired, account removed).
  std::optional<SignedIn> signed_in(const Request& req) {
    if (!s_.accounts) return std::nullopt;
    const auto id = session_id_from_cookie(req[beast_http::field::cookie]);
    if (id.empty()) return std::nullopt;
    auto session = s_.sessions->find(id, s_.clock->now());
    if (!session) return std::nullopt;
    auto accounts = s_.accounts->current();
    // Gone since the session began (the accounts file was read again): signed out.
    const Account* account = accounts->find(session->account);
    if (!account) return std::nullopt;
    SignedIn who{account, std::move(*session), scope_of(*account), {}};
    who.accounts = std::move(accounts);
    who.viewer.display_name = account->display_name.empty() ? account->name : account->display_name;
    who.viewer.role_label = role_label(account->role);
    who.viewer.csrf_token = who.session.csrf_token;
    who.viewer.may_act = who.scope.role == Role::staff || who.scope.role == Role::operator_;
    who.viewer.operates = who.scope.role == Role::operator_;
    if (account->role == StaffRole::body_staff) {
      who.viewer.reach_label = names(s_.engine->snapshots()).body(account->body);
    } else if (account->role == StaffRole::street_staff) {
      who.viewer.reach_label = account->street;
    }
    return who;
  }

  // A POST's form, checked against the session's CSRF token. Answers the refusal itself and
  // returns nullopt when the request may not go on.
  std::optional<std::pair<SignedIn, FormFields>> posted(const Request& req, Send& send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return std::nullopt;
    }
    auto fields = parse_form(req.body());
    if (!fields) {
      send(html_response(status::bad_request,
                         message_page(&who->viewer, "请求无效", fields.error().to_string())));
      return std::nullopt;
    }
    if (!csrf_matches(who->session, field(*fields, "csrf"))) {
      send(html_response(
          status::forbidden,
          message_page(&who->viewer, "请求被拒绝",
                       "表单已过期或不是从本工作台提交的（CSRF 校验失败）。请返回页面重试。")));
      return std::nullopt;
    }
    return std::pair{std::move(*who), std::move(*fields)};
  }

  void login(const Request& req, const ClientInfo& client, Send send) {
    auto fields = parse_form(req.body());
    if (!fields) {
      send(html_response(status::bad_request, login_page("请求无效。", "")));
      return;
    }
    std::string name(field(*fields, "name"));
    std::string password(field(*fields, "password"));
    if (!s_.accounts) {
      send(
          html_response(status::service_unavailable,
                        login_page("本系统未配置账号（[http] accounts），请联系运维人员。", name)));
      return;
    }
    const auto now = s_.clock->now();
    if (auto verdict = s_.limiter->check(client.address, name, now); !verdict.allowed) {
      auto res = html_response(
          status::too_many_requests,
          login_page(fmt::format("登录失败次数过多，请 {} 秒后再试。", verdict.retry_after.count()),
                     name));
      res.set(beast_http::field::retry_after, std::to_string(verdict.retry_after.count()));
      send(std::move(res));
      return;
    }
    // The Argon2 check on its own thread (workbench.hpp).
    boost::asio::post(
        *s_.hashing, [self = shared_from_this(), name = std::move(name),
                      password = std::move(password), client, send = std::move(send)]() mutable {
          const auto now = self->s_.clock->now();
          // Held while `account` is used: a reload may replace the accounts meanwhile.
          const auto accounts = self->s_.accounts->current();
          const Account* account = accounts->verify(name, password);
          if (!account) {
            self->s_.limiter->failed(client.address, name, now);
            send(html_response(status::unauthorized, login_page("账号或密码不正确。", name)));
            return;
          }
          self->s_.limiter->succeeded(name);
          auto session = self->s_.sessions->create(account->name, now);
          auto res = redirect("/queue");
          res.set(beast_http::field::set_cookie,
                  session_cookie(session, self->s_.sessions->limits(), client.secure));
          send(std::move(res));
        });
  }

  void logout(const Request& req, const ClientInfo& client, Send send) {
    auto post = posted(req, send);
    if (!post) return;
    s_.sessions->erase(post->first.session.id);
    auto res = redirect("/login");
    res.set(beast_http::field::set_cookie, expired_cookie(client.secure));
    send(std::move(res));
  }

  void queue(const Request& req, const ClientInfo&, Send send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return;
    }
    auto fields = parse_form(query_of(req.target()));
    if (!fields) {
      send(html_response(status::bad_request,
                         message_page(&who->viewer, "请求无效", fields.error().to_string())));
      return;
    }
    auto query = queue_query(*fields);
    query.limit = 100;
    s_.engine->queue(
        query, who->scope,
        [self = shared_from_this(), viewer = who->viewer, query,
         send = std::move(send)](Result<QueueView> view) mutable {
          if (!view) {
            send(html_response(status_of(view.error()),
                               message_page(&viewer, "无法列出案件", view.error().to_string())));
            return;
          }
          const auto snap = self->s_.engine->snapshots();
          send(html_response(status::ok, queue_page(viewer, query, *view, self->names(snap))));
        });
  }

  // The case page of `case_id` for `who`, with `message` on top, answered with `code`.
  void render_case(std::int64_t case_id, SignedIn who, std::string message, status code,
                   Send send) {
    auto scope = who.scope;
    s_.engine->get(
        command::Get{case_id, std::nullopt, {}}, std::move(scope),
        [self = shared_from_this(), who = std::move(who), message = std::move(message), code,
         send = std::move(send)](Result<CaseView> view) mutable {
          if (!view) {
            send(html_response(status_of(view.error()), message_page(&who.viewer, "无法打开案件",
                                                                     view.error().to_string())));
            return;
          }
          // Phone and ID numbers in full only for the staff of the body that has the case.
          const bool personal = who.account->role == StaffRole::body_staff &&
                                who.account->body == view->record.state.body.value;
          const auto snap = self->s_.engine->snapshots();
          send(html_response(code,
                             case_page(who.viewer, *view, self->names(snap), personal, message)));
        },
        /*with_dispute=*/true);
  }

  void show_case(const Request& req, const ClientInfo&, Send send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return;
    }
    auto fields = parse_form(query_of(req.target()));
    const auto id = fields ? to_int(field(*fields, "id")) : std::nullopt;
    if (!id || *id <= 0) {
      send(html_response(status::bad_request,
                         message_page(&who->viewer, "请求无效", "案件编号应为正整数（id）。")));
      return;
    }
    render_case(*id, std::move(*who), std::string(done_message(field(*fields, "done"))), status::ok,
                std::move(send));
  }

  void action(const Request& req, const ClientInfo&, Send send) {
    auto post = posted(req, send);
    if (!post) return;
    // Not a structured binding: clang 15 (the thread-safety check) cannot capture one.
    auto& who = post->first;
    auto& fields = post->second;
    const auto case_id = to_int(field(fields, "case")).value_or(0);
    auto fail = [&](const Error& e) {
      if (case_id > 0) {
        render_case(case_id, std::move(who), "未能办理：" + e.to_string(), status_of(e),
                    std::move(send));
      } else {
        send(html_response(status_of(e), message_page(&who.viewer, "未能办理", e.to_string())));
      }
    };
    const auto op = parse_op(field(fields, "op"));
    if (!op) {
      fail(invalid_input("unknown operation", "op"));
      return;
    }
    if (auto allowed = authorise_op(who.scope.role, *op); !allowed) {
      fail(allowed.error());
      return;
    }
    auto command = parse_command(*op, request_of(fields), ParseContext{});
    if (!command) {
      fail(command.error());
      return;
    }
    if (auto allowed = authorise(who.scope, *command); !allowed) {
      fail(allowed.error());
      return;
    }
    auto* change = std::get_if<CaseChange>(&*command);
    if (!change) {
      fail(invalid_input("not an operation on a case", "op"));
      return;
    }
    auto scope = who.scope;
    s_.engine->change(std::move(*change), std::move(scope),
                      [self = shared_from_this(), who, case_id, op = std::string(to_string(*op)),
                       send = std::move(send)](Result<CaseChanged> changed) mutable {
                        if (!changed) {
                          self->render_case(case_id, std::move(who),
                                            "未能办理：" + changed.error().to_string(),
                                            status_of(changed.error()), std::move(send));
                          return;
                        }
                        // Post/redirect/get: a reload of the page does not send the form again.
                        send(redirect(fmt::format("/case?id={}&done={}", case_id, op)));
                      });
  }

  void search(const Request& req, Send send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return;
    }
    auto fields = parse_form(query_of(req.target()));
    const auto snap = s_.engine->snapshots();
    command::Search query;
    const auto today = shanghai_date(s_.clock->now());
    query.to = today;
    query.from = std::chrono::year_month_day{std::chrono::sys_days(today) - std::chrono::days{30}};
    auto refuse = [&](std::string_view why) {
      send(html_response(status::bad_request, message_page(&who->viewer, "查询条件有误", why)));
    };
    if (!fields) {
      refuse(fields.error().to_string());
      return;
    }
    if (field(*fields, "from").empty()) {  // the form alone, with the last 30 days filled in
      send(html_response(status::ok, search_page(who->viewer, query, nullptr, names(snap))));
      return;
    }
    const auto from = parse_date(field(*fields, "from"));
    const auto to = parse_date(field(*fields, "to"));
    if (!from || !to) {
      refuse("登记日期应为 YYYY-MM-DD。");
      return;
    }
    if (std::chrono::sys_days(*to) < std::chrono::sys_days(*from) ||
        std::chrono::sys_days(*to) - std::chrono::sys_days(*from) > std::chrono::days{366}) {
      refuse("登记日期的范围应在一年之内，且起日不晚于止日。");
      return;
    }
    query.from = *from;
    query.to = *to;
    query.category = field(*fields, "category");
    query.street = field(*fields, "street");
    query.text = field(*fields, "text");
    if (const auto status = field(*fields, "status"); !status.empty()) {
      query.status = lifecycle::parse_status(status);
      if (!query.status) {
        refuse("未知的状态。");
        return;
      }
    }
    s_.engine->search(
        query, who->scope,
        [self = shared_from_this(), viewer = who->viewer, query,
         send = std::move(send)](Result<SearchView> view) mutable {
          const auto snap = self->s_.engine->snapshots();
          if (!view) {
            send(html_response(status_of(view.error()),
                               message_page(&viewer, "无法查询", view.error().to_string())));
            return;
          }
          send(html_response(status::ok, search_page(viewer, query, &*view, self->names(snap))));
        });
  }

  // The versions page after `message`, with `code`.
  void versions_answer(const SignedIn& who, std::string_view message, status code, Send& send) {
    const auto snap = s_.engine->snapshots();
    const auto dry_run = s_.engine->last_dry_run();
    send(html_response(code, versions_page(who.viewer, *snap.rules, *snap.graph, *snap.calendar,
                                           dry_run ? &*dry_run : nullptr, names(snap), message)));
  }

  // An operator's reload, or dry run (`dry_run`), from the versions page: the NDJSON `reload`
  // operation, through the same authorisation.
  void reload(const Request& req, Send send, bool dry_run) {
    auto post = posted(req, send);
    if (!post) return;
    auto who = std::move(post->first);
    if (auto allowed = authorise_op(who.scope.role, Op::reload); !allowed) {
      versions_answer(who, "未能执行：" + allowed.error().to_string(), status::forbidden, send);
      return;
    }
    if (!dry_run) {
      s_.engine->reload([self = shared_from_this(), who = std::move(who), send = std::move(send)](
                            std::expected<Reloaded, ReloadRefused> done) mutable {
        if (!done) {
          std::string why = done.error().error.to_string();
          if (done.error().errors) {
            for (std::size_t i = 1; i < done.error().errors->size(); ++i)
              why += "；" + (*done.error().errors)[i].to_string();
          }
          self->versions_answer(who, "未重新载入，现行规则照常服务：" + why, status::conflict,
                                send);
          return;
        }
        self->versions_answer(
            who,
            fmt::format("已重新载入：规则 {}，机构图 {}{}", done->rules_version,
                        done->graph_version, done->changed ? "" : "（与现行相同）"),
            status::ok, send);
      });
      return;
    }
    const auto window = to_int(field(post->second, "window_days"));
    if (!window || *window < 1 || *window > 3660) {
      versions_answer(who, "回放天数应为 1 至 3660 的整数。", status::bad_request, send);
      return;
    }
    s_.engine->reload_dry_run(
        static_cast<int>(*window), [self = shared_from_this(), who = std::move(who),
                                    send = std::move(send)](Result<DryRun> run) mutable {
          if (!run) {
            self->versions_answer(who, "试运行未完成：" + run.error().to_string(),
                                  status_of(run.error()), send);
            return;
          }
          self->versions_answer(who, "试运行完成，结果见下（现行规则未替换）。", status::ok, send);
        });
  }

  void dashboard(const Request& req, Send send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return;
    }
    backlog_.get([self = shared_from_this(), who = std::move(*who), send = std::move(send)](
                     Result<std::shared_ptr<const BacklogView>> shared) mutable {
      Result<BacklogView> backlog =
          shared ? Result<BacklogView>(**shared) : std::unexpected(shared.error());
      if (!backlog) {
        send(html_response(status_of(backlog.error()),
                           message_page(&who.viewer, "无法统计", backlog.error().to_string())));
        return;
      }
      const auto snap = self->s_.engine->snapshots();
      // Only the bodies within the account's reach, as its queue.
      std::erase_if(backlog->bodies, [&](const BacklogBody& b) {
        const CaseWhere where{{}, b.body, snap.graph->street_of(b.body)};
        return !authorise_case(who.scope, where).has_value();
      });
      send(html_response(status::ok, dashboard_page(who.viewer, *backlog, self->names(snap))));
    });
  }

  // --- Reports: the files the daemon's schedule wrote ([reports] dir), for managers and operators.

  std::optional<SignedIn> report_reader(const Request& req, Send& send) {
    auto who = signed_in(req);
    if (!who) {
      send(redirect("/login"));
      return std::nullopt;
    }
    if (who->scope.role != Role::manager && who->scope.role != Role::operator_) {
      send(html_response(status::forbidden, message_page(&who->viewer, "无权查看",
                                                         "报表仅供区管理人员和运维人员查看。")));
      return std::nullopt;
    }
    return who;
  }

  void reports(const Request& req, Send send) {
    auto who = report_reader(req, send);
    if (!who) return;
    static const std::regex k_page(R"((\d{4}-(W\d{2}|\d{2}|Q[1-4]))\.html)");
    std::vector<ReportEntry> entries;
    std::error_code ec;
    for (const auto& file : std::filesystem::directory_iterator(s_.reports_dir, ec)) {
      std::smatch m;
      const auto name = file.path().filename().string();
      if (!std::regex_match(name, m, k_page)) continue;
      const auto period = m[1].str();
      entries.push_back(
          {period, std::filesystem::exists(s_.reports_dir / ("report-" + period + ".xlsx"), ec)});
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.period > b.period; });
    send(html_response(status::ok, reports_page(who->viewer, entries)));
  }

  // /report?period=2026-W47 (the HTML report) or /report/file?name=report-2026-W47.xlsx. Names
  // are matched whole against the report writer's patterns: nothing else in the folder, nor
  // outside it, can be asked for.
  void report_file(const Request& req, Send send, bool download) {
    auto who = report_reader(req, send);
    if (!who) return;
    static const std::regex k_period(R"(\d{4}-(W\d{2}|\d{2}|Q[1-4]))");
    static const std::regex k_download(
        R"(report-\d{4}-(W\d{2}|\d{2}|Q[1-4])(-[a-z_]+)?\.(xlsx|csv))");
    auto fields = parse_form(query_of(req.target()));
    const std::string value(fields ? field(*fields, download ? "name" : "period") : "");
    if (!std::regex_match(value, download ? k_download : k_period)) {
      send(
          html_response(status::not_found, message_page(&who->viewer, "未找到", "没有这份报表。")));
      return;
    }
    const auto path = s_.reports_dir / (download ? value : value + ".html");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      send(
          html_response(status::not_found, message_page(&who->viewer, "未找到", "没有这份报表。")));
      return;
    }
    std::stringstream content;
    content << in.rdbuf();
    if (!download) {
      // The report page is the report writer's own HTML, its values escaped there; it carries its
      // styles inline and no script.
      auto res = make_response(status::ok, "text/html; charset=utf-8", content.str());
      res.set("Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      res.set("X-Frame-Options", "DENY");
      send(std::move(res));
      return;
    }
    auto res =
        make_response(status::ok,
                      value.ends_with(".xlsx")
                          ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                          : "text/csv; charset=utf-8",
                      content.str());
    res.set(beast_http::field::content_disposition, "attachment; filename=\"" + value + "\"");
    send(std::move(res));
  }

  // --- The JSON API: the session in the same cookie, the CSRF token in X-CSRF-Token on changes.

  std::optional<SignedIn> api_signed_in(const Request& req, Send& send, bool changes) {
    auto who = signed_in(req);
    if (!who) {
      send(json_error(
          Error{ErrorCode::permission_denied, "sign in first (POST /api/v1/session)", ""}));
      return std::nullopt;
    }
    if (changes && !csrf_matches(who->session, req["X-CSRF-Token"])) {
      send(json_error(
          Error{ErrorCode::permission_denied, "X-CSRF-Token is missing or wrong", "X-CSRF-Token"}));
      return std::nullopt;
    }
    return who;
  }

  void api_login(const Request& req, const ClientInfo& client, Send send) {
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body(), ec);
    const auto* object = ec ? nullptr : body.if_object();
    const auto* name = object ? object->if_contains("name") : nullptr;
    const auto* password = object ? object->if_contains("password") : nullptr;
    if (!name || !name->is_string() || !password || !password->is_string()) {
      send(json_error(invalid_input("a JSON object with string fields name and password", "")));
      return;
    }
    if (!s_.accounts) {
      auto res =
          json_error(Error{ErrorCode::permission_denied,
                           "sign-in is off: no accounts are configured ([http] accounts)", ""});
      res.result(status::service_unavailable);
      send(std::move(res));
      return;
    }
    std::string account_name(name->as_string());
    if (auto verdict = s_.limiter->check(client.address, account_name, s_.clock->now());
        !verdict.allowed) {
      auto res = json_error(Error{
          ErrorCode::resource_exhausted,
          fmt::format("too many failed sign-ins: try again in {} s", verdict.retry_after.count()),
          ""});
      res.result(status::too_many_requests);
      res.set(beast_http::field::retry_after, std::to_string(verdict.retry_after.count()));
      send(std::move(res));
      return;
    }
    boost::asio::post(*s_.hashing, [self = shared_from_this(), account_name,
                                    password = std::string(password->as_string()), client,
                                    send = std::move(send)]() mutable {
      const auto now = self->s_.clock->now();
      const auto accounts = self->s_.accounts->current();  // held while `account` is used
      const Account* account = accounts->verify(account_name, password);
      if (!account) {
        self->s_.limiter->failed(client.address, account_name, now);
        auto res = json_error(Error{ErrorCode::permission_denied, "wrong name or password", ""});
        res.result(status::unauthorized);
        send(std::move(res));
        return;
      }
      self->s_.limiter->succeeded(account_name);
      auto session = self->s_.sessions->create(account->name, now);
      auto res = json_response(status::ok, {{"account", account->name},
                                            {"role", to_string(account->role)},
                                            {"csrf_token", session.csrf_token}});
      res.set(beast_http::field::set_cookie,
              session_cookie(session, self->s_.sessions->limits(), client.secure));
      send(std::move(res));
    });
  }

  void api_logout(const Request& req, const ClientInfo& client, Send send) {
    auto who = api_signed_in(req, send, true);
    if (!who) return;
    s_.sessions->erase(who->session.id);
    auto res = json_response(status::ok, {{"signed_out", true}});
    res.set(beast_http::field::set_cookie, expired_cookie(client.secure));
    send(std::move(res));
  }

  void api_queue(const Request& req, Send send) {
    auto who = api_signed_in(req, send, false);
    if (!who) return;
    auto fields = parse_form(query_of(req.target()));
    if (!fields) {
      send(json_error(fields.error()));
      return;
    }
    s_.engine->queue(
        queue_query(*fields), who->scope, [send = std::move(send)](Result<QueueView> view) mutable {
          send(view ? json_response(status::ok, reply_fields(*view)) : json_error(view.error()));
        });
  }

  void api_case(const Request& req, Send send) {
    auto who = api_signed_in(req, send, false);
    if (!who) return;
    auto fields = parse_form(query_of(req.target()));
    const auto id = fields ? to_int(field(*fields, "id")) : std::nullopt;
    if (!id || *id <= 0) {
      send(json_error(invalid_input("not a positive integer", "id")));
      return;
    }
    s_.engine->get(
        command::Get{*id, std::nullopt, {}}, who->scope,
        [send = std::move(send)](Result<CaseView> view) mutable {
          send(view ? json_response(status::ok, reply_fields(*view)) : json_error(view.error()));
        });
  }

  // {"op": "accept", "case": 42, …}: the fields of the NDJSON operation of the same name.
  void api_action(const Request& req, Send send) {
    auto who = api_signed_in(req, send, true);
    if (!who) return;
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body(), ec);
    if (ec || !body.is_object()) {
      send(json_error(invalid_input("the body is not a JSON object", "")));
      return;
    }
    const auto& request = body.as_object();
    const auto* op_field = request.if_contains("op");
    const auto op = op_field && op_field->is_string()
                        ? parse_op(std::string_view(op_field->as_string()))
                        : std::nullopt;
    if (!op) {
      send(json_error(invalid_input("missing or unknown operation", "op")));
      return;
    }
    if (auto allowed = authorise_op(who->scope.role, *op); !allowed) {
      send(json_error(allowed.error()));
      return;
    }
    auto command = parse_command(*op, request, ParseContext{});
    if (!command) {
      send(json_error(command.error()));
      return;
    }
    auto* change = std::get_if<CaseChange>(&*command);
    if (!change) {
      send(json_error(invalid_input("not an operation on a case", "op")));
      return;
    }
    if (auto allowed = authorise(who->scope, *command); !allowed) {
      send(json_error(allowed.error()));
      return;
    }
    s_.engine->change(std::move(*change), who->scope,
                      [send = std::move(send)](Result<CaseChanged> changed) mutable {
                        send(changed ? json_response(status::ok, reply_fields(*changed))
                                     : json_error(changed.error()));
                      });
  }

  WorkbenchSources s_;
  SharedView<BacklogView> backlog_;
};

}  // namespace

Scope scope_of(const Account& account) {
  Scope scope;
  scope.name = account.name;
  switch (account.role) {
    case StaffRole::body_staff:
      scope.role = Role::staff;
      scope.body = account.body;
      break;
    case StaffRole::street_staff:
      scope.role = Role::staff;
      scope.street = account.street;
      break;
    case StaffRole::manager:
      scope.role = Role::manager;
      break;
    case StaffRole::operator_:
      scope.role = Role::operator_;
      break;
  }
  return scope;
}

Result<void> check_reach(const Accounts& accounts, const graph::BodyGraph& graph,
                         const std::filesystem::path& file) {
  auto streets = graph.street_names();  // in the graph's order: sorted here for the lookups
  std::sort(streets.begin(), streets.end());
  for (const auto& a : accounts.all()) {
    if (a.role == StaffRole::body_staff && !graph.find(a.body)) {
      return std::unexpected(
          invalid_input(fmt::format("account '{}': no body '{}' in the body graph", a.name, a.body),
                        file.string()));
    }
    if (a.role == StaffRole::street_staff &&
        !std::binary_search(streets.begin(), streets.end(), std::string_view(a.street))) {
      return std::unexpected(invalid_input(
          fmt::format("account '{}': no street '{}' in the body graph (a street's name as the "
                      "graph's jurisdictions write it, e.g. 凤阳街道)",
                      a.name, a.street),
          file.string()));
    }
  }
  return {};
}

void add_workbench_routes(Router& router, WorkbenchSources sources) {
  std::make_shared<Workbench>(std::move(sources))->add_routes(router);
}

}  // namespace tiaojie::daemon::http
