#include "workflow/findings.hpp"

#include <re2/re2.h>

#include "util/sha256.hpp"
#include "util/text.hpp"

namespace nts::workflow {
namespace {

constexpr int k_snippet_width = 160;

// A literal credential on the line is replaced by its first characters and
// the length, so that no report prints a secret (tokens.yaml snippet_masks).
std::string mask_secrets(const Knowledge& k, std::string line) {
  for (const auto& mask : k.snippet_masks) {
    std::size_t from = 0;
    re2::StringPiece secret;
    while (from < line.size() &&
           mask->Match(line, from, line.size(), RE2::UNANCHORED, &secret, 1) && !secret.empty()) {
      auto begin = static_cast<std::size_t>(secret.data() - line.data());
      if (secret.as_string().find("(redacted") != std::string::npos) {
        from = begin + secret.size();  // already masked by an earlier pattern
        continue;
      }
      std::string shown =
          secret.substr(0, std::min<std::size_t>(4, secret.size() / 4)).as_string() +
          "\xE2\x80\xA6(redacted, " + std::to_string(secret.size()) + " chars)";
      line.replace(begin, secret.size(), shown);
      from = begin + shown.size();
    }
  }
  return line;
}

// The source line, cut with … around the evidence when it is long.
void set_snippet(core::Finding& f, const FileContext& ctx, const Evidence& e) {
  std::string line = mask_secrets(ctx.k, std::string(ctx.source.line_text(e.at.line)));
  int column = e.at.column;
  int width = std::max(1, util::count_code_points(e.text));
  int total = util::count_code_points(line);
  width = std::max(1, std::min(width, total - column + 1));
  if (total > k_snippet_width) {
    // Cut on code point boundaries: walk bytes, count lead bytes.
    int from = std::max(1, column - 20);
    int to = std::min(total, from + k_snippet_width - 1);
    std::string cut;
    int cp = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      auto byte = static_cast<unsigned char>(line[i]);
      if ((byte & 0xC0) != 0x80) {
        ++cp;
      }
      if (cp >= from && cp <= to) {
        cut.push_back(line[i]);
      }
    }
    std::string prefix = from > 1 ? "\xE2\x80\xA6" : "";
    f.snippet = prefix + cut + (to < total ? "\xE2\x80\xA6" : "");
    f.snippet_column = column - from + 1 + (from > 1 ? 1 : 0);
    width = std::min(width, to - column + 1);
  } else {
    f.snippet = line;
    f.snippet_column = column;
  }
  f.highlight_width = std::max(1, width);
}

class Emitter {
 public:
  Emitter(const JobAnalysis& job, const FileContext& ctx, const rules::RuleSet& rules)
      : m_job(job), m_ctx(ctx), m_rules(rules) {}

  void emit(const std::string& rule_id, const Evidence& e, std::string message) {
    const rules::Rule* rule = m_rules.find(rule_id);
    if (!rule) {
      return;
    }
    core::Finding f;
    f.rule_id = rule_id;
    f.severity = rule->severity;
    f.confidence = rule->confidence;
    f.message = std::move(message);
    f.help = rule->help;
    f.location = core::Location{m_ctx.workflow.path, e.at.line, e.at.column};
    set_snippet(f, m_ctx, e);
    // Content fingerprint: moves with the evidence, not with line numbers.
    f.fingerprint = util::sha256_hex(rule_id + '\0' + m_ctx.workflow.path + '\0' + m_job.job->id +
                                     '\0' + e.text)
                        .substr(0, 32);
    out.push_back(std::move(f));
  }

  std::vector<core::Finding> out;

 private:
  const JobAnalysis& m_job;
  const FileContext& m_ctx;
  const rules::RuleSet& m_rules;
};

std::string token_list(const JobAnalysis& a) {
  std::string out;
  for (const auto& token : a.tokens) {
    if (!out.empty()) {
      out += ", ";
    }
    out += token.name + (token.from.empty() ? "" : " from " + token.from);
  }
  return out;
}

}  // namespace

