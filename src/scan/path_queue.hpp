#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace nts::scan {

// The paths a work-tree scan reads, handed to the scanning threads as the
// listing produces them, so scanning starts with the first directory read.
// Every path stays in the queue (a deque never moves its elements), so
// `next()` hands out references and `take_all()` returns the whole listing.
class PathQueue {
 public:
  void push(std::string path) {
    {
      std::lock_guard lock(m_mutex);
      m_paths.push_back(std::move(path));
    }
    m_changed.notify_one();
  }

  // No more paths will come: next() returns null once the rest are taken.
  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_changed.notify_all();
  }

  // The next path not yet handed out; waits for the listing; null at the end.
  const std::string* next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_next < m_paths.size() || m_closed; });
    return m_next < m_paths.size() ? &m_paths[m_next++] : nullptr;
  }

  // Every path pushed; only once the threads calling next() are done.
  std::vector<std::string> take_all() {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out(std::make_move_iterator(m_paths.begin()),
                                 std::make_move_iterator(m_paths.end()));
    m_paths.clear();
    m_next = 0;
    return out;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_paths;
  std::size_t m_next = 0;
  bool m_closed = false;
};

}  // namespace nts::scan
