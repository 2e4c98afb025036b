#pragma once

#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "org/repo_result.hpp"
#include "rules/rule.hpp"

namespace nts::org {

// What a stored result depends on besides the commit: a digest of the
// effective rule set (builtin plus --rules, every field), the tool version and
// the scan options that change results (mode, blob size limit). Computed once
// per run; reuse_key() adds the repository's own config text.
std::string run_key(const std::vector<rules::Rule>& rules, const std::string& tool_version,
                    bool history, std::size_t max_blob_size);
// The key of one repository: the run key and its .npm-token-scan.yaml at HEAD
// ("" when it has none).
std::string reuse_key(const std::string& run_key, const std::string& config_text);

// The resume store: `--out DIR` holds one JSON Lines file per run
// (run-<UTC time>-<pid>.jsonl), one line per finished repository:
//   {"mode": "head|history", "key": <reuse key>, "result": <repository entry>}
// Lines are flushed as repositories finish, so a killed run loses at most the
// repositories in flight. A later run reuses an ok result whose head equals the
// repository's current default-branch head, whose mode matches and whose key
// equals the repository's current reuse key (same rules, tool version, options
// and repository config); a line without a key (an older version) is never reused.
class ResultStore {
 public:
  // Reads every earlier run in `dir` (later files win; a torn last line is
  // ignored) and opens this run's file.
  static core::Result<ResultStore> open(const std::string& dir, std::string mode);

  // The stored ok result for `repository` at `head` under `key`, if any.
  std::optional<RepoResult> reusable(const std::string& repository, const std::string& head,
                                     const std::string& key) const;
  // Appends one line; thread-safe.
  core::Status record(const RepoResult& result, const std::string& key);
  const std::string& file() const { return m_file; }

 private:
  std::string m_mode;
  std::string m_file;
  std::map<std::string, std::pair<std::string, RepoResult>> m_previous;  // key, result
  std::unique_ptr<std::ofstream> m_out;
  std::unique_ptr<std::mutex> m_mutex;
};

}  // namespace nts::org
