// Where tests find the source tree, the shared benchmark material and the build tree.
#pragma once

#include <filesystem>

namespace tiaojie::test {

inline std::filesystem::path source_dir() { return TIAOJIE_SOURCE_DIR; }
// ../shared beside the clone: the corpus generator and the peer benchmark (present in CI).
inline std::filesystem::path shared_dir() { return TIAOJIE_SHARED_DIR; }
inline std::filesystem::path binary_dir() { return TIAOJIE_BINARY_DIR; }

}  // namespace tiaojie::test
