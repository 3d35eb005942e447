#include "store/open_store.hpp"

#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::store {

Result<std::unique_ptr<Store>> open_store(const StoreLocation& location,
                                          const StoreOptions& options) {
  switch (location.backend) {
    case Backend::sqlite: {
      SqliteOptions sqlite{.path = location.path.string(),
                           .create_if_missing = options.create_if_missing,
                           .background_checkpoint = options.long_running_writer,
                           .read_only = options.read_only,
                           .defer_projections = options.defer_projections,
                           .faults = options.faults};
      if (options.streaming_reader) sqlite.cache_kib = k_sqlite_streaming_cache_kib;
      if (options.cache_kib > 0) sqlite.cache_kib = options.cache_kib;
      auto opened = SqliteStore::open(sqlite);
      if (!opened) return std::unexpected(opened.error());
      return std::unique_ptr<Store>(std::move(*opened));
    }
    case Backend::postgresql: {
      // cache_kib, streaming_reader and the upkeep thread are the server's business; every
      // projection is written in the commit (no deferral to catch up).
      auto opened = PostgresStore::open({.conninfo = location.url,
                                         .create_if_missing = options.create_if_missing,
                                         .read_only = options.read_only,
                                         .faults = options.faults});
      if (!opened) return std::unexpected(opened.error());
      return std::unique_ptr<Store>(std::move(*opened));
    }
  }
  return std::unexpected(internal_error("open_store: a backend without an opener"));
}

}  // namespace tiaojie::store
