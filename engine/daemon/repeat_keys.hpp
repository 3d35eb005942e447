// The keys that link a new dispute to earlier ones as a repeat (重复信访, docs/repeats.md).
//
// A dispute's keys are keyed hashes (BLAKE2b-128 with a 32-byte secret, libsodium's
// crypto_generichash) of what identifies its party and its subject:
//  - "p:<hex>" for the claimant's phone number and for their ID number (身份证号), each
//    normalised first so that the same number written two ways gives one key;
//  - "s:<hex>" for its subject: the category the rules decided with the normalised street and
//    free-text address (事发地址). A dispute with no address has no subject key: a street or a
//    community alone is too wide a place to call two disputes the same matter.
// The secret (RepeatSecret) never leaves the data folder, so a key reveals nothing to whoever
// reads the log, a backup or a subscription without it, and the clear numbers stay in the stored
// dispute alone. Thread-safety: RepeatHasher is immutable after construction; any thread.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifecycle/event.hpp"
#include "model/dispute.hpp"
#include "model/error.hpp"

namespace tiaojie::daemon {

// A Chinese phone number as digits only: spaces, dashes, dots and brackets dropped, a leading
// +86 / 0086 / 86 country code dropped from an 11-digit mobile number. "" when fewer than 7 digits
// remain or anything but those characters appears (not a phone number: no key).
[[nodiscard]] std::string normalise_phone(std::string_view phone);
// A resident ID number (身份证号): spaces dropped, a final x upper-cased. "" unless 15 digits, or
// 17 digits and a digit or X.
[[nodiscard]] std::string normalise_id_number(std::string_view id);
// An address for comparison: white space (ASCII and the ideographic space) and the punctuation
// ,，.。、-—()（）# dropped, full-width digits and Latin letters made ASCII, ASCII letters
// lower-cased. "" when nothing is left.
[[nodiscard]] std::string normalise_address(std::string_view address);

// The 32-byte secret the keys are made with.
using RepeatSecret = std::array<std::uint8_t, 32>;

// Reads the secret from `file`, or creates the file (mode 0600, 32 random bytes) when it does not
// exist. Errors: permission_denied when the file's mode lets the group or others in (as the token
// file's, secret_file.hpp); invalid_input when it does not hold exactly 32 bytes; io_error.
[[nodiscard]] Result<RepeatSecret> load_or_create_repeat_secret(const std::filesystem::path& file);

class RepeatHasher {
 public:
  explicit RepeatHasher(const RepeatSecret& secret) : secret_(secret) {}

  // The party keys of `d` (its claimant's phone and ID number, those that normalise), deduplicated.
  [[nodiscard]] std::vector<std::string> party_keys(const Dispute& d) const;
  // The subject key of `d` under `category`, or nullopt when it has no address.
  [[nodiscard]] std::optional<std::string> subject_key(const Dispute& d,
                                                       std::string_view category) const;
  // "p:<32 hex digits>" or "s:…": the keyed hash of `text` under `prefix`.
  [[nodiscard]] std::string key(char prefix, std::string_view text) const;

 private:
  RepeatSecret secret_;
};

// The reason a key stands for: same_party for "p:", same_subject otherwise.
[[nodiscard]] lifecycle::RepeatReason repeat_reason(std::string_view key);

}  // namespace tiaojie::daemon
