#include "cli/import_daemon.hpp"

#include <boost/json.hpp>

#include "daemon/client.hpp"

namespace tiaojie::cli {
namespace {

namespace json = boost::json;

class DaemonReceiver final : public adapters::Receiver {
 public:
  Result<void> open(const std::string& host, unsigned short port, const std::string& token) {
    if (auto r = client_.connect(host, port); !r) return r;
    if (auto h = client_.hello(token); !h) return std::unexpected(h.error());
    return ok;
  }

  Result<void> send(std::size_t tag, const adapters::MappedDispute& m) override {
    json::object req{{"id", tag}, {"op", "submit"}, {"dispute", dispute_to_json(m.dispute)}};
    if (auto r = client_.send(req); !r) return r;
    ++in_flight_;
    return ok;
  }

  // The client has no non-blocking read: answers are read only when the caller waits, which it
  // does whenever the window is full and at the end.
  Result<std::vector<std::pair<std::size_t, Result<adapters::SubmitOutcome>>>> collect(
      bool wait) override {
    std::vector<std::pair<std::size_t, Result<adapters::SubmitOutcome>>> out;
    if (!wait || in_flight_ == 0) return out;
    auto response = client_.receive();
    if (!response) return std::unexpected(response.error());
    --in_flight_;
    const auto* id = response->if_contains("id");
    if (!id || !id->is_number())
      return std::unexpected(internal_error("a daemon answer without the request's id"));
    auto tag = id->to_number<std::size_t>();
    if (const auto* okv = response->if_contains("ok"); okv && *okv == true) {
      adapters::SubmitOutcome o;
      if (const auto* d = response->if_contains("duplicate"); d && *d == true) o.duplicate = true;
      if (const auto* c = response->if_contains("case"); c && c->is_int64())
        o.case_id = std::to_string(c->get_int64());
      out.emplace_back(tag, o);
    } else {
      out.emplace_back(tag, std::unexpected(daemon::error_from_response(*response)));
    }
    return out;
  }

  std::size_t in_flight() const override { return in_flight_; }

 private:
  daemon::Client client_;
  std::size_t in_flight_ = 0;
};

}  // namespace

Result<std::unique_ptr<adapters::Receiver>> connect_import_receiver(const std::string& host,
                                                                    unsigned short port,
                                                                    const std::string& token) {
  auto r = std::make_unique<DaemonReceiver>();
  if (auto o = r->open(host, port, token); !o) return std::unexpected(o.error());
  return std::unique_ptr<adapters::Receiver>(std::move(r));
}

}  // namespace tiaojie::cli
