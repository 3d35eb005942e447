// The headers nearly every file of ours includes, compiled once per build into a precompiled
// header (CMakeLists.txt, TIAOJIE_PCH) instead of parsed again by each unity batch. Only what is
// heavy to parse and used widely belongs here; a file still includes what it uses, so that it
// builds the same with TIAOJIE_PCH=OFF (the fuzz build's clang does not use it).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>
