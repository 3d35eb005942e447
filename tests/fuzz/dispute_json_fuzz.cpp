// The canonical dispute parser (model/dispute_json.hpp) over one NDJSON line.
// Property: a dispute that parses survives its own round trip, as the header promises
// (parse_dispute(dispute_to_json_text(d)) == d).
#include "fuzz/fuzz_support.hpp"
#include "model/dispute_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tiaojie;
  auto d = parse_dispute(fuzz::as_text(data, size));
  if (!d) {
    fuzz::require(d.error().code == ErrorCode::invalid_input, "a bad dispute is invalid_input");
    return 0;
  }
  auto again = parse_dispute(dispute_to_json_text(*d));
  fuzz::require(again.has_value(), "a parsed dispute's canonical text parses");
  fuzz::require(*again == *d, "the canonical text round-trips");
  return 0;
}
