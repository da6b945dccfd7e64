// kernels/cpu/keep_freed_memory.hpp: after it, a freed 64 MiB block stays in the heap as free
// bytes (mallinfo2's fordblks) instead of going back to the kernel, which is glibc's default for
// blocks over the mmap threshold (there it would show in hblkhd while live and vanish on free).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "kernels/cpu/keep_freed_memory.hpp"

namespace pf {
namespace {

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
TEST(KeepFreedMemory, AFreedBigBlockStaysInTheHeap) {
  keep_freed_memory();
  constexpr std::size_t bytes = std::size_t(64) << 20;
  const struct mallinfo2 before = mallinfo2();
  void* p = std::malloc(bytes);
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, bytes);
  const struct mallinfo2 live = mallinfo2();
  EXPECT_EQ(live.hblkhd, before.hblkhd) << "the block was mapped on its own";
  std::free(p);
  const struct mallinfo2 after = mallinfo2();
  EXPECT_GE(after.fordblks, before.fordblks + bytes) << "the freed block left the heap";
}
#endif

}  // namespace
}  // namespace pf
