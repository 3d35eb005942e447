#include "model/dispute_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>

#include "model/internal/dispute_reader.hpp"
#include "model/internal/json_syntax.hpp"
#include "model/json_text.hpp"
#include "model/utf8.hpp"

namespace tiaojie {
namespace {

namespace json = boost::json;

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "an integer";
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

// Reads the fields of one JSON object, remembering which were read so that the rest can be
// reported as unknown.
class FieldReader {
 public:
  FieldReader(const json::object& obj, std::string prefix, const DisputeLimits& limits)
      : obj_(obj), prefix_(std::move(prefix)), limits_(limits) {}

  std::string path(std::string_view field) const { return prefix_ + std::string(field); }

  const json::value* find(std::string_view field) {
    seen_.emplace_back(field);
    auto it = obj_.find(field);
    if (it == obj_.end() || it->value().is_null()) return nullptr;
    return &it->value();
  }

  Result<std::string> required_string(std::string_view field, std::size_t max_bytes) {
    const json::value* v = find(field);
    if (!v) {
      bool present = obj_.contains(field);
      return std::unexpected(invalid_input(
          present ? "is required and must be a non-empty string, got null" : "is required",
          path(field)));
    }
    auto s = string_value(field, *v, max_bytes);
    if (!s) return s;
    if (s->empty()) return std::unexpected(invalid_input("must not be empty", path(field)));
    return s;
  }

  Result<std::optional<std::string>> optional_string(std::string_view field,
                                                     std::size_t max_bytes) {
    const json::value* v = find(field);
    if (!v) return std::optional<std::string>{};
    auto s = string_value(field, *v, max_bytes);
    if (!s) return std::unexpected(s.error());
    return std::optional<std::string>{std::move(*s)};
  }

  Result<std::optional<std::int64_t>> optional_count(std::string_view field, std::int64_t max) {
    const json::value* v = find(field);
    if (!v) return std::optional<std::int64_t>{};
    std::int64_t n = 0;
    if (v->is_int64()) {
      n = v->get_int64();
    } else if (v->is_uint64()) {
      return std::unexpected(invalid_input(fmt::format("must be at most {}", max), path(field)));
    } else if (v->is_double() && std::isfinite(v->get_double()) &&
               v->get_double() == std::floor(v->get_double()) && std::abs(v->get_double()) < 1e15) {
      n = static_cast<std::int64_t>(v->get_double());
    } else {
      return std::unexpected(
          invalid_input(fmt::format("must be a whole number, got {}", kind_name(*v)), path(field)));
    }
    if (n < 0)
      return std::unexpected(
          invalid_input(fmt::format("must not be negative, got {}", n), path(field)));
    if (n > max)
      return std::unexpected(
          invalid_input(fmt::format("must be at most {}, got {}", max, n), path(field)));
    return std::optional<std::int64_t>{n};
  }

  Result<std::optional<double>> optional_amount(std::string_view field, double max) {
    const json::value* v = find(field);
    if (!v) return std::optional<double>{};
    if (!v->is_number()) {
      return std::unexpected(
          invalid_input(fmt::format("must be a number, got {}", kind_name(*v)), path(field)));
    }
    double x = v->to_number<double>();
    if (!std::isfinite(x))
      return std::unexpected(invalid_input("must be a finite number", path(field)));
    if (x < 0)
      return std::unexpected(
          invalid_input(fmt::format("must not be negative, got {}", x), path(field)));
    if (x > max)
      return std::unexpected(invalid_input(fmt::format("must be at most {}", max), path(field)));
    return std::optional<double>{to_fen(x)};
  }

  Result<bool> optional_bool(std::string_view field, bool fallback) {
    const json::value* v = find(field);
    if (!v) return fallback;
    if (!v->is_bool()) {
      return std::unexpected(
          invalid_input(fmt::format("must be true or false, got {}", kind_name(*v)), path(field)));
    }
    return v->get_bool();
  }

  Result<std::optional<Party>> optional_party(std::string_view field) {
    const json::value* v = find(field);
    if (!v) return std::optional<Party>{};
    if (!v->is_object()) {
      return std::unexpected(invalid_input(
          fmt::format("must be an object with name, phone, id_number; got {}", kind_name(*v)),
          path(field)));
    }
    FieldReader inner(v->get_object(), path(field) + ".", limits_);
    Party party;
    auto name = inner.optional_string("name", limits_.max_short_text);
    if (!name) return std::unexpected(name.error());
    auto phone = inner.optional_string("phone", limits_.max_short_text);
    if (!phone) return std::unexpected(phone.error());
    auto id_number = inner.optional_string("id_number", limits_.max_short_text);
    if (!id_number) return std::unexpected(id_number.error());
    if (auto unknown = inner.unknown_field()) return std::unexpected(*unknown);
    party.name = name->value_or("");
    party.phone = phone->value_or("");
    party.id_number = id_number->value_or("");
    return std::optional<Party>{std::move(party)};
  }

