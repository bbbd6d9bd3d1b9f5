#pragma once
// Runs `work(i)` for i in [0, count) on `jobs` threads and hands each result to `emit` on the
// calling thread, strictly in index order, as soon as it and all before it are done. Output is
// therefore the same whatever `jobs` is, and starts before the last file is finished.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dfopt::cli {

template <typename Result, typename Work, typename Emit>
void run_ordered(std::size_t count, unsigned jobs, Work work, Emit emit) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) emit(work(i));
    return;
  }
  std::vector<std::optional<Result>> results(count);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      Result r = work(i);
      std::lock_guard lock(mutex);
      results[i] = std::move(r);
      ready.notify_one();
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 0; t < jobs && t < count; ++t) threads.emplace_back(worker);
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<Result> r;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return results[i].has_value(); });
      r = std::move(results[i]);
      results[i].reset();
    }
    emit(std::move(*r));
  }
}

}  // namespace dfopt::cli
