#include "model/internal/dispute_reader.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>

#include "model/utf8.hpp"

namespace tiaojie::internal {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// The members a dispute may have; their order is free.
enum class Field : std::uint8_t {
  external_id,
  channel,
  description,
  received_at,
  reply_due,
  parties,
  amount_claimed,
  injuries,
  street,
  community,
  address,
  location_review,
  declared_category,
  feedback,
  feedback_comment,
  claimant,
  respondent,
  unknown
};
enum class PartyField : std::uint8_t { name, phone, id_number, unknown };

constexpr std::string_view k_fields[] = {
    "external_id", "channel",         "description",       "received_at", "reply_due",
    "parties",     "amount_claimed",  "injuries",          "street",      "community",
    "address",     "location_review", "declared_category", "feedback",    "feedback_comment",
    "claimant",    "respondent"};
constexpr std::string_view k_party_fields[] = {"name", "phone", "id_number"};

template <class E, std::size_t N>
E lookup(const std::string_view (&names)[N], std::string_view key) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == key) return static_cast<E>(i);
  }
  return static_cast<E>(N);
}

// The SAX handler. Each on_* returns false to stop the parse as soon as the text is not a dispute
// this reader accepts; the strict reader then says why.
class Handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  explicit Handler(const DisputeSchema& schema) : limits_(schema.limits), schema_(schema) {}

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code& ec) { return refuse(ec); }
  bool on_array_end(std::size_t, error_code& ec) { return refuse(ec); }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }
  bool on_number_part(json::string_view, error_code&) { return true; }

  bool on_object_begin(error_code& ec) {
    if (depth_ == 0) return ++depth_, true;
    if (depth_ == 1 && (field_ == Field::claimant || field_ == Field::respondent)) {
      party_ = Party{};
      party_seen_ = 0;
      return ++depth_, true;
    }
    return refuse(ec);
  }
  bool on_object_end(std::size_t, error_code&) {
    if (depth_ == 2) (field_ == Field::claimant ? d_.claimant : d_.respondent) = std::move(party_);
    --depth_;
    return true;
  }

  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code& ec) {
    const std::string_view key = whole(s);
    if (depth_ == 1) {
      field_ = lookup<Field>(k_fields, key);
      return field_ != Field::unknown && first_time(seen_, static_cast<unsigned>(field_), ec);
    }
    party_field_ = lookup<PartyField>(k_party_fields, key);
    return party_field_ != PartyField::unknown &&
           first_time(party_seen_, static_cast<unsigned>(party_field_), ec);
  }

  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code& ec) {
    return string_value(whole(s)) || refuse(ec);
  }
  bool on_int64(std::int64_t i, json::string_view, error_code& ec) {
    if (depth_ == 1 && field_ == Field::parties) return count(i) || refuse(ec);
    return amount(static_cast<double>(i)) || refuse(ec);
  }
  bool on_uint64(std::uint64_t u, json::string_view, error_code& ec) {
    return (field_ != Field::parties && amount(static_cast<double>(u))) || refuse(ec);
  }
  bool on_double(double x, json::string_view, error_code& ec) {
    if (depth_ == 1 && field_ == Field::parties) {
      // The strict reader takes a double as a count when it is a whole number below 1e15.
      const bool whole_number = std::isfinite(x) && x == std::floor(x) && std::abs(x) < 1e15;
      return (whole_number && count(static_cast<std::int64_t>(x))) || refuse(ec);
    }
    return amount(x) || refuse(ec);
  }
  bool on_bool(bool b, error_code& ec) {
    if (depth_ != 1 || field_ != Field::injuries) return refuse(ec);
    d_.injuries = b;
    return true;
  }
  bool on_null(error_code& ec) {
    if (depth_ == 2) return true;  // a party's field given as null reads as ""
    switch (field_) {
      case Field::external_id:
      case Field::channel:
      case Field::description:
        return refuse(ec);  // required
      default:
        return true;  // absent (injuries: false, the default)
    }
  }

  // The dispute, once the whole text has been read: the checks that span fields.
  std::optional<Dispute> finish() {
    constexpr auto required = (1U << static_cast<unsigned>(Field::external_id)) |
                              (1U << static_cast<unsigned>(Field::channel)) |
                              (1U << static_cast<unsigned>(Field::description));
    if ((seen_ & required) != required) return std::nullopt;
    if (d_.reply_due && d_.received_at && *d_.reply_due < *d_.received_at) return std::nullopt;
    if (!schema_.channels.empty() && std::find(schema_.channels.begin(), schema_.channels.end(),
                                               d_.channel) == schema_.channels.end())
      return std::nullopt;
    if (d_.feedback && !is_feedback_rating(*d_.feedback)) return std::nullopt;
    return std::move(d_);
  }

 private:
  static bool refuse(error_code& ec) {
    // Any code stops the parser; which one does not matter, the strict reader names the error.
    ec = json::error::extra_data;
    return false;
  }
  static bool first_time(std::uint32_t& seen, unsigned bit, error_code& ec) {
    if (seen & (1U << bit)) return refuse(ec);  // a repeated key
    seen |= 1U << bit;
    return true;
  }
  // A key or string delivered whole, or its parts (escapes) put together.
  std::string_view whole(json::string_view last) {
    if (part_.empty()) return {last.data(), last.size()};
    part_.append(last.data(), last.size());
    joined_.swap(part_);
    part_.clear();
    return joined_;
  }

  static bool text_ok(std::string_view s, std::size_t max_bytes) {
    return s.size() <= max_bytes && first_invalid_utf8(s) == s.size();
  }

  bool string_value(std::string_view s) {
    if (depth_ == 2) {
      if (!text_ok(s, limits_.max_short_text)) return false;
      auto& target = party_field_ == PartyField::name    ? party_.name
                     : party_field_ == PartyField::phone ? party_.phone
                                                         : party_.id_number;
      target.assign(s);
      return true;
    }
    switch (field_) {
      case Field::external_id:
        return required_text(s, limits_.max_external_id, d_.external_id);
      case Field::channel:
        return is_channel_id(s) && required_text(s, limits_.max_channel, d_.channel);
      case Field::description:
        return required_text(s, limits_.max_description, d_.description);
      case Field::received_at:
        return timestamp(s, d_.received_at);
      case Field::reply_due:
        return timestamp(s, d_.reply_due);
      case Field::street:
        return optional_text(s, limits_.max_short_text, d_.street);
      case Field::community:
        return optional_text(s, limits_.max_short_text, d_.community);
      case Field::address:
        return optional_text(s, limits_.max_address, d_.address);
      case Field::location_review:
        return optional_text(s, limits_.max_address, d_.location_review);
      case Field::declared_category:
        return optional_text(s, limits_.max_short_text, d_.declared_category);
      case Field::feedback:
        return optional_text(s, limits_.max_short_text, d_.feedback);
      case Field::feedback_comment:
        return optional_text(s, limits_.max_address, d_.feedback_comment);
      default:
        return false;  // a string where a number, a boolean or a party belongs
    }
  }
  static bool required_text(std::string_view s, std::size_t max, std::string& out) {
    if (s.empty() || !text_ok(s, max)) return false;
    out.assign(s);
    return true;
  }
  static bool optional_text(std::string_view s, std::size_t max, std::optional<std::string>& out) {
    if (!text_ok(s, max)) return false;
    if (!s.empty()) out.emplace(s);  // "" reads as absent
    return true;
  }
  bool timestamp(std::string_view s, std::optional<Timestamp>& out) const {
    if (!text_ok(s, limits_.max_short_text)) return false;
    out = parse_timestamp(s);
    return out.has_value();
  }
  bool count(std::int64_t n) {
    if (n < 0 || n > limits_.max_parties) return false;
    d_.parties = n;
    return true;
  }
  bool amount(double x) {
    if (depth_ != 1 || field_ != Field::amount_claimed) return false;
    if (!std::isfinite(x) || x < 0 || x > limits_.max_amount) return false;
    d_.amount_claimed = to_fen(x);
    return true;
  }

  const DisputeLimits& limits_;
  const DisputeSchema& schema_;
  Dispute d_;
  Party party_;
  int depth_ = 0;
  Field field_ = Field::unknown;
  PartyField party_field_ = PartyField::unknown;
  std::uint32_t seen_ = 0, party_seen_ = 0;
  std::string part_, joined_;  // used only when a key or string comes in parts (escapes)
};

}  // namespace

std::optional<Dispute> read_valid_dispute(std::string_view text, const DisputeSchema& schema) {
  // The strict reader's options, so that both see the same document.
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  options.max_depth = 8;
  json::basic_parser<Handler> p(options, schema);
  error_code ec;
  const std::size_t consumed = p.write_some(false, text.data(), text.size(), ec);
  if (ec) return std::nullopt;
  if (text.substr(consumed).find_first_not_of(" \t\r\n") != std::string_view::npos)
    return std::nullopt;
  return p.handler().finish();
}

bool is_channel_id(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

bool is_feedback_rating(std::string_view s) {
  static constexpr std::string_view k_ratings[] = {
      "满意", "非常满意", "基本满意", "不满意", "satisfied", "basically_satisfied", "dissatisfied"};
  return std::find(std::begin(k_ratings), std::end(k_ratings), s) != std::end(k_ratings);
}

}  // namespace tiaojie::internal