  // The first field of the object that no reader asked for, as an error.
  std::optional<Error> unknown_field() const {
    for (const auto& kv : obj_) {
      if (std::find(seen_.begin(), seen_.end(), kv.key()) == seen_.end()) {
        return invalid_input("unknown field", path(kv.key()));
      }
    }
    return std::nullopt;
  }

 private:
  Result<std::string> string_value(std::string_view field, const json::value& v,
                                   std::size_t max_bytes) {
    if (!v.is_string()) {
      return std::unexpected(
          invalid_input(fmt::format("must be a string, got {}", kind_name(v)), path(field)));
    }
    std::string_view s = v.get_string();
    if (auto bad = first_invalid_utf8(s); bad != s.size()) {
      return std::unexpected(invalid_input(
          fmt::format("is not valid UTF-8 (bad byte at offset {})", bad), path(field)));
    }
    if (s.size() > max_bytes) {
      return std::unexpected(invalid_input(
          fmt::format("is too long: {} bytes, the limit is {}", s.size(), max_bytes), path(field)));
    }
    return std::string(s);
  }

  const json::object& obj_;
  std::string prefix_;
  const DisputeLimits& limits_;
  std::vector<std::string_view> seen_;
};

}  // namespace

Result<Dispute> dispute_from_json(const json::value& value, const DisputeSchema& schema,
                                  std::string_view path_prefix) {
  const auto& limits = schema.limits;
  if (!value.is_object()) {
    return std::unexpected(invalid_input(
        fmt::format("a dispute must be a JSON object, got {}", kind_name(value)),
        path_prefix.empty() ? std::string{}
                            : std::string(path_prefix.substr(0, path_prefix.size() - 1))));
  }
  FieldReader in(value.get_object(), std::string(path_prefix), limits);
  Dispute d;

  auto external_id = in.required_string("external_id", limits.max_external_id);
  if (!external_id) return std::unexpected(external_id.error());
  d.external_id = std::move(*external_id);

  auto channel = in.required_string("channel", limits.max_channel);
  if (!channel) return std::unexpected(channel.error());
  if (!internal::is_channel_id(*channel)) {
    return std::unexpected(invalid_input(
        fmt::format("\"{}\" is not a channel id (lower-case letters, digits, '_', '-', '.')",
                    *channel),
        in.path("channel")));
  }
  if (!schema.channels.empty() && std::find(schema.channels.begin(), schema.channels.end(),
                                            *channel) == schema.channels.end()) {
    return std::unexpected(invalid_input(fmt::format("unknown channel \"{}\"; configured: {}",
                                                     *channel, fmt::join(schema.channels, ", ")),
                                         in.path("channel")));
  }
  d.channel = std::move(*channel);

  auto description = in.required_string("description", limits.max_description);
  if (!description) return std::unexpected(description.error());
  d.description = std::move(*description);

  auto received = in.optional_string("received_at", limits.max_short_text);
  if (!received) return std::unexpected(received.error());
  if (*received) {
    auto t = parse_timestamp(**received);
    if (!t) {
      return std::unexpected(invalid_input(
          fmt::format("\"{}\" is not an RFC 3339 date-time such as 2026-11-24T09:30:00+08:00",
                      utf8_prefix(**received, 64)),
          in.path("received_at")));
    }
    d.received_at = *t;
  }

  auto reply_due = in.optional_string("reply_due", limits.max_short_text);
  if (!reply_due) return std::unexpected(reply_due.error());
  if (*reply_due) {
    auto t = parse_timestamp(**reply_due);
    if (!t) {
      return std::unexpected(invalid_input(
          fmt::format("\"{}\" is not an RFC 3339 date-time such as 2026-11-27T17:00:00+08:00",
                      utf8_prefix(**reply_due, 64)),
          in.path("reply_due")));
    }
    if (d.received_at && *t < *d.received_at) {
      return std::unexpected(
          invalid_input(fmt::format("{} is before received_at {}", format_timestamp(*t),
                                    format_timestamp(*d.received_at)),
                        in.path("reply_due")));
    }
    d.reply_due = *t;
  }

  auto parties = in.optional_count("parties", limits.max_parties);
  if (!parties) return std::unexpected(parties.error());
  d.parties = *parties;

  auto amount = in.optional_amount("amount_claimed", limits.max_amount);
  if (!amount) return std::unexpected(amount.error());
  d.amount_claimed = *amount;

  auto injuries = in.optional_bool("injuries", false);
  if (!injuries) return std::unexpected(injuries.error());
  d.injuries = *injuries;

  for (auto [field, target, max] :
       {std::tuple{"street", &d.street, limits.max_short_text},
        std::tuple{"community", &d.community, limits.max_short_text},
        std::tuple{"address", &d.address, limits.max_address},
        std::tuple{"location_review", &d.location_review, limits.max_address},
        std::tuple{"declared_category", &d.declared_category, limits.max_short_text},
        std::tuple{"feedback", &d.feedback, limits.max_short_text},
        std::tuple{"feedback_comment", &d.feedback_comment, limits.max_address}}) {
    auto s = in.optional_string(field, max);
    if (!s) return std::unexpected(s.error());
    if (*s && !(*s)->empty()) *target = std::move(**s);
  }

  if (d.feedback && !internal::is_feedback_rating(*d.feedback)) {
    return std::unexpected(
        invalid_input("must be 满意, 非常满意, 基本满意 or 不满意", in.path("feedback")));
  }

  auto claimant = in.optional_party("claimant");
  if (!claimant) return std::unexpected(claimant.error());
  d.claimant = std::move(*claimant);
  auto respondent = in.optional_party("respondent");
  if (!respondent) return std::unexpected(respondent.error());
  d.respondent = std::move(*respondent);

  if (auto unknown = in.unknown_field()) return std::unexpected(*unknown);
  return d;
}

Result<Dispute> parse_dispute(std::string_view text, const DisputeSchema& schema) {
  // The usual case, a valid dispute, in one pass without a DOM; anything else is read again below,
  // where each error is found and worded (internal/dispute_reader.hpp).
  if (auto valid = internal::read_valid_dispute(text, schema)) return std::move(*valid);
  json::parse_options options;
  // Strings are checked field by field afterwards, so that invalid UTF-8 is reported with the
  // field it is in rather than as a bare byte offset.
  options.allow_invalid_utf8 = true;
  options.max_depth = 8;
  boost::system::error_code ec;
  json::monotonic_resource scratch;
  json::parser p(&scratch, options);
  std::size_t consumed = p.write_some(text.data(), text.size(), ec);
  if (ec) {
    return std::unexpected(internal::json_syntax_error(text, consumed, ec));
  }
  if (consumed < text.size()) {
    auto rest = text.substr(consumed);
    if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      return std::unexpected(invalid_input("invalid JSON: extra data after the object",
                                           fmt::format("byte {}", consumed)));
    }
  }
  json::value value = p.release();
  // Boost.JSON keeps the last of a repeated key: {"description":"a","description":"b"} is refused
  // rather than read as "b".
  if (auto unique = check_unique_keys(text.substr(0, consumed), value); !unique)
    return std::unexpected(unique.error());
  return dispute_from_json(value, schema);
}

