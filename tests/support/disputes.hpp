// Synthetic disputes for the tests, generated here so that no test reads anything outside the
// repository (the shared benchmark corpus stays a benchmark input).
//
// generated_disputes() writes well-formed canonical disputes (design.md §3), one JSON object per
// line: Haizhu's 18 streets and the communities the shipped graph names ("<street>街第<N>社区",
// config/bodies/gen_haizhu.py), the seven channels, descriptions built from wordings the shipped
// rules recognise, invented parties. tricky_disputes() writes the malformed and borderline records
// the robustness tests feed to the parser and the daemon.
//
// Deterministic: the same options give the same bytes on every platform (std::mt19937_64's raw
// output is fixed by the standard; no std::*_distribution, whose results are not). The dates are
// fixed inputs inside the years config/calendar covers; nothing here reads the clock.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::test {

struct CorpusOptions {
  int n = 1000;
  std::uint64_t seed = 1;
  // received_at is spread uniformly over [first_day 00:00, first_day + days) in Asia/Shanghai.
  std::chrono::year_month_day first_day{std::chrono::year{2025}, std::chrono::December,
                                        std::chrono::day{1}};
  int days = 365;
};

namespace corpus_detail {

struct Channel {
  std::string_view id;
  int weight;
};
inline constexpr std::array<Channel, 7> k_channels{{{"hotline_12345", 38},
                                                    {"walk_in", 22},
                                                    {"online", 14},
                                                    {"police_referral", 12},
                                                    {"court_referral", 6},
                                                    {"petition", 5},
                                                    {"media", 3}}};

// Official order (domain.md); the shipped graph has a body tree under each.
inline constexpr std::array<std::string_view, 18> k_streets{
    "赤岗", "新港",   "昌岗", "江南中", "滨江", "素社", "海幢", "南华西", "龙凤",
    "沙园", "南石头", "凤阳", "瑞宝",   "江海", "琶洲", "南洲", "华洲",   "官洲"};

// A kind of dispute: wordings that each contain a keyword of rules/category.toml, how many
// parties it usually has (more than ten makes some of them group disputes), the claim in yuan
// (0: none) and how often someone is hurt.
struct Kind {
  int weight;
  std::array<std::string_view, 4> wordings;
  int parties_max;
  int amount_max;
  int injury_percent;
};
inline constexpr std::array<Kind, 14> k_kinds{{
    {13, {"工地老板拖欠工资", "三个月没发工资", "讨薪无果", "包工头少算工钱"}, 80, 500000, 0},
    {4,
     {"搬货时发生工伤", "上班时受伤住院", "单位不承认是工伤", "工伤认定后无人赔偿"},
     3,
     250000,
     65},
    {5, {"被公司无故辞退", "试用期满被解雇", "要求支付经济补偿金", "公司未缴社保"}, 25, 150000, 0},
    {6, {"手术后伤口感染", "怀疑医生误诊", "就诊时与护士发生争执", "诊所用错药"}, 6, 700000, 35},
    {8, {"酒后打架", "双方发生肢体冲突", "被人殴打", "在店门口斗殴"}, 5, 40000, 70},
    {10, {"楼上漏水到楼下", "夜间噪音扰民", "楼道堆放杂物", "邻居养狗狗吠不止"}, 4, 0, 3},
    {8, {"夫妻闹离婚", "子女不付赡养费", "为遗产继承起争执", "争夺抚养权"}, 6, 600000, 2},
    {7,
     {"物业费收费不合理", "电梯故障多次未修", "停车位被长期占用", "业主委员会换届争议"},
     150,
     80000,
     0},
    {7, {"房东不退押金", "拖欠房租两个月", "租客提前退租", "二房东突然涨租"}, 4, 60000, 0},
    {6,
     {"健身房预付卡无法退费", "培训机构拒绝退学费", "网购商品质量问题", "商家拒绝退货"},
     60,
     30000,
     0},
    {6, {"朋友借款不还", "工程款迟迟不结", "民间借贷到期不还", "装修公司拖延工期"}, 5, 1500000, 0},
    {4,
     {"电动车与汽车相撞", "路口发生追尾", "过马路被车撞伤", "交通事故赔偿谈不拢"},
     4,
     250000,
     55},
    {3,
     {"旧城改造补偿款", "拆迁补偿标准有分歧", "安置房分配不公", "集体土地征收"},
     120,
     4000000,
     0},
    {3, {"工厂排放废气", "餐馆油烟扰民", "建筑垃圾乱倒", "污水直排河涌"}, 90, 0, 0},
}};

inline constexpr std::array<std::string_view, 10> k_places{
    "某工地",   "某餐饮店", "某小区",   "某服装厂", "某城中村",
    "某写字楼", "某菜市场", "某出租屋", "某商场",   "某电子厂"};
inline constexpr std::array<std::string_view, 10> k_details{
    "双方多次协商未果", "请求街道介入调解", "已持续半年",   "希望尽快解决", "曾向居委会反映",
    "对方不接电话",     "涉及金额较大",     "影响正常生活", "证据材料齐全", "双方同意调解"};
inline constexpr std::string_view k_surnames =
    "陈李黄张梁林何刘吴罗郑王周谢冯邓曾彭叶蔡";                                  // 3 bytes each
inline constexpr std::string_view k_given = "志伟国华丽敏芳强杰婷健明辉燕玲峰";  // 3 bytes each

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // Uniform enough in [0, n) for test data (n is tiny next to 2^64).
  int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }
  template <class Items>
  const auto& weighted(const Items& items) {
    int total = 0;
    for (const auto& i : items) total += i.weight;
    int x = below(total);
    for (const auto& i : items) {
      if ((x -= i.weight) < 0) return i;
    }
    return items.back();
  }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<std::size_t>(below(static_cast<int>(std::size(c))))];
  }
  std::string_view pick_char(std::string_view three_byte_chars) {
    return three_byte_chars.substr(
        static_cast<std::size_t>(below(static_cast<int>(three_byte_chars.size() / 3))) * 3, 3);
  }

 private:
  std::mt19937_64 engine_;
};

