#include "daemon/commands.hpp"

#include "support/overloaded.hpp"

namespace tiaojie::daemon {

Op op_of(const CaseChange& change) {
  return std::visit(Overloaded{
                        [](const command::Accept&) { return Op::accept; },
                        [](const command::StartMediation&) { return Op::start_mediation; },
                        [](const command::Suspend&) { return Op::suspend; },
                        [](const command::Resume&) { return Op::resume; },
                        [](const command::Extend&) { return Op::extend; },
                        [](const command::Transfer&) { return Op::transfer; },
                        [](const command::Resolve&) { return Op::resolve; },
                        [](const command::Withdraw&) { return Op::withdraw; },
                        [](const command::Close&) { return Op::close; },
                        [](const command::Feedback&) { return Op::feedback; },
                    },
                    change);
}

Op op_of(const Command& command) {
  return std::visit(Overloaded{
                        [](const command::Hello&) { return Op::hello; },
                        [](const command::Submit&) { return Op::submit; },
                        [](const command::SubmitRecord&) { return Op::submit; },
                        [](const CaseChange& c) { return op_of(c); },
                        [](const command::Get&) { return Op::get; },
                        [](const command::Backlog&) { return Op::backlog; },
                        [](const command::Subscribe&) { return Op::subscribe; },
                        [](const command::Stats&) { return Op::stats; },
                        [](const command::Reload&) { return Op::reload; },
                    },
                    command);
}

std::int64_t case_of(const CaseChange& change) {
  return std::visit([](const auto& c) { return c.case_id; }, change);
}

}  // namespace tiaojie::daemon
