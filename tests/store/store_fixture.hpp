// Store backends under test: each test of store behaviour runs against every implementation.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lifecycle/event_builders.hpp"
#include "model/dispute_json.hpp"
#include "store/memory_store.hpp"
#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"
#include "support/paths.hpp"
#include "support/pg_cluster.hpp"

namespace tiaojie::test {

// A fresh directory under the build tree, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = binary_dir() / "tmp" /
            ("store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct MemoryBackend {
  static constexpr const char* name = "memory";
  std::unique_ptr<store::Store> open() { return std::make_unique<store::MemoryStore>(); }
};

struct SqliteBackend {
  static constexpr const char* name = "sqlite";
  TempDir dir;
  std::unique_ptr<store::Store> open() {
    auto s = store::SqliteStore::open({.path = dir.file("cases.db")});
    if (!s) throw std::runtime_error(s.error().to_string());
    return std::move(*s);
  }
};

// A new empty database on the tests' private PostgreSQL server (support/pg_cluster.hpp); open()
// again reaches the same database, as SqliteBackend's reaches the same file.
struct PostgresBackend {
  static constexpr const char* name = "postgresql";
  std::string url = postgres_url();
  std::unique_ptr<store::Store> open() {
    auto s = store::PostgresStore::open({.conninfo = url});
    if (!s) throw std::runtime_error(s.error().to_string());
    return std::move(*s);
  }
};

// Every row `sql` selects, each value with its SQLite type: what two stores that must agree byte
// for byte are compared by.
inline std::vector<std::string> column_texts(SQLite::Database& db, const std::string& sql) {
  std::vector<std::string> out;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) {
    std::string row;
    for (int c = 0; c < q.getColumnCount(); ++c)
      row += q.getColumn(c).getString() + "|" + std::to_string(q.getColumn(c).getType()) + ";";
    out.push_back(row);
  }
  return out;
}

inline Dispute dispute_for(const std::string& external_id, const std::string& channel = "walk_in") {
  Dispute d;
  d.external_id = external_id;
  d.channel = channel;
  d.received_at = at("2026-02-13T10:00:00+08:00");
  d.description = "凤阳街某工地拖欠工资";
  d.claimant = Party{"张三", "13800000000", "440105199001011234"};
  return d;
}

// A complete new case: its dispute and the intake events.
// Commits `change` alone; the test stops unless it was stored.
inline store::Committed commit_one(store::Store& s, store::Change change) {
  std::vector<store::Change> batch{std::move(change)};
  auto r = s.commit(batch);
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  REQUIRE((*r)[0].has_value());
  return *(*r)[0];
}

inline store::NewCase new_case(const std::string& external_id,
                               const std::string& body = "hz.street.fengyang") {
  auto d = dispute_for(external_id);
  return store::NewCase{d, dispute_to_json_text(d), intake(external_id, body)};
}

}  // namespace tiaojie::test
