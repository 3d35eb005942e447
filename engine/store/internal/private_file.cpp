#include "store/internal/private_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tiaojie::store::internal {

Result<void> create_private_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return {};
  }
  if (errno == EEXIST) return {};
  return std::unexpected(io_error(
      fmt::format("cannot create the store file: {}", std::strerror(errno)), path.string()));
}

}  // namespace tiaojie::store::internal
