#pragma once

#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "org/repo_result.hpp"

namespace nts::org {

// The resume store: `--out DIR` holds one JSON Lines file per run
// (run-<UTC time>-<pid>.jsonl), one line per finished repository:
//   {"mode": "head|history", "result": <repository entry>}
// Lines are flushed as repositories finish, so a killed run loses at most the
// repositories in flight. A later run reuses an ok result whose head equals the
// repository's current default-branch head and whose mode matches.
class ResultStore {
 public:
  // Reads every earlier run in `dir` (later files win; a torn last line is
  // ignored) and opens this run's file.
  static core::Result<ResultStore> open(const std::string& dir, std::string mode);

  // The stored ok result for `repository` at `head`, if any.
  std::optional<RepoResult> reusable(const std::string& repository, const std::string& head) const;
  // Appends one line; thread-safe.
  core::Status record(const RepoResult& result);
  const std::string& file() const { return m_file; }

 private:
  std::string m_mode;
  std::string m_file;
  std::map<std::string, RepoResult> m_previous;
  std::unique_ptr<std::ofstream> m_out;
  std::unique_ptr<std::mutex> m_mutex;
};

}  // namespace nts::org
