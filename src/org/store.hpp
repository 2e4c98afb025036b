#pragma once

#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
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
// The key of one repository: the run key and, for a history scan, the tips of
// every ref ("" otherwise). The repository's own config is read at HEAD, and
// a result is reused only at the same HEAD, so the config needs no part here.
std::string reuse_key(const std::string& run_key, const std::string& refs);

// The resume store: `--out DIR` holds one JSON Lines file per run
// (run-<UTC time>-<pid>.jsonl), one line per finished repository:
//   {"mode": "head|history", "key": <reuse key>, "result": <repository entry>}
// Lines are flushed as repositories finish, so a killed run loses at most the
// repositories in flight. A later run reuses an ok result whose head equals the
// repository's current default-branch head, whose mode matches and whose key
// equals the repository's current reuse key (same rules, tool version, options
// and ref tips); a line without a key (an older version) is never reused.
class ResultStore {
 public:
  // Reads every earlier run in `dir` (later files win; a torn last line is
  // ignored) and opens this run's file.
  static core::Result<ResultStore> open(const std::string& dir, std::string mode);

  // The stored ok result for `repository` at `head` under `key`, if any.
  std::optional<RepoResult> reusable(const std::string& repository, const std::string& head,
                                     const std::string& key) const;
  // Appends one line; thread-safe. A result reusable() returned is written
  // as it was read, without serialising it again.
  core::Status record(const RepoResult& result, const std::string& key, bool reused = false);
  const std::string& file() const { return m_file; }
  // Once the run is over: deletes each earlier run file every line of which a
  // later file or this run has superseded (same mode, every repository
  // recorded again), so re-runs read one file instead of every run's. A file
  // with a line of another mode or a line that does not parse is kept.
  void compact();

 private:
  struct EarlierRun {
    std::string path;
    std::vector<std::string> repositories;
    bool only_this_mode = true;  // every line parsed and of this mode
  };
  std::string m_mode;
  std::string m_file;
  struct Stored {
    std::string key;
    RepoResult result;
    std::string line;  // as read
  };
  std::map<std::string, Stored> m_previous;
  std::vector<EarlierRun> m_runs;                   // oldest first
  std::map<std::string, std::size_t> m_latest_run;  // repository -> index in m_runs
  std::set<std::string> m_recorded;                 // by this run
  std::unique_ptr<std::ofstream> m_out;
  std::unique_ptr<std::mutex> m_mutex;
};

}  // namespace nts::org