inline std::string padded(long long v, int width) {
  std::string s = std::to_string(v);
  const auto w = static_cast<std::size_t>(width);
  return std::string(s.size() < w ? w - s.size() : 0, '0') + s;
}

inline std::string digits(Rng& rng, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s += static_cast<char>('0' + rng.below(10));
  return s;
}

// A resident ID number (GB 11643): Haizhu's area code, a birth date, a sequence, a valid check
// character, so that masks which check it see a real-looking one.
inline std::string id_number(Rng& rng) {
  using namespace std::chrono;
  const year_month_day born{year{rng.between(1950, 2004)},
                            month{static_cast<unsigned>(rng.between(1, 12))},
                            day{static_cast<unsigned>(rng.between(1, 28))}};
  std::string s = "440105" + padded(static_cast<int>(born.year()), 4) +
                  padded(static_cast<unsigned>(born.month()), 2) +
                  padded(static_cast<unsigned>(born.day()), 2) + digits(rng, 3);
  static constexpr int k_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * k_weights[i];
  return s + "10X98765432"[sum % 11];
}

inline std::string person_name(Rng& rng) {
  std::string name(rng.pick_char(k_surnames));
  const int given = rng.between(1, 2);
  for (int i = 0; i < given; ++i) name += rng.pick_char(k_given);
  return name;
}

// "YYYY-MM-DDTHH:MM:SS+08:00" for `seconds` after local midnight of `first_day`.
inline std::string shanghai_timestamp(std::chrono::year_month_day first_day, long long seconds) {
  using namespace std::chrono;
  const sys_days day = sys_days{first_day} + days{seconds / 86400};
  const year_month_day d{day};
  const long long s = seconds % 86400;
  return padded(static_cast<int>(d.year()), 4) + "-" + padded(static_cast<unsigned>(d.month()), 2) +
         "-" + padded(static_cast<unsigned>(d.day()), 2) + "T" + padded(s / 3600, 2) + ":" +
         padded(s / 60 % 60, 2) + ":" + padded(s % 60, 2) + "+08:00";
}

