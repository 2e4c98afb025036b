#include "fix/render.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "util/text.hpp"

namespace nts::fix {
namespace {

std::string safe(std::string_view text) {
  return util::escape_control(text);
}

// 1-based line of `offset` in the original file, and the text it removes.
struct EditView {
  int line = 0;
  std::string removed;
  std::string inserted;
};

EditView view_of(const FixPlan& plan, const FileEdit& edit) {
  EditView v;
  for (const auto& file : plan.files) {
    if (file.path == edit.path) {
      Lines lines(file.before);
      v.line = static_cast<int>(lines.line_of(std::min(edit.edit.begin, file.before.size()))) + 1;
      v.removed = file.before.substr(edit.edit.begin, edit.edit.end - edit.edit.begin);
    }
  }
  v.inserted = edit.edit.text;
  return v;
}

// "add `permissions: …`", "remove lines 16-17 (`env:` …)", "change `20` to `24`".
std::string describe(const EditView& v) {
  auto first_line = [](const std::string& s) {
    auto start = s.find_first_not_of(" \r\n");
    if (start == std::string::npos) {
      return std::string();
    }
    auto end = s.find_first_of("\r\n", start);
    return s.substr(start, end == std::string::npos ? std::string::npos : end - start);
  };
  auto lines = [](const std::string& s) {
    auto n = std::count(s.begin(), s.end(), '\n');
    return n + (!s.empty() && s.back() != '\n' ? 1 : 0);
  };
  if (v.removed.empty()) {
    auto n = lines(v.inserted);
    return "add " + std::string(n > 1 ? std::to_string(n) + " lines " : "") + "'" +
           safe(first_line(v.inserted)) + (n > 1 ? "' …" : "'");
  }
  if (v.inserted.empty()) {
    auto n = lines(v.removed);
    return "remove " +
           (n > 1 ? "lines " + std::to_string(v.line) + "-" + std::to_string(v.line + n - 1)
                  : "line " + std::to_string(v.line)) +
           " ('" + safe(first_line(v.removed)) + (n > 1 ? "' …)" : "')");
  }
  return "change '" + safe(v.removed) + "' to '" + safe(v.inserted) + "'";
}

int count(const FixPlan& plan, JobOutcome::Status status) {
  int n = 0;
  for (const auto& job : plan.jobs) {
    n += job.status == status;
  }
  return n;
}

}  // namespace

std::string render_diff(const FixPlan& plan) {
  std::string out;
  for (const auto& file : plan.files) {
    out += unified_diff(file.path, file.before, file.after);
  }
  return out;
}

namespace {

// What changed and why, what was left and why, and the order that keeps
// releases working; `apply` is step 2 of that order.
std::string explanation(const FixPlan& plan, bool written, const std::string& apply) {
  using S = JobOutcome::Status;
  std::string out;
  int fixed = count(plan, S::fixed), left = count(plan, S::not_fixed);
  out += "npm-token-scan fix: " + std::to_string(fixed) + " job(s) moved to trusted publishing";
  out += plan.files.empty() ? "" : " in " + std::to_string(plan.files.size()) + " file(s)";
  out += written ? " (written)" : "";
  out += ", " + std::to_string(left) + " left as they are\n";
  std::set<std::string> packages_commands;
  std::set<std::string> tokens;
  std::vector<std::string> notes;
  for (const auto& job : plan.jobs) {
    if (job.status == S::not_publishing || job.status == S::not_selected) {
      continue;
    }
    out += "\n" + safe(job.path) + " job " + safe(job.job) +
           " (auth: " + std::string(core::to_string(job.auth)) + "): ";
    if (job.status == S::nothing_to_do) {
      out += "already publishes with trusted publishing\n";
      continue;
    }
    if (job.status == S::not_fixed) {
      out += "not fixed automatically: " + safe(job.reason) + "\n";
      continue;
    }
    out += "fixed\n";
    for (const auto& edit : job.edits) {
      auto v = view_of(plan, edit);
      out += "  " + safe(edit.path) + ":" + std::to_string(v.line) + ": " + describe(v) + " — " +
             safe(edit.edit.reason) + "\n";
    }
    if (job.trusted_publisher) {
      const auto& tp = *job.trusted_publisher;
      if (tp.commands.empty()) {
        packages_commands.insert(tp.command);
      }
      packages_commands.insert(tp.commands.begin(), tp.commands.end());
      std::string fields = "owner '" + (tp.owner.empty() ? "<owner>" : tp.owner) +
                           "', repository '" + (tp.repository.empty() ? "<repo>" : tp.repository) +
                           "', workflow '" + tp.workflow + "'" +
                           (tp.environment ? ", environment '" + *tp.environment + "'" : "");
      notes.push_back(
          "npmjs.com > each package > Settings > Trusted publishing > GitHub Actions: " + fields);
    }
    tokens.insert(job.token_names.begin(), job.token_names.end());
    notes.insert(notes.end(), job.notes.begin(), job.notes.end());
  }
  if (fixed == 0) {
    return out;
  }
  out += "\nThe order that keeps releases working:\n";
  out +=
      "1. Before merging, configure the trusted publisher for every package the job(s) "
      "publish:\n";
  std::set<std::string> shown;
  for (const auto& note : notes) {
    if (note.rfind("npmjs.com", 0) == 0 && shown.insert(note).second) {
      out += "   - " + safe(note) + "\n";
    }
  }
  for (const auto& command : packages_commands) {
    out += "   - or: " + safe(command) + "\n";
  }
  out += "2. " + apply + "\n";
  out +=
      "3. After the first trusted publish succeeds, set each package to 'Require two-factor "
      "authentication and disallow tokens', then delete the secret and revoke the npm "
      "token";
  std::string list;
  for (const auto& token : tokens) {
    list += (list.empty() ? "" : ", ") + token;
  }
  out += list.empty() ? ".\n" : " (" + safe(list) + ").\n";
  for (const auto& note : notes) {
    if (note.rfind("npmjs.com", 0) != 0 && shown.insert(note).second) {
      out += "Note: " + safe(note) + "\n";
    }
  }
  return out;
}

// A Markdown code fence around `text` that nothing in it can close.
std::string fenced(const std::string& info, const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body = text.empty() || text.back() == '\n' ? text : text + "\n";
  return fence + info + "\n" + body + fence + "\n";
}

}  // namespace

std::string render_text(const FixPlan& plan, bool written) {
  std::string out = explanation(
      plan, written,
      written ? "Review the changed files, commit and merge."
              : "Apply the change (npm-token-scan fix --write, or the diff below with `git "
                "apply`), review, commit and merge.");
  if (!written && !plan.files.empty()) {
    out += "\n" + render_diff(plan);
  }
  return out;
}

std::string render_markdown(const FixPlan& plan) {
  std::string out = "## npm trusted publishing: suggested change\n\n";
  out += fenced("text", explanation(plan, false,
                                    "Apply the diff below (`git apply`, or `npm-token-scan fix "
                                    "--write` on a checkout), review, commit and merge."));
  if (!plan.files.empty()) {
    out += "\n" + fenced("diff", render_diff(plan));
  }
  return out;
}

std::string render_patch(const FixPlan& plan, const std::string& base_commit,
                         const std::string& date) {
  if (plan.files.empty()) {
    return {};
  }
  std::string message = explanation(plan, false, "Review this change, commit and merge it.");
  // Lines git's mail parsing would take for a separator, a diff or a new
  // message stay message text.
  std::string body;
  std::size_t start = 0;
  while (start < message.size()) {
    auto end = message.find('\n', start);
    auto line = message.substr(start, end == std::string::npos ? end : end - start);
    bool special = line.rfind("-", 0) == 0 || line.rfind("diff ", 0) == 0 ||
                   line.rfind("Index:", 0) == 0 || line.rfind("From ", 0) == 0 ||
                   line.rfind(">", 0) == 0;
    body += (special ? " " : "") + line + "\n";
    start = end == std::string::npos ? message.size() : end + 1;
  }
  std::string diff = render_diff(plan);
  bool carriage_returns = diff.find('\r') != std::string::npos;
  std::string content = body + "---\n" + diff +
                        (base_commit.empty() ? "" : "\nbase-commit: " + base_commit + "\n") +
                        "-- \nnpm-token-scan fix\n";
  std::string out = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n";
  out += "From: npm-token-scan <npm-token-scan@users.noreply.invalid>\n";
  out += "Date: " + date + "\n";
  out += "Subject: [PATCH] Publish to npm with trusted publishing instead of a long-lived token\n";
  out += "MIME-Version: 1.0\n";
  out += "Content-Type: text/plain; charset=UTF-8\n";
  // git am drops a carriage return at a line's end unless told to keep it:
  // a patch to a file with CRLF line endings travels in base64.
  if (!carriage_returns) {
    return out + "Content-Transfer-Encoding: 8bit\n\n" + content;
  }
  out += "Content-Transfer-Encoding: base64\n\n";
  std::string encoded = util::encode_base64(content);
  for (std::size_t at = 0; at < encoded.size(); at += 76) {
    out += encoded.substr(at, 76) + "\n";
  }
  return out;
}

std::string render_json(const FixPlan& plan, bool written) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["written"] = written;
  auto& jobs = doc["jobs"] = nlohmann::ordered_json::array();
  for (const auto& job : plan.jobs) {
    nlohmann::ordered_json j;
    j["path"] = job.path;
    j["job"] = job.job;
    j["auth"] = core::to_string(job.auth);
    j["status"] = to_string(job.status);
    j["reason"] =
        job.reason.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(job.reason);
    auto& edits = j["edits"] = nlohmann::ordered_json::array();
    for (const auto& edit : job.edits) {
      auto v = view_of(plan, edit);
      edits.push_back({{"path", edit.path},
                       {"line", v.line},
                       {"removed", v.removed},
                       {"inserted", v.inserted},
                       {"reason", edit.edit.reason}});
    }
    j["notes"] = job.notes;
    if (job.status == JobOutcome::Status::fixed && job.trusted_publisher) {
      const auto& tp = *job.trusted_publisher;
      j["trusted_publisher"] = {
          {"owner", tp.owner},
          {"repository", tp.repository},
          {"workflow", tp.workflow},
          {"environment",
           tp.environment ? nlohmann::ordered_json(*tp.environment) : nlohmann::ordered_json()},
          {"commands", tp.commands.empty() ? std::vector<std::string>{tp.command} : tp.commands}};
      j["revoke_after_first_trusted_publish"] = job.token_names;
    }
    jobs.push_back(std::move(j));
  }
  auto& files = doc["files"] = nlohmann::ordered_json::array();
  for (const auto& file : plan.files) {
    files.push_back(
        {{"path", file.path}, {"diff", unified_diff(file.path, file.before, file.after)}});
  }
  auto& errors = doc["errors"] = nlohmann::ordered_json::array();
  for (const auto& issue : plan.issues) {
    if (issue.kind == core::ScanIssue::Kind::error) {
      errors.push_back({{"path", issue.path}, {"line", issue.line}, {"message", issue.message}});
    }
  }
  return doc.dump(2) + "\n";
}

}  // namespace nts::fix
