#pragma once
// Runs `work(i)` for i in [0, count) on `jobs` threads and hands each result to `emit` on the
// calling thread, strictly in index order, as soon as it and all before it are done. Output is
// therefore the same whatever `jobs` is, and starts before the last file is finished.
//
// An exception from `work(i)` never leaves a worker thread (it would end the process through
// std::terminate) nor stops the other items: it is caught and turned into item i's result by
// `recover(i, exception)`, on the calling thread, in order like any result. Exceptions from
// `emit` or `recover` reach the caller, after the workers have finished.
//
// run_ordered_chains does the same where some items depend on what an earlier one did (a file
// one of them creates, that the next one sees): `chains` partitions [0, count) into lists in
// ascending order, and a chain's items are worked on one after the other, in order, by one
// thread, so each sees what it would see with one job.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace dfopt::cli {

template <typename Result, typename Work, typename Emit, typename Recover>
void run_ordered_chains(const std::vector<std::vector<std::size_t>>& chains, std::size_t count,
                        unsigned jobs, Work work, Emit emit, Recover recover) {
  struct Slot {
    std::optional<Result> result;
    std::exception_ptr error;
    bool done = false;
  };
  // Never throws: whatever work(i) throws is kept for recover().
  auto attempt = [&work](std::size_t i, Slot& slot) noexcept {
    try {
      slot.result.emplace(work(i));
    } catch (...) {
      slot.error = std::current_exception();
    }
  };
  auto deliver = [&](std::size_t i, Slot& slot) {
    if (slot.result) emit(std::move(*slot.result));
    else emit(recover(i, slot.error));
  };
  std::vector<Slot> slots(count);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};  // the next chain to take
  std::atomic<bool> stop{false};
  auto worker = [&]() noexcept {
    for (std::size_t c; (c = next.fetch_add(1)) < chains.size();) {
      for (std::size_t i : chains[c]) {
        if (stop.load()) return;
        Slot slot;
        attempt(i, slot);
        std::lock_guard lock(mutex);
        slots[i] = std::move(slot);
        slots[i].done = true;
        ready.notify_one();
      }
    }
  };
  // Declared after what the workers use, so that leaving this function joins them first.
  std::vector<std::jthread> threads;
  if (jobs > 1 && chains.size() > 1) {
    for (unsigned t = 0; t < jobs && t < chains.size(); ++t) {
      try {
        threads.emplace_back(worker);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the ones started do the work
      }
    }
  }
  if (threads.empty()) {  // one job, one item, or no thread could be started
    for (std::size_t i = 0; i < count; ++i) {
      Slot slot;
      attempt(i, slot);
      deliver(i, slot);
    }
    return;
  }
  try {
    for (std::size_t i = 0; i < count; ++i) {
      Slot slot;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return slots[i].done; });
        slot = std::move(slots[i]);
        slots[i] = Slot{};
      }
      deliver(i, slot);
    }
  } catch (...) {
    stop.store(true);  // the workers stop after their current item, then are joined
    next.store(chains.size());
    throw;
  }
}

template <typename Result, typename Work, typename Emit, typename Recover>
void run_ordered(std::size_t count, unsigned jobs, Work work, Emit emit, Recover recover) {
  std::vector<std::vector<std::size_t>> chains(count);
  for (std::size_t i = 0; i < count; ++i) chains[i] = {i};
  run_ordered_chains<Result>(chains, count, jobs, work, emit, recover);
}

}  // namespace dfopt::cli
