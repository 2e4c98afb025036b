#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <set>
#include <string>

namespace nts::org {

// Progress on stderr: on a terminal one line rewritten in place (done/total,
// current repository, elapsed, ETA) with failures kept above it; otherwise
// (CI logs, files) one plain line per finished repository. Thread-safe.
class Progress {
 public:
  // `columns`: the terminal's width; the progress line never wraps (a wrapped
  // line could not be rewritten in place), so a long repository name is cut at the front.
  Progress(std::ostream& out, std::size_t total, bool tty, unsigned columns = 80);
  // While more repositories may come (a --dir walk still running) the total
  // reads "57+" and the ETA "?".
  void set_total(std::size_t total, bool final);
  void started(const std::string& repository);
  // `outcome`: "ok", "unchanged (stored result reused)", "error: …".
  void finished(const std::string& repository, const std::string& outcome, bool failed);
  void done();

 private:
  void draw();                     // under m_mutex
  std::string total_text() const;  // under m_mutex
  std::ostream& m_out;
  std::size_t m_total;
  bool m_total_final = true;
  std::size_t m_done = 0;
  bool m_tty;
  unsigned m_columns;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
  std::multiset<std::string> m_running;
  std::string m_last_started;
  std::mutex m_mutex;
};

std::string format_duration(double seconds);  // "1:05", "1:02:03"

// The end of `text` in at most `columns` code points, "…" first when cut.
std::string fit_tail(const std::string& text, std::size_t columns);

}  // namespace nts::org
