#include "org/store.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <vector>

namespace nts::org {
namespace fs = std::filesystem;

core::Result<ResultStore> ResultStore::open(const std::string& dir, std::string mode) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return core::Error{"cannot create the results folder: " + ec.message(),
                       core::Location{dir, 0, 0},
                       "check that --out is writable",
                       {}};
  }
  ResultStore store;
  store.m_mode = std::move(mode);
  std::vector<fs::path> runs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".jsonl") {
      runs.push_back(entry.path());
    }
  }
  // Names start with a sortable UTC time: later runs overwrite earlier ones.
  std::sort(runs.begin(), runs.end());
  for (const auto& run : runs) {
    std::ifstream in(run);
    std::string line;
    while (std::getline(in, line)) {
      auto doc = nlohmann::ordered_json::parse(line, nullptr, false);
      if (!doc.is_object() || doc.value("mode", "") != store.m_mode || !doc.contains("result")) {
        continue;  // another mode, or a line torn by a killed run
      }
      try {
        auto result = repo_result_from_json(doc["result"]);
        store.m_previous[result.repository] = std::move(result);
      } catch (const std::exception&) {
        continue;
      }
    }
  }
  char stamp[32] = {};
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
  store.m_file =
      (fs::path(dir) / ("run-" + std::string(stamp) + "-" + std::to_string(::getpid()) + ".jsonl"))
          .string();
  store.m_out = std::make_unique<std::ofstream>(store.m_file, std::ios::binary | std::ios::app);
  if (!*store.m_out) {
    return core::Error{"cannot write the results file",
                       core::Location{store.m_file, 0, 0},
                       "check that --out is writable",
                       {},
                       core::ErrorKind::runtime};
  }
  store.m_mutex = std::make_unique<std::mutex>();
  return store;
}

std::optional<RepoResult> ResultStore::reusable(const std::string& repository,
                                                const std::string& head) const {
  auto it = m_previous.find(repository);
  if (it == m_previous.end() || !it->second.ok || it->second.head != head) {
    return std::nullopt;
  }
  return it->second;
}

core::Status ResultStore::record(const RepoResult& result) {
  nlohmann::ordered_json line = {{"mode", m_mode}, {"result", to_json(result)}};
  std::lock_guard lock(*m_mutex);
  *m_out << line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  m_out->flush();
  if (!*m_out) {
    return core::Error{"cannot write the results file",
                       core::Location{m_file, 0, 0},
                       "check free space in --out",
                       {}};
  }
  return core::ok_status();
}

}  // namespace nts::org