std::vector<core::Finding> job_findings(const JobAnalysis& a, const FileContext& ctx,
                                        const rules::RuleSet& rules) {
  Emitter emit(a, ctx, rules);
  const auto& r = a.report;
  if (r.publishes_npm == core::Publishes::unknown) {
    // The publish is not visible, but a token handed to what may publish is
    // still a finding: "unknown" never turns a token publisher into a pass.
    bool passed = !a.tokens.empty();
    const auto& held = passed ? a.tokens : a.held_tokens;
    if (held.empty()) {
      return std::move(emit.out);
    }
    Evidence at;
    if (passed && !a.token_evidence.empty()) {
      at = a.token_evidence.front();
    } else {
      at.at.line = held.front().line;
      at.at.column = held.front().column;
      at.text = held.front().name;
    }
    std::string reasons;
    for (const auto& hop : a.unresolved) {
      reasons += (reasons.empty() ? "" : "; ") + hop.reason;
    }
    std::string names;
    for (const auto& token : held) {
      names += (names.empty() ? "" : ", ") + token.name +
               (token.from.empty() ? "" : " from " + token.from);
    }
    emit.emit("npm-token-publish", at,
              "job '" + a.job->id + "' may publish to npm (" + reasons + ") and is handed " +
                  names + "; if it publishes, every release depends on a long-lived token; " +
                  ctx.k.bypass_2fa.text + ".");
    return std::move(emit.out);
  }
  if (!r.publishes() || r.publish_steps.empty()) {
    return std::move(emit.out);
  }
  const PublishHit& first = a.npm_publishes.front();
  const std::string job = "job '" + a.job->id + "'";
  const std::string tool = first.tool;
  Evidence token_at = first.where;
  // Point at the token wiring a person edits: a stored secret first.
  bool found = false;
  for (int pass = 0; pass < 2 && !found; ++pass) {
    for (std::size_t i = 0; i < a.token_evidence.size() && i < a.tokens.size(); ++i) {
      bool secret = a.tokens[i].from.rfind("secrets.", 0) == 0;
      if (a.token_evidence[i].at.line > 0 && (secret || pass == 1)) {
        token_at = a.token_evidence[i];
        found = true;
        break;
      }
    }
  }
  const auto& k = ctx.k;
  const JobAnalysis& exec = a.callee_job ? *a.callee_job : a;

  if (r.auth == core::Auth::token && !a.tokens.empty()) {
    emit.emit("npm-token-publish", token_at,
              job + " publishes to npm (" + tool + ") with " + token_list(a) +
                  " and has no id-token: write, so every release depends on a long-lived token; " +
                  k.bypass_2fa.text + ".");
  }
  if (r.auth == core::Auth::hybrid) {
    emit.emit(
        "npm-token-hybrid", token_at,
        job + " has id-token: write but still hands npm " + token_list(a) +
            "; npm tries OIDC first and silently falls back to that token, so the token remains a "
            "working credential.");
  }
  if (exec.runner.kind == RunnerInfo::Kind::self_hosted ||
      exec.runner.kind == RunnerInfo::Kind::custom ||
      exec.runner.kind == RunnerInfo::Kind::expression) {
    if (exec.runner.at && !a.callee_job) {
      std::string what =
          exec.runner.kind == RunnerInfo::Kind::self_hosted
              ? "a self-hosted runner"
              : "runner '" + exec.runner.label + "', which is not a standard GitHub-hosted label";
      emit.emit("tp-blocked-runner", *exec.runner.at,
                job + " publishes to npm from " + what +
                    "; npm trusted publishing only accepts GitHub-hosted runners.");
    }
  }
  if (a.id_token.write && !a.callee_job && exec.npm &&
      exec.npm->status == NpmInfo::Status::too_old) {
    Evidence at = exec.npm->at ? *exec.npm->at : first.where;
    emit.emit("tp-npm-too-old", at,
              job + " relies on OIDC but publishes with " + exec.npm->detail + "; npm before " +
                  k.min_npm + " never attempts trusted publishing" +
                  (a.tokens.empty() ? " and fails with ENEEDAUTH."
                                    : ", so the token is what publishes."));
  }
  if (!a.callee_job) {
    for (std::size_t i = 0; i < a.clients.size() && i < a.npm_publishes.size(); ++i) {
      if (a.clients[i].status == ClientVerdict::Status::blocked) {
        emit.emit(
            "tp-blocked-client", a.npm_publishes[i].where,
            job + " publishes with " + a.npm_publishes[i].tool + ": " + a.clients[i].reason + ".");
      }
    }
  }
  if (a.in_workflow_call) {
    std::string callers = a.caller_files.empty()
                              ? std::string("its callers' file names")
                              : "the caller's file name (" + a.caller_files.front() + ")";
    emit.emit("tp-reusable-workflow", first.where,
              job +
                  " publishes to npm inside a reusable workflow (on: workflow_call); npm matches " +
                  callers + ", not " + ctx.workflow.file_name +
                  ", and the calling job needs id-token: write too.");
  }
  if (a.id_token.write && !a.callee_job) {
    for (const auto& precheck : a.prechecks) {
      emit.emit("tp-whoami-precheck", precheck.where,
                job + " runs `" + precheck.tool +
                    "` before publishing; it does not see the OIDC exchange and "
                    "fails once no token is configured.");
    }
    for (std::size_t i = 0; i < a.clients.size() && i < a.npm_publishes.size(); ++i) {
      if (!a.clients[i].precheck.empty()) {
        emit.emit("tp-whoami-precheck", a.npm_publishes[i].where,
                  job + ": " + a.clients[i].precheck + ".");
      }
    }
  }
  if (a.pull_request_target && a.trigger_at) {
    emit.emit(
        "publish-from-pull-request-target", *a.trigger_at,
        job +
            " publishes to npm in a workflow triggered by pull_request_target, which runs with the "
            "base repository's secrets and OIDC token for untrusted pull requests.");
  }
  if (r.auth == core::Auth::token && !a.tokens.empty()) {
    emit.emit(
        "bypass-2fa-deadline", first.where,
        job + " publishes directly with a token (" + tool + "); " + k.bypass_2fa.text +
            ", so move to trusted publishing or to a stage-only token with npm stage publish.");
  }
  return std::move(emit.out);
}

}  // namespace nts::workflow
