// Whether this test binary is built with ThreadSanitizer (the `tsan` preset, .ci/tsan), under which
// a process runs 5 to 15 times slower. A test whose volume adds no interleaving TSan could check
// (the same request path many more times) takes a smaller workload there, and says so where it
// chooses its size. GCC defines __SANITIZE_THREAD__; clang answers __has_feature.
#pragma once

namespace tiaojie::test {

#if defined(__SANITIZE_THREAD__)
inline constexpr bool k_thread_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
inline constexpr bool k_thread_sanitizer = true;
#else
inline constexpr bool k_thread_sanitizer = false;
#endif
#else
inline constexpr bool k_thread_sanitizer = false;
#endif

}  // namespace tiaojie::test
