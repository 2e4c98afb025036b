#include "org/progress.hpp"

#include <cstdio>

#include "util/text.hpp"

namespace nts::org {

std::string format_duration(double seconds) {
  long total = seconds < 0 ? 0 : static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60,
                  total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

Progress::Progress(std::ostream& out, std::size_t total, bool tty)
    : m_out(out), m_total(total), m_tty(tty), m_start(std::chrono::steady_clock::now()) {}

void Progress::started(const std::string& repository) {
  std::lock_guard lock(m_mutex);
  m_running.insert(repository);
  m_last_started = repository;
  if (m_tty) {
    draw();
  }
}

void Progress::finished(const std::string& repository, const std::string& outcome, bool failed) {
  std::lock_guard lock(m_mutex);
  auto it = m_running.find(repository);
  if (it != m_running.end()) {
    m_running.erase(it);
  }
  ++m_done;
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  // Repository names and libgit2 messages are untrusted: no terminal escapes from them.
  std::string line = "npm-token-scan: [" + std::to_string(m_done) + "/" + std::to_string(m_total) +
                     "] " + util::escape_control(repository) + ": " + util::escape_control(outcome);
  if (m_tty) {
    if (failed) {
      m_out << "\r\033[K" << line << '\n';
    }
    draw();
  } else {
    m_out << line << " (elapsed " << format_duration(elapsed) << ")\n";
  }
  m_out.flush();
}

void Progress::draw() {
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  std::string eta = m_done == 0 ? "?"
                                : format_duration(elapsed / static_cast<double>(m_done) *
                                                  static_cast<double>(m_total - m_done));
  const std::string& current = m_running.count(m_last_started) > 0 ? m_last_started
                               : m_running.empty()                 ? std::string()
                                                                   : *m_running.begin();
  std::string name = util::escape_control(current);
  if (name.size() > 60) {
    name = "…" + name.substr(name.size() - 59);
  }
  int width = 24;
  int filled =
      m_total == 0 ? width : static_cast<int>(m_done * static_cast<std::size_t>(width) / m_total);
  m_out << "\r\033[K[" << std::string(static_cast<std::size_t>(filled), '#')
        << std::string(static_cast<std::size_t>(width - filled), '-') << "] " << m_done << '/'
        << m_total << "  elapsed " << format_duration(elapsed) << "  ETA " << eta << "  " << name;
  m_out.flush();
}

void Progress::done() {
  std::lock_guard lock(m_mutex);
  if (m_tty) {
    m_out << '\n';
    m_out.flush();
  }
}

}  // namespace nts::org
