// The snapshot cache (load.hpp, SnapshotCache): the file side of internal/snapshot_format. A
// snapshot is only ever a faster way to the graph the TOML files give: it is looked up by the
// files' current version, checked whole before use, and anything wrong with it (missing, stale,
// damaged, unreadable, unwritable) falls back to parsing the TOML.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

#include "graph/internal/builder.hpp"
#include "graph/internal/files.hpp"
#include "graph/internal/snapshot_format.hpp"
#include "graph/load.hpp"

namespace tiaojie::graph {
namespace fs = std::filesystem;

std::string_view to_string(SnapshotUse use) {
  switch (use) {
    case SnapshotUse::none:
      return "none";
    case SnapshotUse::loaded:
      return "loaded";
    case SnapshotUse::written:
      return "written";
    case SnapshotUse::not_written:
      return "not_written";
  }
  return "?";
}

namespace {

constexpr std::string_view k_suffix = ".graph-snapshot";

// A snapshot file mapped read-only: a national graph's snapshot is ~90 MB, and reading it into a
// buffer would zero, fault in and copy every page of that buffer; MAP_POPULATE maps the page
// cache's pages in one go instead of one fault each.
class MappedFile {
 public:
  explicit MappedFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      const auto size = static_cast<std::size_t>(st.st_size);
      void* p =
          size == 0 ? nullptr : ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = size;
        ok_ = true;
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // False when the file could not be opened or mapped (as if there were no snapshot).
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool ok_ = false;
};

fs::path snapshot_path(const fs::path& dir, std::string_view version) {
  return dir / fmt::format("{}.f{}{}", version, internal::k_snapshot_format, k_suffix);
}

// The version the files have now, as the builder would compute it; nullopt when one cannot be
// read (the TOML load then reports it).
std::optional<std::string> current_version(const internal::GraphFileNames& files) {
  std::vector<std::uint64_t> hashes(files.paths.size());
  std::atomic<bool> unreadable{false};
  internal::for_each_in_parallel(files.paths.size(), [&](std::size_t i) {
    std::string text;
    if (!internal::read_whole_file(files.paths[i], text)) {
      unreadable = true;
      return;
    }
    hashes[i] = internal::file_version_hash(files.version_names[i], text);
  });
  if (unreadable) return std::nullopt;
  std::uint64_t hash = internal::k_version_basis;
  for (auto h : hashes) hash = internal::fold_file_version(hash, h);
  return internal::version_text(hash);
}

// Writes through a temporary file and a rename, so a reader sees a whole snapshot or none; then
// drops the snapshots of other versions. No fsync: a snapshot lost in a crash is rebuilt, and a
// torn one fails its checksum.
std::string write_snapshot(const fs::path& dir, const CheckedGraph& checked) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fmt::format("cannot create {}: {}", dir.string(), ec.message());
  const auto path = snapshot_path(dir, checked.graph->version());
  const auto temp = fs::path(path.string() + fmt::format(".tmp-{}", ::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    const auto bytes = internal::SnapshotCodec::encode(checked);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return fmt::format("cannot write {}", temp.string());
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return fmt::format("cannot rename {} into place: {}", temp.string(), ec.message());
  }
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.ends_with(k_suffix) && it->path() != path) {
      std::error_code ignored;  // another process may have removed it first
      fs::remove(it->path(), ignored);
    }
  }
  return {};
}

}  // namespace

CheckedGraph check_graph(const fs::path& path, const SnapshotCache& cache) {
  if (cache.dir.empty()) return check_graph(path);
  const auto files = internal::name_graph_files(path);
  std::string note;
  if (auto version = files.paths.empty() ? std::nullopt : current_version(files)) {
    const auto snapshot = snapshot_path(cache.dir, *version);
    std::error_code ec;
    if (fs::exists(snapshot, ec)) {
      MappedFile mapped(snapshot);
      auto decoded =
          mapped.ok()
              ? internal::SnapshotCodec::decode(mapped.bytes(), *version, files.names)
              : Result<CheckedGraph>(std::unexpected(io_error("cannot read", snapshot.string())));
      if (decoded) {
        decoded->snapshot = SnapshotUse::loaded;
        return std::move(*decoded);
      }
      note = decoded.error().message;
    }
  }
  auto checked = check_graph(path);
  if (!checked.ok()) {
    checked.snapshot = SnapshotUse::not_written;
    checked.snapshot_note = note.empty() ? "the graph has errors" : note;
    return checked;
  }
  // Keyed by the version of what was parsed, which is what the snapshot holds even if a file
  // changed between hashing and parsing.
  auto failure = write_snapshot(cache.dir, checked);
  checked.snapshot = failure.empty() ? SnapshotUse::written : SnapshotUse::not_written;
  checked.snapshot_note = failure.empty() ? note : failure;
  return checked;
}

}  // namespace tiaojie::graph
