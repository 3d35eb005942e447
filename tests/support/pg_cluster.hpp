// A real PostgreSQL 15 server for tests (the PostgreSQL store backend, issue 20), private to the
// tests: no TCP port, a Unix socket in a short directory under /tmp, data thrown away at the end.
//
//   std::string url = tiaojie::test::postgres_url();  // a new empty database on it
//
// Under ctest the suites that take POSTGRESQL (tests/CMakeLists.txt) share one server per build
// tree, started by the fixture `postgresql` in the directory TIAOJIE_TEST_PG_DIR names. A test
// binary run by hand, without that variable, starts its own server the first time it asks for a
// database and stops it when it exits. Both go through tests/support/pg_cluster, which says how
// the server is set up (and why it runs as nobody when we are root).
#pragma once

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/paths.hpp"

extern char** environ;

namespace tiaojie::test {

namespace pg_cluster_detail {

inline std::string script() { return (source_dir() / "tests" / "support" / "pg_cluster").string(); }

// The URL `pg_cluster url DIR DBNAME` prints (the pg_cluster suite checks that they agree).
inline std::string url_of(const std::string& dir, const std::string& dbname) {
  return "postgresql:///" + dbname + "?host=" + dir + "&user=tiaojie";
}

// Both ends close on exec: a process the test starts must not hold them (a guard that waits for
// its pipe's end would wait for that process too).
struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("pg_cluster: pipe: ") + std::strerror(errno));
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read_end >= 0) ::close(read_end);
    read_end = -1;
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
  // Everything until every writer has closed its end.
  std::string drain() {
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(read_end, buf, sizeof buf);
      if (n > 0) out.append(buf, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && errno != EINTR)) return out;
    }
  }
};

// posix_spawn, not fork: the test process may have threads. Standard input from /dev/null, or
// `fd3` as descriptor 3; standard output and error both into `out`.
inline pid_t spawn(const std::vector<std::string>& args, int out, int fd3 = -1) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
  if (fd3 >= 0) ::posix_spawn_file_actions_adddup2(&actions, fd3, 3);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error("pg_cluster: cannot run " + args[0] + ": " + std::strerror(rc));
  return pid;
}

// The exit status of `pid`, or 128 + the signal that ended it.
inline int wait_for(pid_t pid) {
  int raw = 0;
  while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : 255;
}

// Runs `pg_cluster ARGS...`: its output (standard output and error together), or an exception
// that carries it (on a failed start, the tail of the server's log).
inline std::string run_script(const std::vector<std::string>& args) {
  std::vector<std::string> argv{script()};
  argv.insert(argv.end(), args.begin(), args.end());
  Pipe output;
  pid_t pid = spawn(argv, output.write_end);
  output.close_write();
  std::string out = output.drain();
  if (int status = wait_for(pid); status != 0) {
    std::string command = "pg_cluster";
    for (const auto& a : args) command += " " + a;
    throw std::runtime_error(command + " failed (exit status " + std::to_string(status) + "):\n" +
                             out);
  }
  return out;
}

