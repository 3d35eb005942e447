// Internal: the binary snapshot of a checked body graph (docs/graph.md, "Snapshot cache"): what
// the TOML files resolved to, so that a large graph loads without parsing TOML again. The TOML
// files stay the source of truth: a snapshot names the graph version (the content hash of those
// files) it was made from and is used only for that version.
//
// Layout, little-endian: the magic "TJGSNAP\0", u32 format version, u32 byte-order mark
// 0x01020304, u64 payload size, u64 payload checksum, then the payload: the header fields, the
// regions, the bodies with their out-edges in declaration order, and the check's warnings. Indexes
// derived from these (ids, bodies by region, location names) are rebuilt on decode by the same
// code as a TOML load, so the two give one graph.
//
// Pure: bytes in, bytes out; the cache's files are handled in snapshot_cache.cpp.
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "graph/load.hpp"
#include "model/error.hpp"

namespace tiaojie::graph::internal {

// Bumped whenever the layout or the meaning of a field changes: a snapshot of another format is
// stale, never read.
inline constexpr std::uint32_t k_snapshot_format = 1;

struct SnapshotCodec {
  // The snapshot of a graph and the warnings its check gave.
  // REQUIRES: checked.ok() (only a graph without errors is worth keeping).
  [[nodiscard]] static std::string encode(const CheckedGraph& checked);

  // The checked graph held in `bytes`, for graph `version` (the content hash of the TOML files as
  // they are now, internal::version_text) whose files diagnostics name `files` (the snapshot keeps
  // positions as file indexes, so a graph folder can move). Trusts nothing in `bytes`: every
  // length, index and enum is checked, and a checksum covers the payload.
  // Errors (all invalid_input, the message says why): not a snapshot, another format, another
  // version or file count, a checksum mismatch, truncated or trailing bytes, a value out of range.
  [[nodiscard]] static Result<CheckedGraph> decode(std::string_view bytes, std::string_view version,
                                                   std::span<const std::string> files);
};

}  // namespace tiaojie::graph::internal
