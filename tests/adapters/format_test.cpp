#include "adapters/format.hpp"

#include <doctest/doctest.h>

#include "adapters_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

TEST_CASE("every shipped format loads") {
  const auto& formats = test::shipped_formats();
  for (const char* id : {"hotline_12345", "police_referral", "court_referral", "walk_in",
                         "online_form", "petition", "media_lead"}) {
    CAPTURE(id);
    CHECK(formats.contains(id));
  }
  CHECK(formats.at("online_form").channel == "online");
  CHECK(formats.at("media_lead").channel == "media");
  const auto* due = formats.at("hotline_12345").rule_for("reply_due");
  REQUIRE(due);
  CHECK(due->sources == std::vector<std::string>{"办理时限"});
}

struct BadFormat {
  const char* toml;
  const char* where;
  const char* message_part;
};

TEST_CASE("format files with mistakes are refused with file:line:column and the reason") {
  const char* head = "[format]\nid = \"x\"\n";
  const BadFormat cases[] = {
      {"[format]\nid = \"x\"\n[[field]]\ntarget = \"external_id\"\nfrom = \"a\"\n", "f.toml:1:1",
       "no [[field]] fills description"},
      {"[[field]]\ntarget = \"descripton\"\nfrom = \"a\"\n", "f.toml:4:10",
       "unknown target \"descripton\""},
      {"[[field]]\ntarget = \"description\"\nfrm = \"a\"\n", "f.toml:5:7", "unknown key \"frm\""},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\nconcat = [\"b\"]\n", "f.toml:3:1",
       "only one of"},
      {"[[field]]\ntarget = \"injuries\"\nfrom = \"a\"\n[field.map]\n\"有\" = \"yes\"\n",
       "f.toml:7:7", "must be true or false"},
      {"[[field]]\ntarget = \"received_at\"\nconcat = [\"a\", \"b\"]\n", "f.toml:3:1",
       "concat can only fill a text"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\nunmapped = \"ignore\"\n", "f.toml:6:12",
       "unmapped must be error, keep or drop"},
      {"[[field]]\ntarget = \"description\"\nconcat = [\"a\", \"b\"]\nlabels = [\"x\"]\n",
       "f.toml:6:10", "labels has 1 entries for 2 fields"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\n[[field]]\ntarget = "
       "\"description\"\nfrom = \"b\"\n",
       "f.toml:6:1", "a second rule for description"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\nrequired = \"yes\"\n", "f.toml:6:12",
       "required must be true, false or a list"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\n[aliases]\n\"a\" = [\"x\"]\n\"b\" = "
       "[\"y\", \"x\"]\n",
       "f.toml:8:13", "alias \"x\" is already an alias of a"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\n[aliases]\n\"c\" = [\"x\", \"x\"]\n",
       "f.toml:7:13", "alias \"x\" is listed twice for c"},
      {"[[field]]\ntarget = \"description\"\nfrom = \"a\"\n[aliases]\n\"b\" = [\"a\"]\n",
       "f.toml:7:8", "alias \"a\" of b is itself a field the format reads"},
      {"[[field]]\ntarget = \"description\nfrom = \"a\"\n", "f.toml:4:22",
       ""},  // TOML syntax: the string does not end
  };
  for (const auto& c : cases) {
    std::string text = c.toml;
    if (!text.starts_with("[format]")) text = head + text;
    CAPTURE(text);
    auto f = parse_format(text, "f.toml");
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error().code == ErrorCode::invalid_input);
    CHECK(f.error().where == c.where);
    CHECK(f.error().message.find(c.message_part) != std::string::npos);
  }
}

TEST_CASE("two files with the same format id conflict") {
  auto dir = test::binary_dir() / "adapters-dup-formats";
  std::filesystem::create_directories(dir);
  for (const char* name : {"a.toml", "b.toml"}) {
    std::ofstream(dir / name)
        << "[format]\nid = \"same\"\n[[field]]\ntarget = \"external_id\"\nfrom = \"a\"\n"
           "[[field]]\ntarget = \"description\"\nfrom = \"b\"\n";
  }
  auto formats = load_formats(dir);
  REQUIRE_FALSE(formats);
  CHECK(formats.error().code == ErrorCode::conflict);
  CHECK(formats.error().where.ends_with("b.toml"));
}