// The vocabulary holds no '"', '\\' or control character, so strings need no escaping.
inline std::string json_string(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace corpus_detail

// `options.n` canonical disputes, external ids "G000000000", "G000000001", …
inline std::vector<std::string> generated_disputes(const CorpusOptions& options) {
  using namespace corpus_detail;
  Rng rng(options.seed);
  std::vector<std::string> lines;
  lines.reserve(static_cast<std::size_t>(options.n));
  for (int i = 0; i < options.n; ++i) {
    const Kind& kind = rng.weighted(k_kinds);
    const Channel& channel = rng.weighted(k_channels);
    const std::string_view street = rng.pick(k_streets);
    const bool group = kind.parties_max > 10 && rng.below(100) < 15;
    const int parties = group ? rng.between(10, kind.parties_max)
                              : rng.between(2, kind.parties_max < 3 ? kind.parties_max : 3);

    std::string description = std::string(street) + "街" + std::string(rng.pick(k_places)) + "，";
    const int first = rng.below(4);
    description += kind.wordings[static_cast<std::size_t>(first)];
    if (group) description += "，涉及" + std::to_string(parties) + "人";
    if (rng.below(2) == 0)
      description +=
          "，" +
          std::string(kind.wordings[static_cast<std::size_t>((first + 1 + rng.below(3)) % 4)]);
    const int details = rng.between(1, 3);
    for (int k = 0; k < details; ++k) description += "，" + std::string(rng.pick(k_details));
    description += "。";

    const long long second =
        static_cast<long long>(rng.below(options.days)) * 86400 + rng.below(86400);
    std::string amount = "null";
    if (kind.amount_max > 0 && rng.below(10) < 8) {
      const long long cents = 100LL * rng.between(100, kind.amount_max) + rng.below(100);
      amount = std::to_string(cents / 100) + "." + padded(cents % 100, 2);
    }
    const bool injured = rng.below(100) < kind.injury_percent;
    const std::string claimant = person_name(rng);
    const std::string phone =
        "1" + std::string(1, static_cast<char>('3' + rng.below(7))) + digits(rng, 9);
    const std::string id = id_number(rng);

    std::string line =
        "{\"external_id\":\"G" + padded(i, 9) + "\",\"channel\":" + json_string(channel.id) +
        ",\"received_at\":" + json_string(shanghai_timestamp(options.first_day, second)) +
        ",\"description\":" + json_string(description) + ",\"parties\":" + std::to_string(parties) +
        ",\"amount_claimed\":" + amount + ",\"injuries\":" + (injured ? "true" : "false") +
        ",\"street\":" + json_string(street) + ",\"community\":" +
        json_string(std::string(street) + "街第" + std::to_string(rng.between(1, 18)) + "社区") +
        ",\"claimant\":{\"name\":" + json_string(claimant) + ",\"phone\":" + json_string(phone) +
        ",\"id_number\":" + json_string(id) +
        "},\"respondent\":{\"name\":" + json_string(person_name(rng)) + "}}";
    lines.push_back(std::move(line));
  }
  return lines;
}

inline std::vector<std::string> generated_disputes(int n, std::uint64_t seed) {
  CorpusOptions o;
  o.n = n;
  o.seed = seed;
  return generated_disputes(o);
}

// The number of records tricky_disputes() returns.
inline constexpr std::size_t k_tricky_count = 19;

// Nineteen records, T1 … T19 in this order, each breaking one thing (the comment says what). T7 is
// the only well-formed one: a street that does not exist, accepted and sent for review. The
// others must be refused with the field (or byte) at fault.
inline std::vector<std::string> tricky_disputes() {
  const std::string head = R"("channel":"hotline_12345","description":"楼上漏水")";
  auto with = [&](const char* id, const std::string& extra) {
    return std::string("{\"external_id\":\"") + id + "\"," + head + extra + "}";
  };
  std::string too_long;
  for (int i = 0; i < 40000; ++i) too_long += "欠薪";  // 240,000 bytes, over any description limit
  return {
      R"({"external_id":"T1","channel":"hotline_12345","description":""})",  // empty description
      R"({"external_id":"T2","channel":"hotline_12345","description":")" + too_long + "\"}",
      with("T3", R"(,"parties":"three")"),                                 // parties not a number
      with("T4", R"(,"parties":-2)"),                                      // parties negative
      with("T5", R"(,"amount_claimed":-100)"),                             // negative claim
      R"({"external_id":"T6","channel":"fax","description":"楼上漏水"})",  // unknown channel
      with("T7", R"(,"street":"不存在街")"),                // well-formed: unknown street
      "{" + head + "}",                                     // no external_id
      R"({"external_id":"T9","channel":"hotline_12345"})",  // no description
      with("T10", R"(,"received_at":"yesterday")"),         // not a timestamp
      with("T11", R"(,"injuries":"yes")"),                  // not a boolean
      with("T12", R"(,"claimant":"张三")"),                 // a party that is not an object
      R"({"external_id":"","channel":"hotline_12345","description":"楼上漏水"})",  // empty
                                                                                   // external_id
      R"({"external_id":"T14","channel":"hotline_12345","description":null})",  // null description
      "{\"external_id\":\"T15\",\"channel\":\"hotline_12345\",\"description\":"
      "\"\xff\xfe\xc0\xaf\"}",                               // not UTF-8
      R"({"external_id":"T16","channel":"hotline_12345",)",  // cut short
      "not json at all",
      "[1,2,3]",  // JSON, not an object
      R"({"external_id":"T19","channel":"hotline_12345","description":"\ud800"})",  // lone
                                                                                    // surrogate
                                                                                    // escape
  };
}

}  // namespace tiaojie::test
