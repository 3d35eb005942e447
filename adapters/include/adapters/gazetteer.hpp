// Address resolution: a free-text address (事发地址) → the street (街道) and community (社区) it
// lies in, with how it was found and how sure that is. Unresolved addresses are left empty so
// that the engine routes the dispute to the district intake body for review (design.md §6).
//
// The place names come from a gazetteer file (config/gazetteer/haizhu.toml, documented in
// docs/adapters.md): the district's streets, its communities, and a road→street table for the
// main roads. A Gazetteer is immutable once built; share it freely between threads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace tiaojie::adapters {

struct Gazetteer {
  struct Community {
    std::string name;    // "凤阳街第3社区", "青凤社区"
    std::string street;  // bare street name: "凤阳"
  };
  struct Road {
    std::string name;                  // "江南大道中"
    std::vector<std::string> streets;  // bare names; more than one: the road crosses streets
    double confidence = 0.6;           // for a single-street road. Default: 0.6
    bool verified = false;             // checked against a public source (see the file)
  };
  std::string district;              // "海珠区"
  std::vector<std::string> streets;  // bare names: "赤岗", …, "官洲"
  std::vector<Community> communities;
  std::vector<Road> roads;  // longest names first after loading, so "江南大道中" beats "江南大道"
  // Other districts' names: an address in one of them (and not in ours) is outside the district.
  std::vector<std::string> other_districts;
  // A match below this confidence is treated as unresolved. Default: 0.5.
  double min_confidence = 0.5;
};

// Reads a gazetteer file. Errors (invalid_input, where = "file:line:column"): TOML syntax,
// unknown keys, a community or road naming a street that is not listed, a confidence outside
// (0, 1], a duplicate street, community or road. io_error when the file cannot be read.
[[nodiscard]] Result<Gazetteer> load_gazetteer(const std::filesystem::path& file);
[[nodiscard]] Result<Gazetteer> parse_gazetteer(std::string_view toml_text, std::string_view name);

// "凤阳街道", "凤阳街", "凤阳", "海珠区凤阳街道" → "凤阳"; nullopt for a name not in the gazetteer.
[[nodiscard]] std::optional<std::string> canonical_street(const Gazetteer& g,
                                                          std::string_view name);

// How a location was found.
enum class MatchMethod {
  declared,   // the record named the street (所属街道) or community itself
  community,  // a community name found in the address
  street,     // "<name>街道" or "<name>街" found in the address
  road,       // a road of the gazetteer found in the address
  fuzzy,      // a street or community written in traditional characters or with a one-character
          // typo ("鳳陽街", "凤杨街", "青风社区"), matched to the one name it is close to
  none,  // unresolved: left empty, for review at district intake
};
[[nodiscard]] std::string_view to_string(MatchMethod m);

struct LocationMatch {
  std::string street;     // bare street name, or "" when unresolved
  std::string community;  // "" when not known
  MatchMethod method = MatchMethod::none;
  double confidence = 0;  // 0 when unresolved; 1 when declared
  std::string matched;    // the text that decided it ("江南大道中", "青凤社区")
  std::string note;       // why it is unresolved or lowered, for the reviewer; may be empty
  // A person must place it: the address names no street (only the district, a landmark), two
  // streets, a street other than the declared one, a road across streets, or another district.
  // `note` then says why and names the candidates; street and community are left empty.
  bool review = false;
  std::vector<std::string> candidates;  // bare street names a reviewer should consider
};

// Resolves a location. `declared_street` and `declared_community` are what the record said
// (any usual form, may be empty); `address` is the free text (may be empty). In order:
//   1. Traditional characters in the address are folded ("海珠區鳳陽街" reads as 海珠区凤阳街,
//      method fuzzy); an address naming another district and not ours goes to review.
//   2. Streets and communities named in the address: exactly ("<name>街", "<name>街道", a
//      community), else one character off before 街/社区 ("凤杨街", method fuzzy; never across
//      districts, and a typo near two names is for review).
//   3. A declared street the gazetteer knows wins, unless the address names another street
//      (review, both candidates); the address may add a community in that street.
//   4. Otherwise one street named in the address resolves (community 0.95, street 0.9, fuzzy
//      0.75); two or more ("A街与B街交界") go to review with the candidates.
//   5. Otherwise a road of the table (its own confidence; a road across streets or below
//      min_confidence goes to review with its streets as candidates).
//   6. Otherwise an address that names nothing above ("海珠区 + a landmark") goes to review; bare
//      street names in it ("琶洲会展中心") are the candidates.
// No address and nothing declared: unresolved, not review (there is nothing to review). Pure.
[[nodiscard]] LocationMatch resolve_location(const Gazetteer& g, std::string_view declared_street,
                                             std::string_view declared_community,
                                             std::string_view address);

}  // namespace tiaojie::adapters
