// docs/openapi.json describes the JSON API the daemon serves: the same paths, each with the same
// methods, nothing more and nothing less.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/http/workbench.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

TEST_CASE("docs/openapi.json lists exactly the /api/v1 routes and methods the daemon serves") {
  daemon::http::Router router;
  daemon::http::add_workbench_routes(router, {});
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [path, methods] : router.routes()) {
    if (!path.starts_with("/api/")) continue;
    for (auto m : methods) {
      std::string name(boost::beast::http::to_string(m));
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      served.emplace(path, name);
    }
  }
  REQUIRE_FALSE(served.empty());

  std::ifstream in(source_dir() / "docs" / "openapi.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = boost::json::parse(text.str()).as_object();
  CHECK(doc.at("openapi").as_string().starts_with("3."));
  std::set<std::pair<std::string, std::string>> described;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      CHECK_MESSAGE(operation.as_object().contains("responses"), path, " ", method);
      described.emplace(std::string(path), std::string(method));
    }
  }
  for (const auto& route : served)
    CHECK_MESSAGE(described.contains(route), "undocumented: ", route.first, " ", route.second);
  for (const auto& route : described)
    CHECK_MESSAGE(served.contains(route), "not served: ", route.first, " ", route.second);
}

}  // namespace tiaojie::test
