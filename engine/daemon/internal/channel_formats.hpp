// The native formats the daemon accepts on `submit {"format": id, "record": {…}}` (issue 6,
// docs/adapters.md), with the gazetteer that resolves their addresses. Loaded once at start;
// immutable afterwards, shared by every session (thread-safe to read).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "adapters/format.hpp"
#include "adapters/gazetteer.hpp"
#include "daemon/config.hpp"
#include "graph/body_graph.hpp"
#include "lifecycle/calendar.hpp"
#include "model/error.hpp"

namespace tiaojie::daemon::internal {

struct ChannelFormats {
  std::map<std::string, adapters::Format, std::less<>> formats;
  std::optional<adapters::Gazetteer> gazetteer;  // street/community names from the graph
  // Reply periods ("5个工作日") are counted with the engine's current calendar (Engine::calendar),
  // which a reload replaces.
};

// Loads config.formats_dir (when it exists) and config.gazetteer_path (when formats were loaded and
// the file exists), taking place names from `graph`. Errors: a bad format or gazetteer file
// (invalid_input, file:line:col); a channel whose `formats` names a format that is not loaded, or
// one that maps to another channel (invalid_input, where = the config file).
[[nodiscard]] Result<std::shared_ptr<const ChannelFormats>> load_channel_formats(
    const DaemonConfig& config, const graph::BodyGraph& graph);

}  // namespace tiaojie::daemon::internal
