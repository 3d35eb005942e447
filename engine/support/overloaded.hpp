// std::visit over a set of lambdas: std::visit(Overloaded{[](const A&) {…}, [](const B&) {…}}, v).
#pragma once

namespace tiaojie {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
// clang 15 (.ci/thread-safety, the fuzz build) deduces an aggregate's arguments only with a guide.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace tiaojie
