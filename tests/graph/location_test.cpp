#include "graph/location.hpp"

#include <doctest/doctest.h>

namespace tg = tiaojie::graph;

TEST_CASE("a street name matches in its usual forms") {
  CHECK(tg::street_key("凤阳") == "凤阳");
  CHECK(tg::street_key("凤阳街") == "凤阳");
  CHECK(tg::street_key("凤阳街道") == "凤阳");
  CHECK(tg::street_key(" 凤阳街道\u3000") == "凤阳");
  CHECK(tg::street_key("街道") == "街道");  // nothing would remain: left alone
  CHECK(tg::street_key("沙园镇") == "沙园镇");
}

TEST_CASE("a community name matches in its usual forms") {
  CHECK(tg::community_key("青凤社区") == "青凤");
  CHECK(tg::community_key("青凤") == "青凤");
  CHECK(tg::community_key("青凤社区居委会") == "青凤");
  CHECK(tg::community_key("青凤社区居民委员会") == "青凤");
  CHECK(tg::community_key("凤阳街第3社区", "凤阳") == "第3");
  CHECK(tg::community_key("凤阳街道第3社区", "凤阳") == "第3");
  CHECK(tg::community_key("第3社区", "凤阳") == "第3");
  CHECK(tg::community_key("凤阳街第3社区") == "凤阳街第3");
  CHECK(tg::community_key("江南中社区", "江南中") ==
        "江南中");  // the street's name is all there is
}
