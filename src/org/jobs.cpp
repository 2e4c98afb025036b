#include "org/jobs.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "org/aggregate.hpp"
#include "report/report.hpp"
#include "util/text.hpp"
#include "workflow/knowledge.hpp"

namespace nts::org {

using nlohmann::ordered_json;

std::string provider_suffix(const JobRow& row) {
  return row.provider == "github" ? std::string() : " (" + row.provider + ")";
}

std::string repository_name(const ordered_json& entry) {
  std::string name = text_member(entry, "name");
  return name.empty() ? text_member(entry, "repository") : name;
}

bool natural_less(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i;
      std::size_t j_end = j;
      while (i_end < a.size() && digit(a[i_end])) {
        ++i_end;
      }
      while (j_end < b.size() && digit(b[j_end])) {
        ++j_end;
      }
      // Without leading zeros, a longer run is a larger number.
      auto x = a.substr(i, i_end - i);
      auto y = b.substr(j, j_end - j);
      x.remove_prefix(std::min(x.find_first_not_of('0'), x.size()));
      y.remove_prefix(std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) {
        return x.size() < y.size();
      }
      if (x != y) {
        return x < y;
      }
      i = i_end;
      j = j_end;
      continue;
    }
    auto p = std::tolower(static_cast<unsigned char>(a[i]));
    auto q = std::tolower(static_cast<unsigned char>(b[j]));
    if (p != q) {
      return p < q;
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) {
    return j < b.size();
  }
  return a < b;
}

namespace {

std::vector<std::string> strings(const ordered_json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) {
    return out;
  }
  for (const auto& item : *it) {
    if (item.is_string()) {
      out.push_back(item.get<std::string>());
    }
  }
  return out;
}

// One command per published package. The report keeps one command, with the
// placeholder <pkg> when a job publishes several packages; the job's package
// list fills it in, each name shell-quoted as the scan's own commands are.
std::vector<std::string> trust_commands(const ordered_json& job) {
  auto publisher = job.find("trusted_publisher");
  if (publisher == job.end() || !publisher->is_object()) {
    return {};
  }
  std::string command = text_member(*publisher, "command");
  if (command.empty()) {
    return {};
  }
  auto packages = strings(job, "packages");
  auto placeholder = command.find("<pkg>");
  if (packages.size() < 2 || placeholder == std::string::npos) {
    return {command};
  }
  std::vector<std::string> commands;
  for (const auto& package : packages) {
    std::string one = command;
    one.replace(placeholder, 5, util::shell_quote(package));
    commands.push_back(std::move(one));
  }
  return commands;
}

}  // namespace

std::vector<JobRow> job_rows(const ordered_json& report) {
  std::vector<JobRow> rows;
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    if (!entry.is_object()) {
      continue;
    }
    std::string name = repository_name(entry);
    for (const auto& workflow : entry.value("workflows", ordered_json::array())) {
      if (!workflow.is_object()) {
        continue;
      }
      for (const auto& job : workflow.value("jobs", ordered_json::array())) {
        if (!job.is_object()) {
          continue;
        }
        auto publishes =
            report::publishes_from_json(job.value("publishes_npm", ordered_json(false)));
        if (publishes != core::Publishes::yes && publishes != core::Publishes::unknown) {
          continue;  // not publishing, or a wrongly typed verdict in a stored report
        }
        JobRow row;
        row.repository = text_member(entry, "repository");
        row.name = name;
        row.workflow = text_member(workflow, "path");
        if (std::string provider = text_member(workflow, "provider"); !provider.empty()) {
          row.provider = provider;
        }
        row.job = text_member(job, "id");
        row.publish_unknown = publishes == core::Publishes::unknown;
        row.auth = text_member(job, "auth");
        row.readiness = text_member(job, "trusted_publishing");
        row.blockers = strings(job, "blockers");
        row.steps = strings(job, "advice");
        row.commands = trust_commands(job);
        rows.push_back(std::move(row));
      }
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const JobRow& a, const JobRow& b) {
    if (a.name != b.name) {
      return natural_less(a.name, b.name);
    }
    if (a.workflow != b.workflow) {
      return natural_less(a.workflow, b.workflow);
    }
    return natural_less(a.job, b.job);
  });
  return rows;
}

std::string blocker_kind(std::string_view blocker) {
  std::string kind;
  int depth = 0;
  for (char c : blocker) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      kind += c;
    }
  }
  // The spaces a removed group leaves: "npm 10  without" -> "npm 10 without".
  std::string out;
  for (char c : kind) {
    if (c != ' ' || (!out.empty() && out.back() != ' ')) {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out.empty() ? std::string(blocker) : out;
}

std::vector<std::pair<std::string, int>> blocker_groups(const std::vector<JobRow>& rows) {
  std::map<std::string, int> counts;
  for (const auto& row : rows) {
    std::vector<std::string> kinds;
    for (const auto& blocker : row.blockers) {
      kinds.push_back(blocker_kind(blocker));
    }
    std::sort(kinds.begin(), kinds.end());
    kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
    for (const auto& kind : kinds) {
      ++counts[kind];  // jobs, not blockers: a job counts once per kind
    }
  }
  std::vector<std::pair<std::string, int>> groups(counts.begin(), counts.end());
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : natural_less(a.first, b.first);
  });
  return groups;
}

MigrationDeadline migration_deadline(const std::vector<JobRow>& rows) {
  MigrationDeadline deadline;
  if (const auto* k = workflow::deadlines()) {
    deadline.date = k->bypass_2fa.date;
    deadline.text = k->bypass_2fa.text;
    deadline.write_token_text = k->write_token_max.text;
    deadline.days_left = workflow::days_until(k->bypass_2fa.date);
  }
  for (const auto& row : rows) {
    if (row.publish_unknown) {
      continue;
    }
    deadline.token_jobs += row.auth == "token";
    deadline.hybrid_jobs += row.auth == "hybrid";
  }
  return deadline;
}

std::pair<std::string, std::string> scan_period(const ordered_json& report) {
  std::string first;
  std::string last;
  for (const auto& entry : report.value("repositories", ordered_json::array())) {
    std::string at = entry.is_object() ? text_member(entry, "scanned_at") : std::string();
    if (at.empty()) {
      continue;
    }
    if (first.empty() || at < first) {
      first = at;
    }
    if (last.empty() || at > last) {
      last = at;
    }
  }
  return {first, last};
}

}  // namespace nts::org
