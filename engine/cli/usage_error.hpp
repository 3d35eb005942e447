// Usage errors of the `tiaojie` command line: one exit status (2, as docs/reports.md and the
// operators' guide promise; CLI11's own codes were 106, 109…) and a message that names what went
// wrong and the nearest valid word: "unknown subcommand 'rulez'; did you mean 'rules'?".
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::cli {

// The exit status of every usage error.
inline constexpr int k_usage_error = 2;

// The closest of `candidates` to `word` by edit distance (a swap of neighbours is one edit), or ""
// when none is close enough to be a plausible typo: at most max(1, (length + 1) / 3) edits away,
// or a candidate that starts with `word`.
[[nodiscard]] std::string nearest(std::string_view word,
                                  const std::vector<std::string>& candidates);

// Walks `args` (argv without the program name) through `app`'s subcommands and options and
// describes the first word it does not know: an unknown subcommand where one is required, or an
// unknown option of the subcommand it follows, with the nearest valid one; or, when the words end
// at a command that needs a subcommand, the ones it has. "" otherwise (the error is then of another
// kind: a missing value, a bad number…).
[[nodiscard]] std::string describe_unknown_word(const CLI::App& app,
                                                const std::vector<std::string>& args);

// Prints a usage error for `e` to stderr ("tiaojie: …", the suggestion, where to find the help)
// and returns k_usage_error; help and version requests print as usual and return 0.
int report_parse_error(CLI::App& app, const CLI::ParseError& e, int argc, char** argv);

}  // namespace tiaojie::cli
