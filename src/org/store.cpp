#include "org/store.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <vector>

#include "core/severity.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::org {
namespace fs = std::filesystem;

std::string run_key(const std::vector<rules::Rule>& rules, const std::string& tool_version,
                    bool history, std::size_t max_blob_size) {
  // Every field of every rule, in order: a changed pattern, severity, allow
  // list or leak flag changes what a scan reports.
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& rule : rules) {
    nlohmann::json examples = nlohmann::json::array();
    for (const auto* list : {&rule.match_examples, &rule.no_match_examples}) {
      for (const auto& example : *list) {
        examples.push_back({example.text, example.path});
      }
    }
    parts.push_back(
        {rule.id, rule.title, rule.description, std::string(core::to_string(rule.severity)),
         std::string(core::to_string(rule.confidence)), std::string(rules::to_string(rule.engine)),
         rule.files, rule.keywords, rule.pattern, rule.validator, rule.min_entropy, rule.fallback,
         rule.allow, rule.leak, rule.message, rule.help, rule.references, examples});
  }
  nlohmann::json key = {{"tool", tool_version},
                        {"rules", util::sha256_hex(parts.dump(
                                      -1, ' ', false, nlohmann::json::error_handler_t::replace))},
                        {"history", history},
                        {"max_blob_size", max_blob_size}};
  return util::sha256_hex(key.dump());
}

std::string reuse_key(const std::string& run_key, const std::string& refs) {
  return util::sha256_hex(run_key + '\0' + util::sha256_hex(refs));
}

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
    std::error_code unreadable;
    std::optional<std::string> text = util::read_file(run.string(), unreadable);
    if (!text) {
      continue;  // an earlier run's file that is gone or unreadable: its repositories are scanned
    }
    EarlierRun earlier{run.string(), {}, true};
    const std::size_t index = store.m_runs.size();
    for (std::string_view line : util::split_lines(*text)) {
      auto doc = nlohmann::ordered_json::parse(line, nullptr, false);
      if (!doc.is_object() || doc.value("mode", "") != store.m_mode || !doc.contains("result")) {
        earlier.only_this_mode = earlier.only_this_mode && line.empty();
        continue;  // another mode, or a line torn by a killed run
      }
      try {
        auto result = repo_result_from_json(doc["result"]);
        std::string key = doc.contains("key") && doc["key"].is_string()
                              ? doc["key"].get<std::string>()
                              : std::string();
        std::string repository = result.repository;  // `=` evaluates its right side first
        store.m_previous[repository] = {std::move(key), std::move(result), std::string(line)};
        store.m_latest_run[repository] = index;
        earlier.repositories.push_back(std::move(repository));
      } catch (const std::exception&) {
        earlier.only_this_mode = false;
        continue;
      }
    }
    store.m_runs.push_back(std::move(earlier));
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
                                                const std::string& head,
                                                const std::string& key) const {
  auto it = m_previous.find(repository);
  if (it == m_previous.end()) {
    return std::nullopt;
  }
  const auto& stored = it->second;
  if (!stored.result.ok || stored.result.head != head || stored.key.empty() || stored.key != key) {
    return std::nullopt;
  }
  return stored.result;
}

core::Status ResultStore::record(const RepoResult& result, const std::string& key, bool reused) {
  auto previous = reused ? m_previous.find(result.repository) : m_previous.end();
  std::string line =
      previous != m_previous.end()
          ? previous->second.line
          : nlohmann::ordered_json{{"mode", m_mode}, {"key", key}, {"result", to_json(result)}}
                .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard lock(*m_mutex);
  m_recorded.insert(result.repository);
  *m_out << line << '\n';
  m_out->flush();
  if (!*m_out) {
    return core::Error{"cannot write the results file",
                       core::Location{m_file, 0, 0},
                       "check free space in --out",
                       {}};
  }
  return core::ok_status();
}

void ResultStore::compact() {
  std::lock_guard lock(*m_mutex);
  for (std::size_t i = 0; i < m_runs.size(); ++i) {
    const auto& run = m_runs[i];
    bool superseded =
        run.only_this_mode && std::all_of(run.repositories.begin(), run.repositories.end(),
                                          [&](const std::string& repository) {
                                            return m_recorded.count(repository) ||
                                                   m_latest_run[repository] > i;
                                          });
    if (superseded) {
      std::error_code ignored;  // a file that stays is read again next time: no harm
      fs::remove(run.path, ignored);
    }
  }
}

}  // namespace nts::org
