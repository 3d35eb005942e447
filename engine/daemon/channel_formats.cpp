#include "daemon/internal/channel_formats.hpp"

#include <fmt/format.h>

#include "adapters/graph_places.hpp"

namespace tiaojie::daemon::internal {

Result<std::shared_ptr<const ChannelFormats>> load_channel_formats(const DaemonConfig& config,
                                                                   const graph::BodyGraph& graph) {
  namespace fs = std::filesystem;
  auto out = std::make_shared<ChannelFormats>();
  std::error_code ec;
  if (!config.formats_dir.empty() && fs::is_directory(config.formats_dir, ec)) {
    auto formats = adapters::load_formats(config.formats_dir);
    if (!formats) return std::unexpected(formats.error());
    out->formats = std::move(*formats);
  }
  if (!out->formats.empty() && !config.gazetteer_path.empty() &&
      fs::exists(config.gazetteer_path, ec)) {
    auto g = adapters::load_gazetteer(config.gazetteer_path);
    if (!g) return std::unexpected(g.error());
    auto placed = adapters::with_graph_places(std::move(*g), graph);
    if (!placed) return std::unexpected(placed.error());
    out->gazetteer = std::move(*placed);
  }
  for (const auto& ch : config.channels) {
    for (const auto& id : ch.formats) {
      auto it = out->formats.find(id);
      if (it == out->formats.end()) {
        return std::unexpected(
            invalid_input(fmt::format("channel '{}' may use format '{}', which is not in {}",
                                      ch.channel, id, config.formats_dir.string()),
                          config.source.string()));
      }
      if (it->second.channel != ch.channel) {
        return std::unexpected(invalid_input(
            fmt::format(
                "channel '{}' may use format '{}', but that format makes disputes of channel '{}'",
                ch.channel, id, it->second.channel),
            config.source.string()));
      }
    }
  }
  return std::shared_ptr<const ChannelFormats>(std::move(out));
}

}  // namespace tiaojie::daemon::internal
