// Names the calling thread, so that `top -H`, `ps -L`, perf and gdb tell the daemon's threads apart
// (an operator asking which one is busy; a profile split by thread).
#pragma once

#include <pthread.h>

#include <string>
#include <string_view>

namespace tiaojie {

// Linux keeps 15 bytes of a name: longer ones are cut there, not refused.
inline void name_this_thread(std::string_view name) {
  std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace tiaojie