json::object dispute_to_json(const Dispute& d) {
  json::object o;
  o["external_id"] = d.external_id;
  o["channel"] = d.channel;
  if (d.received_at) o["received_at"] = format_timestamp(*d.received_at);
  if (d.reply_due) o["reply_due"] = format_timestamp(*d.reply_due);
  o["description"] = d.description;
  if (d.parties) o["parties"] = *d.parties;
  if (d.amount_claimed) o["amount_claimed"] = *d.amount_claimed;
  o["injuries"] = d.injuries;
  if (d.street) o["street"] = *d.street;
  if (d.community) o["community"] = *d.community;
  if (d.address) o["address"] = *d.address;
  if (d.location_review) o["location_review"] = *d.location_review;
  auto party = [](const Party& p) {
    json::object po;
    if (!p.name.empty()) po["name"] = p.name;
    if (!p.phone.empty()) po["phone"] = p.phone;
    if (!p.id_number.empty()) po["id_number"] = p.id_number;
    return po;
  };
  if (d.claimant) o["claimant"] = party(*d.claimant);
  if (d.respondent) o["respondent"] = party(*d.respondent);
  if (d.declared_category) o["declared_category"] = *d.declared_category;
  if (d.feedback) o["feedback"] = *d.feedback;
  if (d.feedback_comment) o["feedback_comment"] = *d.feedback_comment;
  return o;
}

std::string dispute_to_json_text(const Dispute& d) { return json::serialize(dispute_to_json(d)); }

}  // namespace tiaojie
