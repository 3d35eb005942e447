// The one error type of tiaojie's core, and the Result alias every fallible core function returns.
//
// Errors are values: the core never throws. Exceptions from libraries (toml++, SQLiteCpp,
// Boost.JSON, Asio) are converted into an Error once, at the edge, by one function per library.
// Thread-safety: plain value types, safe to copy between threads.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace tiaojie {

// A small closed set of codes; the message carries the detail.
enum class ErrorCode {
  // Use when input from outside (a dispute field, a request, a rule or graph file) is malformed or
  // breaks a rule of its format: wrong type, missing field, out of range, unknown name.
  invalid_input,
  // Use when a thing named by id does not exist (a case, a body, a rule-set version, a calendar
  // year).
  not_found,
  // Use when the request is well formed but conflicts with current state (illegal lifecycle
  // transition, duplicate id in a file).
  conflict,
  // Use when the caller may not do this (bad token, wrong role, another channel's case).
  permission_denied,
  // Use when a limit was hit (line too long, queue full, capacity); retrying later may succeed.
  resource_exhausted,
  // Use when the operating system or a library failed on I/O (file, socket, SQLite).
  io_error,
  // Use for a broken invariant of tiaojie itself: a bug, never a user mistake.
  internal,
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

// What went wrong, and where. `where` is empty or names the place in the input's own terms:
// "rules/labour.toml:12:5" for rule and graph files, "parties" or "claimant.phone" for a dispute's
// JSON field, "row 17, column 诉求内容" for an import.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string where;

  // "where: message", or just the message when there is no place.
  [[nodiscard]] std::string to_string() const;
};

// Convenience constructors, one per code, so call sites read as sentences.
[[nodiscard]] Error invalid_input(std::string message, std::string where = {});
[[nodiscard]] Error not_found(std::string message, std::string where = {});
[[nodiscard]] Error conflict(std::string message, std::string where = {});
[[nodiscard]] Error permission_denied(std::string message, std::string where = {});
[[nodiscard]] Error resource_exhausted(std::string message, std::string where = {});
[[nodiscard]] Error io_error(std::string message, std::string where = {});
[[nodiscard]] Error internal_error(std::string message, std::string where = {});

// Every fallible function of the core returns Result<T>: the value, or the Error saying why not.
template <class T>
using Result = std::expected<T, Error>;

// Result<void> success value, spelled out once.
inline constexpr auto ok = std::expected<void, Error>{};

}  // namespace tiaojie
