#include "model/error.hpp"

#include <utility>

namespace tiaojie {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return "invalid_input";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::permission_denied:
      return "permission_denied";
    case ErrorCode::resource_exhausted:
      return "resource_exhausted";
    case ErrorCode::io_error:
      return "io_error";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

namespace {
Error make(ErrorCode code, std::string message, std::string where) {
  return Error{code, std::move(message), std::move(where)};
}
}  // namespace

Error invalid_input(std::string m, std::string w) {
  return make(ErrorCode::invalid_input, std::move(m), std::move(w));
}
Error not_found(std::string m, std::string w) {
  return make(ErrorCode::not_found, std::move(m), std::move(w));
}
Error conflict(std::string m, std::string w) {
  return make(ErrorCode::conflict, std::move(m), std::move(w));
}
Error permission_denied(std::string m, std::string w) {
  return make(ErrorCode::permission_denied, std::move(m), std::move(w));
}
Error resource_exhausted(std::string m, std::string w) {
  return make(ErrorCode::resource_exhausted, std::move(m), std::move(w));
}
Error io_error(std::string m, std::string w) {
  return make(ErrorCode::io_error, std::move(m), std::move(w));
}
Error internal_error(std::string m, std::string w) {
  return make(ErrorCode::internal, std::move(m), std::move(w));
}

}  // namespace tiaojie
