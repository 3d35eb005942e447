// The canonical dispute: what every channel adapter produces and the engine consumes
// (design.md §3). A plain value; validation happens where it is parsed (dispute_json.hpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "model/time.hpp"

namespace tiaojie {

// A party to the dispute. Personal data: stored, never logged or reported unmasked.
struct Party {
  std::string name;
  std::string phone;
  std::string id_number;  // 身份证号
  friend bool operator==(const Party&, const Party&) = default;
};

// An amount in yuan kept to the fen (0.01 yuan), half away from zero: how every reader of a
// dispute (dispute_json.cpp and its fast reader, the replay's stored-dispute reader) keeps
// amount_claimed. Besides being what money is counted in, it makes the canonical text round-trip:
// Boost 1.81's JSON parser is not correctly rounded for long mantissas, so "9.3377…7702" and the
// shortest text of the double it gave could parse to doubles one unit apart (a fuzz finding);
// fen / 100.0 is one correctly rounded division, whichever neighbour the text parsed to.
inline double to_fen(double yuan) { return std::round(yuan * 100.0) / 100.0; }

struct Dispute {
  // (channel, external_id) is the idempotency key: a resubmission returns the original decision.
  std::string external_id;
  std::string channel;  // e.g. "hotline_12345", "walk_in", "police_referral"
  // When the channel received it. Absent: the daemon stamps the time of arrival.
  std::optional<Timestamp> received_at;
  // The channel's own reply deadline, when it sets one (a 12345 work order's 办理时限): a second
  // clock tracked beside the mediation deadline. Absent: the channel sets none. Never before
  // received_at.
  std::optional<Timestamp> reply_due;
  std::string description;  // non-empty, valid UTF-8; rule keywords are matched against it
  // Number of parties involved. Absent: unknown (a rule asking parties >= n does not match).
  std::optional<std::int64_t> parties;
  // Amount claimed in yuan, kept to the fen (0.01; more decimals are rounded, half away from
  // zero). Absent: unknown (a rule asking amount >= x does not match).
  std::optional<double> amount_claimed;
  bool injuries =
      false;  // anyone hurt; brings joint police–judicial mediation in the shipped rules
  // Where it happened, as given: street (街道) and community (社区) names in any usual form
  // ("凤阳", "凤阳街", "凤阳街道"), and an optional free-text address (事发地址) for adapters
  // that resolve one.
  std::optional<std::string> street;
  std::optional<std::string> community;
  std::optional<std::string> address;
  // Why the location needs a person: set by address resolution (adapters/gazetteer.hpp) when the
  // address names no street, two streets, contradicts the declared street, or lies outside the
  // district ("the address names two streets (凤阳街与沙园街交界): candidates 凤阳, 沙园"). Set:
  // the dispute goes to the district intake body for review with this reason, whatever street it
  // names. Absent: the location is taken as given.
  std::optional<std::string> location_review;
  std::optional<Party> claimant;
  std::optional<Party> respondent;
  // The category the submitter believes applies, if any (a rule may condition on it).
  std::optional<std::string> declared_category;
  // How many earlier cases this one repeats (重复信访, docs/repeats.md): set by the engine from the
  // store's repeat index before classification, so that the classifier stays pure; never read
  // from a channel's JSON. 0: a first dispute (or an engine that does not link repeats).
  std::int64_t repeat_count = 0;
  // A channel's return-visit result (回访结果) carried on a resubmitted record, e.g. a 12345 work
  // order exported again after its 回访: 满意, 基本满意 or 不满意 (or satisfied,
  // basically_satisfied, dissatisfied), and what the party said. The daemon records it on the
  // case when the case was resolved (docs/protocol.md "feedback"); absent: none.
  std::optional<std::string> feedback;
  std::optional<std::string> feedback_comment;

  friend bool operator==(const Dispute&, const Dispute&) = default;
};

}  // namespace tiaojie