// The server a test binary run by hand starts for itself, in a fresh directory (mkdtemp: two
// binaries run at once get two servers), stopped and removed when the process exits.
//
// A process that dies without running its static destructors (a crash, abort, SIGINT, a SIGKILL
// from a test runner's timeout) would leave the server running, owned by nobody, for good. So a
// guard process is started first that waits for the end of a pipe only this process can write to:
// the pipe ends when this process closes it (the destructor) or dies (the kernel closes it), and
// then the guard runs `pg_cluster stop`. It runs in the background of a shell that exits at once,
// so that init adopts it (a runner that kills our process tree misses it), and it ignores the
// terminal's signals (Ctrl-C reaches the whole process group, the guard included).
class PrivateCluster {
 public:
  PrivateCluster() {
    char dir[] = "/tmp/tiaojie-pg-XXXXXX";
    if (::mkdtemp(dir) == nullptr)
      throw std::runtime_error(std::string("pg_cluster: mkdtemp /tmp/tiaojie-pg-XXXXXX: ") +
                               std::strerror(errno));
    dir_ = dir;
    // The guard writes stop's output into `done` only if stop failed; the destructor reads `done`
    // to its end, which comes when the guard has finished.
    // In the shell, $0 is the script and $1 the directory. A background list's standard input is
    // /dev/null, hence the pipe on descriptor 3. The script's output goes through $(...) so that
    // a closed `done` (this process gone) cannot fail the script itself on a write.
    const std::string guard =
        "trap '' HUP INT TERM PIPE\n"
        "( read -r _ <&3; out=$(\"$0\" stop \"$1\" 2>&1) ||"
        " printf 'pg_cluster stop %s failed:\\n%s\\n' \"$1\" \"$out\" ) &";
    pid_t shell = -1;
    try {
      shell = spawn({"/bin/sh", "-c", guard, script(), dir_}, done_.write_end, alive_.read_end);
    } catch (...) {
      ::rmdir(dir);
      throw;
    }
    done_.close_write();
    alive_.close_read();
    wait_for(shell);
    try {
      run_script({"start", dir_});
    } catch (...) {
      stop();
      throw;
    }
  }
  ~PrivateCluster() {
    // A child forked by a test that exits through exit() runs this too: only the process that
    // started the server stops it.
    if (::getpid() == owner_) stop();
  }
  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;

  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  void stop() noexcept {
    alive_.close_write();
    std::string failure = done_.drain();
    done_.close_read();
    if (!failure.empty()) std::cerr << failure;
  }

  pid_t owner_ = ::getpid();
  std::string dir_;
  Pipe alive_, done_;
};

// The directory of the test server: the shared one of ctest's fixture, else our own.
inline const std::string& cluster_dir() {
  if (const char* shared = std::getenv("TIAOJIE_TEST_PG_DIR"); shared != nullptr && *shared) {
    static const std::string dir = shared;
    return dir;
  }
  static PrivateCluster cluster;  // started once, by the first caller; C++ makes that thread-safe
  return cluster.dir();
}

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

inline Connection connect(const std::string& url) {
  Connection conn(PQconnectdb(url.c_str()), &PQfinish);
  if (conn == nullptr) throw std::runtime_error("libpq: out of memory connecting to " + url);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn.get());
    if (const char* shared = std::getenv("TIAOJIE_TEST_PG_DIR"); shared != nullptr && *shared)
      why += "(TIAOJIE_TEST_PG_DIR names a server that ctest's fixture `postgresql` starts)";
    throw std::runtime_error("cannot connect to " + url + ": " + why);
  }
  return conn;
}

}  // namespace pg_cluster_detail

// A new empty database, t_<pid>_<counter>, on the test server; its libpq URL. Never dropped: the
// whole server is thrown away at the end (an empty database takes about 7 MB of /tmp).
inline std::string postgres_url() {
  namespace d = pg_cluster_detail;
  const std::string& dir = d::cluster_dir();
  auto admin = d::connect(d::url_of(dir, "postgres"));
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string name = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    char* quoted = PQescapeIdentifier(admin.get(), name.c_str(), name.size());
    if (quoted == nullptr) throw std::runtime_error(PQerrorMessage(admin.get()));
    // FILE_COPY copies template1's files and checkpoints: ~20 ms here, against ~200 ms for
    // PostgreSQL 15's default WAL_LOG, which writes every page of the copy to the WAL.
    const std::string sql = "CREATE DATABASE " + std::string(quoted) + " STRATEGY = FILE_COPY";
    PQfreemem(quoted);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(admin.get(), sql.c_str()),
                                                         &PQclear);
    if (PQresultStatus(result.get()) == PGRES_COMMAND_OK) return d::url_of(dir, name);
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    // 42P04, duplicate_database: a shared server that outlived a killed run may still hold a
    // database of an earlier process with our pid. Take the next number.
    if (state == nullptr || std::string(state) != "42P04")
      throw std::runtime_error(sql + ": " + PQresultErrorMessage(result.get()));
  }
  throw std::runtime_error("postgres_url: 100 database names in a row were taken");
}

}  // namespace tiaojie::test
