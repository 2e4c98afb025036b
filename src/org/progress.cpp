#include "org/progress.hpp"

#include <algorithm>
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

std::string fit_tail(const std::string& text, std::size_t columns) {
  if (static_cast<std::size_t>(util::count_code_points(text)) <= columns) {
    return text;
  }
  if (columns == 0) {
    return {};
  }
  // Walk back columns - 1 code points.
  std::size_t begin = text.size();
  for (std::size_t kept = 0; kept + 1 < columns && begin > 0; ++kept) {
    begin = util::floor_code_point(text, begin - 1);
  }
  return "…" + text.substr(begin);
}

Progress::Progress(std::ostream& out, std::size_t total, bool tty, unsigned columns)
    : m_out(out),
      m_total(total),
      m_tty(tty),
      m_columns(columns == 0 ? 80 : columns),
      m_start(std::chrono::steady_clock::now()) {}

void Progress::set_total(std::size_t total, bool final) {
  std::lock_guard lock(m_mutex);
  m_total = total;
  m_total_final = final;
}

std::string Progress::total_text() const {
  return std::to_string(m_total) + (m_total_final ? "" : "+");
}

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
  std::string line = "npm-token-scan: [" + std::to_string(m_done) + "/" + total_text() + "] " +
                     util::escape_control(repository) + ": " + util::escape_control(outcome);
  if (m_tty) {
    if (failed) {
      m_out << "\r\033[K" + line + '\n';
    }
    draw();
  } else {
    // One write a line: stderr is unbuffered, and 200 repositories of an
    // unchanged re-run spent 800 system calls on the pieces.
    m_out << line + " (elapsed " + format_duration(elapsed) + ")\n";
  }
  m_out.flush();
}

void Progress::draw() {
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  std::string eta = m_done == 0 || !m_total_final
                        ? "?"
                        : format_duration(elapsed / static_cast<double>(m_done) *
                                          static_cast<double>(m_total - m_done));
  const std::string& current = m_running.count(m_last_started) > 0 ? m_last_started
                               : m_running.empty()                 ? std::string()
                                                                   : *m_running.begin();
  int width = 24;
  int filled =
      m_total == 0
          ? width
          : static_cast<int>(std::min(m_done, m_total) * static_cast<std::size_t>(width) / m_total);
  std::string status = std::to_string(m_done) + '/' + total_text() + "  elapsed " +
                       format_duration(elapsed) + "  ETA " + eta;
  std::string bar = '[' + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), '-') + "] ";
  // The last column stays empty: writing into it makes some terminals wrap.
  std::size_t room = m_columns - 1;
  if (bar.size() + status.size() > room) {
    bar.clear();  // a narrow terminal keeps the numbers, not the bar
  }
  std::string line = fit_tail(bar + status, room);
  std::size_t used = static_cast<std::size_t>(util::count_code_points(line));
  if (!current.empty() && used + 3 <= room) {
    line += "  " + fit_tail(util::escape_control(current), room - used - 2);
  }
  m_out << "\r\033[K" + line;
  m_out.flush();
  m_drawn = true;
}

void Progress::done() {
  std::lock_guard lock(m_mutex);
  if (m_drawn) {
    m_out << '\n';  // the final progress line stays
    m_out.flush();
  }
}

}  // namespace nts::org
