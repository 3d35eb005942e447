// The file reader of `tiaojie import` (adapters/encoding.hpp, csv.hpp, import.hpp): bytes are
// decoded as the import does by default (auto: BOM, UTF-8, else GB18030), then read as CSV (and,
// for coverage of the other reader, as NDJSON) to the end.
// Property: UTF-8 that converts to GB18030 converts back unchanged (tests and exports for Excel
// rely on it).
#include "adapters/csv.hpp"
#include "adapters/encoding.hpp"
#include "adapters/import.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

using namespace tiaojie;

void read_all(const std::string& text, adapters::InputKind kind) {
  auto source = adapters::RecordSource::open(text, kind);
  if (!source) return;
  for (;;) {
    auto row = (*source)->next();
    if (!row || !*row) return;
    fuzz::require((*source)->offset() <= (*source)->size(), "the reader stays inside its text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto decoded =
      adapters::decode_to_utf8(fuzz::as_text(data, size), adapters::TextEncoding::auto_detect);
  if (!decoded) return 0;
  read_all(decoded->utf8, adapters::InputKind::csv);
  read_all(decoded->utf8, adapters::InputKind::ndjson);
  if (decoded->detected == adapters::TextEncoding::utf8) {
    // Not every code point has a GB18030 code in glibc's table (some private-use ones, e.g.
    // U+E790, given to characters by GB18030-2022): those are a reported error, not a crash.
    auto gb = adapters::utf8_to_gb18030(decoded->utf8);
    if (!gb) {
      fuzz::require(gb.error().code == ErrorCode::invalid_input,
                    "unmappable text is invalid_input");
      return 0;
    }
    auto back = adapters::decode_to_utf8(*gb, adapters::TextEncoding::gb18030);
    fuzz::require(back.has_value() && back->utf8 == decoded->utf8, "GB18030 round-trips");
  }
  return 0;
}
