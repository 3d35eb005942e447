#include "cli/demo_disputes.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <string_view>

namespace tiaojie::cli {
namespace {

// A small deterministic generator (SplitMix64): the standard distributions differ between
// library versions, and the demo should print the same figures everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<std::size_t>(below(static_cast<int>(std::size(c))))];
  }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::string_view, 18> k_streets{
    "赤岗", "新港",   "昌岗", "江南中", "滨江", "素社", "海幢", "南华西", "龙凤",
    "沙园", "南石头", "凤阳", "瑞宝",   "江海", "琶洲", "南洲", "华洲",   "官洲"};

struct Channel {
  std::string_view id;
  int weight;
};
constexpr std::array<Channel, 7> k_channels{{{"hotline_12345", 40},
                                             {"walk_in", 20},
                                             {"online", 15},
                                             {"police_referral", 12},
                                             {"court_referral", 6},
                                             {"petition", 5},
                                             {"media", 2}}};

struct Kind {
  int weight;
  std::array<std::string_view, 4> fragments;
  int parties_max;
  int amount_max;  // 0: no amount
  int injury_percent;
};
// The same vocabulary as the shared benchmark corpus, so that the shipped rules recognise it.
constexpr std::array<Kind, 12> k_kinds{{
    {14, {"拖欠工资", "欠薪", "工资一直未发", "老板跑路"}, 60, 600000, 0},
    {4, {"工伤", "上班时受伤", "工伤赔偿", "单位不肯申报工伤"}, 3, 300000, 60},
    {6, {"医疗纠纷", "手术后出现并发症", "误诊", "医院拒绝赔偿"}, 8, 900000, 30},
    {8, {"打架", "斗殴", "口角引发肢体冲突", "被人打伤"}, 6, 50000, 70},
    {10, {"邻里纠纷", "楼上漏水", "噪音扰民", "占用公共通道"}, 4, 0, 5},
    {8, {"婚姻纠纷", "赡养老人", "抚养费", "遗产继承"}, 6, 800000, 0},
    {7, {"物业费", "物业管理", "电梯故障", "停车位"}, 200, 100000, 0},
    {7, {"房屋租赁", "押金不退", "房东", "提前解约"}, 4, 80000, 0},
    {6, {"消费纠纷", "预付卡", "退款", "商家拒绝退货"}, 80, 50000, 0},
    {6, {"借款不还", "欠款", "合同纠纷", "工程款"}, 5, 2000000, 0},
    {4, {"交通事故", "电动车相撞", "追尾", "被车撞伤"}, 4, 300000, 50},
    {3, {"城市更新", "旧村改造", "拆迁补偿", "安置房"}, 150, 5000000, 0},
}};

constexpr std::array<std::string_view, 8> k_places{"某工地", "某餐饮店", "某物业公司", "某服装厂",
                                                   "某小区", "某医院",   "某出租屋",   "某商场"};
constexpr std::array<std::string_view, 6> k_filler{"双方多次协商未果", "请求有关部门介入调解",
                                                   "已持续一段时间",   "希望尽快解决",
                                                   "曾向社区反映",     "双方同意调解"};
constexpr std::string_view k_surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";  // 3 bytes each

template <class Items>
const auto& weighted(Rng& rng, const Items& items) {
  int total = 0;
  for (const auto& i : items) total += i.weight;
  int x = rng.below(total);
  for (const auto& i : items) {
    if ((x -= i.weight) < 0) return i;
  }
  return items.back();
}

}  // namespace

std::vector<DemoDispute> demo_disputes(int n, CivilDate first_day, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<DemoDispute> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& channel = weighted(rng, k_channels);
    const auto& kind = weighted(rng, k_kinds);
    std::string_view street = rng.pick(k_streets);
    int parties = 2 + rng.below(kind.parties_max);
    std::string description =
        fmt::format("{}街{}{}，{}，{}。", street, rng.pick(k_places), rng.pick(kind.fragments),
                    rng.pick(kind.fragments), rng.pick(k_filler));
    if (parties >= 10) description += fmt::format("涉及{}人。", parties);
    boost::json::object d;
    d["external_id"] = fmt::format("DEMO-{}-{:05}", channel.id, i + 1);
    d["channel"] = channel.id;
    d["received_at"] = fmt::format(
        "{}T{:02}:{:02}:00+08:00",
        format_date(CivilDate{std::chrono::sys_days{first_day} + std::chrono::days{rng.below(2)}}),
        8 + rng.below(10), rng.below(60));
    d["description"] = description;
    d["parties"] = parties;
    if (kind.amount_max > 0) d["amount_claimed"] = 500 + rng.below(kind.amount_max);
    d["injuries"] = rng.below(100) < kind.injury_percent;
    d["street"] = street;
    d["community"] = fmt::format("{}街第{}社区", street, 1 + rng.below(18));
    auto surname = k_surnames.substr(static_cast<std::size_t>(rng.below(20)) * 3, 3);
    d["claimant"] = {{"name", fmt::format("{}某", surname)},
                     {"phone", fmt::format("13{:09}", rng.next() % 1000000000ull)}};
    out.push_back({std::string(channel.id), boost::json::serialize(d)});
  }
  return out;
}

}  // namespace tiaojie::cli
