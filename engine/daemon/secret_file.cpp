#include "daemon/secret_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace tiaojie::daemon {

Result<void> check_secret_file_mode(const std::filesystem::path& file, std::string_view what,
                                    std::string_view secrets) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return std::unexpected(io_error(
        fmt::format("cannot examine the {}: {}", what, std::strerror(errno)), file.string()));
  }
  const auto others = st.st_mode & (S_IRWXG | S_IRWXO);
  if (others != 0) {
    return std::unexpected(permission_denied(
        fmt::format("the {} has mode {:04o}, which lets {} read or change the {}; "
                    "run `chmod 600 {}`",
                    what, st.st_mode & 07777,
                    (st.st_mode & S_IRWXO) != 0 ? "every user" : "the file's group", secrets,
                    file.string()),
        file.string()));
  }
  return {};
}

}  // namespace tiaojie::daemon
