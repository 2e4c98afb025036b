#include "core/recording_repo_view.hpp"

namespace nts::core {

std::optional<std::string> RecordingRepoView::read(std::string_view path) const {
  record(path);
  return m_inner.read(path);
}

std::optional<std::uint64_t> RecordingRepoView::size(std::string_view path) const {
  record(path);
  return m_inner.size(path);
}

std::set<std::string, std::less<>> RecordingRepoView::read_paths() const {
  std::lock_guard lock(m_mutex);
  return m_read;
}

bool RecordingRepoView::was_read(std::string_view path) const {
  std::lock_guard lock(m_mutex);
  return m_read.find(path) != m_read.end();
}

void RecordingRepoView::record(std::string_view path) const {
  std::lock_guard lock(m_mutex);
  if (m_read.find(path) == m_read.end()) {
    m_read.emplace(path);
  }
}

}  // namespace nts::core
