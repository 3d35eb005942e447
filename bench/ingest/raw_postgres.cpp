#include "raw_postgres.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "store/internal/pg_connection.hpp"

namespace tiaojie::bench {

using store::internal::PgArray;
using store::internal::PgConnection;
using store::internal::PgParams;
using store::internal::PgResult;

namespace {

struct Table {
  std::string name;
  std::vector<std::string> columns, types;
  int case_column = 0;
  // case_id → its rows, each value as text (nullopt: NULL).
  std::unordered_map<std::int64_t, std::vector<std::vector<std::optional<std::string>>>> by_case;
};

Table read_table(PgConnection& db, const std::string& name) {
  Table t{.name = name};
  auto cols = db.exec(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
      "'public' AND table_name = $1 ORDER BY ordinal_position",
      PgParams().add(name));
  for (int i = 0; i < cols.rows(); ++i) {
    t.columns.emplace_back(cols.text(i, 0));
    t.types.emplace_back(cols.text(i, 1));
    if (t.columns.back() == "case_id") t.case_column = i;
  }
  db.scan(fmt::format("SELECT * FROM public.{}", name), {}, [&t](const PgResult& r, int i) {
    std::vector<std::optional<std::string>> row;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const int col = static_cast<int>(c);
      row.push_back(r.is_null(i, col) ? std::nullopt
                                      : std::optional<std::string>(std::string(r.text(i, col))));
    }
    t.by_case[r.int64(i, t.case_column)].push_back(std::move(row));
    return true;
  });
  return t;
}

}  // namespace

double run_raw_postgres_same_rows(const std::string& url, std::size_t batch) {
  auto connected = PgConnection::connect(url);
  if (!connected) throw std::runtime_error(connected.error().to_string());
  auto& db = *connected;
  std::vector<Table> tables;
  for (const char* name :
       {"disputes", "events", "cases", "assignments", "report_cases", "decisions", "repeat_keys"}) {
    tables.push_back(read_table(db, name));
  }
  std::vector<std::int64_t> case_ids;
  for (const auto& [id, rows] : tables[0].by_case) case_ids.push_back(id);
  std::sort(case_ids.begin(), case_ids.end());
  std::unordered_map<std::int64_t, std::string> body_of;
  const auto& cases = tables[2];
  const auto body_column = static_cast<std::size_t>(
      std::find(cases.columns.begin(), cases.columns.end(), "body") - cases.columns.begin());
  for (const auto& [id, rows] : cases.by_case) body_of[id] = rows.front()[body_column].value_or("");

  db.exec("DROP SCHEMA IF EXISTS raw CASCADE; CREATE SCHEMA raw");
  std::vector<std::string> inserts;
  for (const auto& t : tables) {
    db.exec(fmt::format("CREATE TABLE raw.{0} (LIKE public.{0} INCLUDING ALL)", t.name));
    std::string names, unnest;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      names += (c ? ", " : "") + t.columns[c];
      unnest += fmt::format("{}${}::{}[]", c ? ", " : "", c + 1, t.types[c]);
    }
    inserts.push_back(
        fmt::format("INSERT INTO raw.{} ({}) SELECT * FROM unnest({})", t.name, names, unnest));
  }
  db.exec("CREATE TABLE raw.body_load (LIKE public.body_load INCLUDING ALL)");

  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < case_ids.size(); i += batch) {
    const auto end = std::min(case_ids.size(), i + batch);
    db.exec("BEGIN");
    for (std::size_t t = 0; t < tables.size(); ++t) {
      std::vector<PgArray> columns(tables[t].columns.size());
      bool any = false;
      for (std::size_t k = i; k < end; ++k) {
        auto it = tables[t].by_case.find(case_ids[k]);
        if (it == tables[t].by_case.end()) continue;
        for (const auto& row : it->second) {
          any = true;
          for (std::size_t c = 0; c < row.size(); ++c) {
            if (row[c]) {
              columns[c].add(std::string_view(*row[c]));
            } else {
              columns[c].add_null();
            }
          }
        }
      }
      if (!any) continue;
      PgParams params;
      for (const auto& a : columns) params.add(a);
      db.exec(inserts[t], params);
    }
    std::map<std::string, std::int64_t> load;
    for (std::size_t k = i; k < end; ++k) ++load[body_of[case_ids[k]]];
    PgArray bodies, counts;
    for (const auto& [body, n] : load) {
      bodies.add(std::string_view(body));
      counts.add(n);
    }
    db.exec(
        "INSERT INTO raw.body_load (body, open_cases) SELECT * FROM unnest($1::text[], "
        "$2::bigint[]) ON CONFLICT (body) DO UPDATE SET open_cases = raw.body_load.open_cases + "
        "excluded.open_cases",
        PgParams().add(bodies).add(counts));
    db.exec("COMMIT");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  db.exec("DROP SCHEMA raw CASCADE");
  return static_cast<double>(case_ids.size()) / seconds;
}

}  // namespace tiaojie::bench
