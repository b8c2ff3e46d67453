// Ordered parallel map: work on items with N threads, hand results to a sink in input order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace photoaudit::audit {

// Number of worker threads to use when the caller says 0: the machine's hardware threads (at least 1).
inline unsigned default_thread_count() { return std::max(1U, std::thread::hardware_concurrency()); }

// Calls work(i) for every i in [0, count) on up to `threads` threads (0 = default_thread_count()) and
// sink(i, result) on the calling thread, in increasing i. At most `window` results wait for the sink at once,
// so memory stays bounded however many items there are. work must be thread-safe; sink need not be.
// REQUIRES: work does not throw (libraries return errors as values).
template <typename T, typename Work, typename Sink>
void parallel_ordered(std::size_t count, unsigned threads, Work work, Sink sink, std::size_t window = 256) {
  if (threads == 0) threads = default_thread_count();
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) sink(i, work(i));
    return;
  }
  std::mutex mu;
  std::condition_variable cv_ready;
  std::condition_variable cv_space;
  std::map<std::size_t, T> ready;
  std::size_t next_to_take = 0;  // next index a worker claims
  std::size_t next_to_emit = 0;  // next index the sink consumes
  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock lock(mu);
        cv_space.wait(lock, [&] { return next_to_take >= count || next_to_take < next_to_emit + window; });
        if (next_to_take >= count) return;
        i = next_to_take++;
      }
      T result = work(i);
      {
        std::lock_guard lock(mu);
        ready.emplace(i, std::move(result));
      }
      cv_ready.notify_one();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  while (next_to_emit < count) {
    std::optional<T> item;
    {
      std::unique_lock lock(mu);
      cv_ready.wait(lock, [&] { return ready.count(next_to_emit) != 0; });
      auto node = ready.extract(next_to_emit);
      item.emplace(std::move(node.mapped()));
    }
    sink(next_to_emit, std::move(*item));
    {
      std::lock_guard lock(mu);
      ++next_to_emit;
    }
    cv_space.notify_all();
  }
  for (auto& t : pool) t.join();
}

}  // namespace photoaudit::audit
