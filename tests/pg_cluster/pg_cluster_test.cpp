// The tests' private PostgreSQL server (support/pg_cluster.hpp): each postgres_url() is a new
// database of its own on a real PostgreSQL 15, and what is written there stays there.
#include "support/pg_cluster.hpp"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

namespace {

using tiaojie::test::postgres_url;
using Connection = tiaojie::test::pg_cluster_detail::Connection;

Connection open(const std::string& url) { return tiaojie::test::pg_cluster_detail::connect(url); }

// Runs `sql`; the first column of its first row ("" when it returns no rows). A failed statement
// fails the test with the server's message.
std::string query(PGconn* conn, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn, sql.c_str()), &PQclear);
  const auto status = PQresultStatus(r.get());
  INFO(sql, ": ", PQresultErrorMessage(r.get()));
  REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
  return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
}

}  // namespace

TEST_CASE("each postgres_url() is its own database, on PostgreSQL 15") {
  const std::string a = postgres_url(), b = postgres_url();
  REQUIRE(a != b);
  auto ca = open(a), cb = open(b);
  const std::string name_a = query(ca.get(), "SELECT current_database()");
  CHECK(name_a.starts_with("t_"));
  CHECK(name_a != query(cb.get(), "SELECT current_database()"));
  CHECK(std::stoi(query(ca.get(), "SHOW server_version_num")) >= 150000);
  CHECK(std::stoi(query(ca.get(), "SHOW server_version_num")) < 160000);
  // The URL is the one the script prints, so that a developer can reach the database by hand.
  const std::string dir = PQhost(ca.get());
  CHECK(tiaojie::test::pg_cluster_detail::run_script({"url", dir, name_a}) == a + "\n");

  query(ca.get(), "CREATE TABLE disputes (id integer PRIMARY KEY)");
  CHECK(query(ca.get(), "SELECT to_regclass('disputes') IS NOT NULL") == "t");
  CHECK(query(cb.get(), "SELECT to_regclass('disputes') IS NOT NULL") == "f");
}

TEST_CASE("committed data survives a reconnect") {
  const std::string url = postgres_url();
  {
    auto conn = open(url);
    query(conn.get(), "CREATE TABLE cases (id integer PRIMARY KEY, party text NOT NULL)");
    query(conn.get(), "INSERT INTO cases VALUES (1, '张三'), (2, '李四')");
  }
  auto again = open(url);
  CHECK(query(again.get(), "SELECT count(*) FROM cases") == "2");
  CHECK(query(again.get(), "SELECT party FROM cases WHERE id = 2") == "李四");
}
