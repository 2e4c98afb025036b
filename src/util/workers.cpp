#include "util/workers.hpp"

namespace nts::util {

unsigned default_jobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 2 : cores;
}

Workers::Workers(unsigned first, unsigned last, const std::function<void(unsigned)>& body) {
  for (unsigned i = first; i < last; ++i) {
    m_threads.emplace_back(body, i);
  }
}

Workers& Workers::operator=(Workers&& other) noexcept {
  if (this != &other) {
    join();
    m_threads = std::move(other.m_threads);
  }
  return *this;
}

void Workers::join() {
  for (std::thread& thread : m_threads) {
    if (thread.joinable()) {
      thread.join();
    }
  }
  m_threads.clear();
}

}  // namespace nts::util
