#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "detect/detector.hpp"
#include "org/fix_patches.hpp"
#include "org/progress.hpp"
#include "org/repo_result.hpp"
#include "org/scan_repo.hpp"
#include "org/store.hpp"
#include "org/url.hpp"
#include "scan/scan.hpp"

namespace nts::org {

struct BatchOptions {
  unsigned jobs = 1;      // repositories scanned at once
  std::string cache_dir;  // bare mirrors of remote repositories
  std::string token;      // GH_TOKEN, never stored; sent only where the scopes below allow
  // Repositories the GitHub listing returned get the token for `listing_scope`
  // (the API's host; github.com too for api.github.com); every other
  // repository (--repos) only for `repos_scope` (--token-host; empty: never).
  std::set<std::string> listed;
  TokenScope listing_scope;
  TokenScope repos_scope;
  double timeout_seconds = 0;  // per repository, clone/fetch included; 0: no limit
  bool history = false;
  ResultStore* store = nullptr;  // resume: reuse unchanged results, record new ones
  std::string run_key;           // run_key(): what a stored result must have been made with
  // --fix-dir: each repository's patch (when it has something to fix),
  // written through `patch_files`; stored results are not reused then, as
  // the patch is made during the scan.
  FixPatch fix_patch;
  FixPatchFiles* patch_files = nullptr;
};

// More repositories while the batch runs (the --dir walk): calls `add` for
// each one found. Must not throw.
using AddRepository = std::function<void(std::string)>;
using Discovery = std::function<void(const AddRepository& add)>;

// Scans every repository, `jobs` at a time: the given ones, and those
// `discover` adds while the scans run (a repository given twice is scanned
// once). Discovery takes one of the `jobs` threads until it ends, then that
// thread scans too. A repository that fails (cannot be cloned, corrupt, timed
// out, an internal error) becomes a result with status error; the batch
// always goes on. Results come back sorted by repository.
std::vector<RepoResult> run_batch(const std::vector<std::string>& repositories,
                                  const Discovery& discover, const BatchOptions& options,
                                  const scan::DetectorSource& detector, const AnalysisFor& analysis,
                                  Progress& progress);

}  // namespace nts::org
