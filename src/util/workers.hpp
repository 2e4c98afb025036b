#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nts::util {

// How many workers "every core" means: the hardware's threads, 2 when unknown.
unsigned default_jobs();

// The one way the program runs work on several threads: worker i runs
// body(i) on its own thread for every i in [first, last), started at
// construction and joined by join() or the destructor, so an early return
// never leaves a thread running. The usual shape is first = 1: the calling
// thread produces the work (lists files, discovers repositories), then runs
// body(0) itself and joins.
class Workers {
 public:
  Workers() = default;
  Workers(unsigned first, unsigned last, const std::function<void(unsigned)>& body);
  ~Workers() { join(); }
  Workers(Workers&&) = default;
  Workers& operator=(Workers&& other) noexcept;
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  void join();
  // No thread was started, or every one was joined.
  bool empty() const { return m_threads.empty(); }

 private:
  std::vector<std::thread> m_threads;
};

// Work handed to the workers as a producer finds it: push() adds an item,
// close() says no more will come, next() hands each item out once (waiting
// for the producer) and null at the end. Every item stays in the queue (a
// deque never moves its elements), so next() hands out pointers and
// take_all() returns everything pushed once the workers are done.
template <typename T>
class WorkQueue {
 public:
  // Returns how many items were pushed so far.
  std::size_t push(T item) {
    std::size_t count = 0;
    {
      std::lock_guard lock(m_mutex);
      m_items.push_back(std::move(item));
      count = m_items.size();
    }
    m_changed.notify_one();
    return count;
  }

  // No more items will come: next() returns null once the rest are taken.
  // Returns how many items were pushed.
  std::size_t close() {
    std::size_t count = 0;
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
      count = m_items.size();
    }
    m_changed.notify_all();
    return count;
  }

  // The next item not yet handed out; waits for the producer; null at the end.
  const T* next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_next < m_items.size() || m_closed; });
    return m_next < m_items.size() ? &m_items[m_next++] : nullptr;
  }

  std::size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_items.size();
  }

  // A copy of every item pushed, while next() may still be handing them out.
  std::vector<T> copy_all() const {
    std::lock_guard lock(m_mutex);
    return std::vector<T>(m_items.begin(), m_items.end());
  }

  // Every item pushed; only once the threads calling next() are done.
  std::vector<T> take_all() {
    std::lock_guard lock(m_mutex);
    std::vector<T> out(std::make_move_iterator(m_items.begin()),
                       std::make_move_iterator(m_items.end()));
    m_items.clear();
    m_next = 0;
    return out;
  }

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<T> m_items;
  std::size_t m_next = 0;
  bool m_closed = false;
};

}  // namespace nts::util
