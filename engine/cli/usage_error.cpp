#include "cli/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace tiaojie::cli {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two neighbours ("chekc" is one edit from "check") each count 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<const CLI::App*> subcommands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

const CLI::App* subcommand_named(const CLI::App& app, std::string_view name) {
  for (const auto* sub : subcommands_of(app)) {
    if (sub->check_name(std::string(name))) return sub;
  }
  return nullptr;
}

// The option `name` ("--store", "-q") of `app` or, since the command line falls through, of a
// parent; nullptr when none has it.
const CLI::Option* option_named(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const auto* opt : app->get_options()) {
      if (!opt->get_positional() && opt->check_name(name)) return opt;
    }
  }
  return nullptr;
}

// Every visible long option of `app` and its parents, as "--name".
std::vector<std::string> long_options(const CLI::App* app) {
  std::vector<std::string> out;
  for (; app != nullptr; app = app->get_parent()) {
    for (const auto* opt : app->get_options()) {
      if (opt->get_group().empty()) continue;  // hidden aliases are not suggested
      for (const auto& n : opt->get_lnames()) out.push_back("--" + n);
    }
  }
  return out;
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent())
    path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, (word.size() + 1) / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (word.size() >= 2 && c.starts_with(word)) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string describe_unknown_word(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* current = &app;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") break;
    if (word.size() > 1 && word[0] == '-') {
      const std::string name = word.substr(0, word.find('='));
      const auto* opt = option_named(current, name);
      if (opt == nullptr) {
        auto near = nearest(name, long_options(current));
        return fmt::format("unknown option '{}' for '{}'{}", name, command_path(current),
                           near.empty() ? "" : fmt::format("; did you mean '{}'?", near));
      }
      // An option that takes a value, given as two words, consumes the next one.
      if (opt->get_type_size_min() > 0 && word.find('=') == std::string::npos) ++i;
      continue;
    }
    if (const auto* sub = subcommand_named(*current, word)) {
      current = sub;
      continue;
    }
    if (current->get_require_subcommand_min() > 0) {
      std::vector<std::string> names;
      for (const auto* sub : subcommands_of(*current)) names.push_back(sub->get_name());
      auto near = nearest(word, names);
      return fmt::format(
          "unknown subcommand '{}' of '{}'{} (one of: {})", word, command_path(current),
          near.empty() ? "" : fmt::format("; did you mean '{}'?", near), fmt::join(names, ", "));
    }
  }
  if (current->get_require_subcommand_min() > 0 && current->get_subcommands().empty()) {
    std::vector<std::string> names;
    for (const auto* sub : subcommands_of(*current)) names.push_back(sub->get_name());
    return fmt::format("'{}' needs a subcommand: one of {}", command_path(current),
                       fmt::join(names, ", "));
  }
  return {};
}

int report_parse_error(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
  std::vector<std::string> args(argv + 1, argv + argc);
  auto unknown = describe_unknown_word(app, args);
  fmt::print(stderr, "tiaojie: {}\n", unknown.empty() ? std::string(e.what()) : unknown);
  fmt::print(stderr, "Run with --help for the usage.\n");
  return k_usage_error;
}

}  // namespace tiaojie::cli
