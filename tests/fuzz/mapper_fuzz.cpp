// Each channel format's mapper (adapters/mapper.hpp) over one native record, an NDJSON line as
// channels send them: the record goes through every shipped format of config/formats/ in turn,
// with the shipped gazetteer (and the body graph's places) and calendar, as the daemon's
// `submit {"format", "record"}` and `tiaojie import` map it.
// Property: a mapped dispute is a valid canonical dispute (its text parses back).
#include <boost/json/parse.hpp>

#include "adapters/format.hpp"
#include "adapters/gazetteer.hpp"
#include "adapters/graph_places.hpp"
#include "adapters/mapper.hpp"
#include "fuzz/fuzz_support.hpp"
#include "graph/load.hpp"
#include "lifecycle/calendar.hpp"
#include "model/dispute_json.hpp"

namespace {

using namespace tiaojie;

template <class T>
T must(Result<T> r) {
  if (!r) {
    std::fprintf(stderr, "fuzz_mapper: shipped data: %s\n", r.error().to_string().c_str());
    std::abort();
  }
  return std::move(*r);
}

struct Shipped {
  std::map<std::string, adapters::Format, std::less<>> formats =
      must(adapters::load_formats(fuzz::source_dir() / "config" / "formats"));
  adapters::Gazetteer gazetteer = must(adapters::with_graph_places(
      must(adapters::load_gazetteer(fuzz::source_dir() / "config" / "gazetteer" / "haizhu.toml")),
      *must(graph::load_graph(fuzz::source_dir() / "config" / "bodies"))));
  lifecycle::WorkingCalendar calendar =
      must(lifecycle::load_calendar_dir(fuzz::source_dir() / "config" / "calendar"));
  DisputeSchema schema;
};

const Shipped& shipped() {
  static const Shipped s;
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Shipped& s = shipped();
  boost::system::error_code ec;
  auto v = boost::json::parse(fuzz::as_text(data, size), ec);
  if (ec || !v.is_object()) return 0;
  for (const auto& [id, format] : s.formats) {
    auto mapped = adapters::map_record(format, v.get_object(), &s.gazetteer, s.schema, &s.calendar);
    if (!mapped) continue;
    auto again = parse_dispute(dispute_to_json_text(mapped->dispute), s.schema);
    fuzz::require(again.has_value(), "a mapped dispute is a valid canonical dispute");
    (void)adapters::location_to_json(mapped->location);
  }
  return 0;
}
