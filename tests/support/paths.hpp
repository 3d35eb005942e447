// Where tests find the source tree and the build tree. Nothing outside them: a test never reads
// the shared benchmark folder beside the clone, so that a clone with nothing beside it passes.
#pragma once

#include <filesystem>

namespace tiaojie::test {

inline std::filesystem::path source_dir() { return TIAOJIE_SOURCE_DIR; }
inline std::filesystem::path binary_dir() { return TIAOJIE_BINARY_DIR; }

}  // namespace tiaojie::test
