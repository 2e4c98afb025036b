#include "workflow/findings.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "util/sha256.hpp"
#include "util/text.hpp"
#include "workflow/rules/rule.hpp"

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
    // Code points from..to (1-based, inclusive), cut on their boundaries.
    int from = std::max(1, column - 20);
    int to = std::min(total, from + k_snippet_width - 1);
    std::size_t begin = util::byte_of_code_point(line, static_cast<std::size_t>(from - 1));
    std::size_t end = util::byte_of_code_point(line, static_cast<std::size_t>(to));
    std::string cut = line.substr(begin, end - begin);
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

std::string token_places(const JobAnalysis& a) {
  std::vector<std::string> places;
  for (const auto& token : a.tokens) {
    std::string detail = token.line > 0 ? "line " + std::to_string(token.line) : std::string();
    if (!token.from.empty()) {
      detail += (detail.empty() ? "" : ", ") + std::string("fed from ") + token.from;
    }
    places.push_back(token.name + (detail.empty() ? "" : " (" + detail + ")"));
  }
  return joined(places, ", ");
}

void Emitter::emit(std::string_view rule_id, const Evidence& e, std::string message,
                   std::optional<core::Severity> at_least) {
  const rules::Rule* rule = m_rules.find(std::string(rule_id));
  if (!rule) {
    return;
  }
  core::Finding f;
  f.rule_id = std::string(rule_id);
  f.severity = at_least ? std::max(rule->severity, *at_least) : rule->severity;
  f.confidence = rule->confidence;
  f.message = std::move(message);
  f.help = rule->help;
  f.location = core::Location{m_ctx.workflow.path, e.at.line, e.at.column};
  set_snippet(f, m_ctx, e);
  // Content fingerprint: moves with the evidence, not with line numbers.
  f.fingerprint = util::sha256_hex(f.rule_id + '\0' + m_ctx.workflow.path + '\0' + m_job.job->id +
                                   '\0' + e.text)
                      .substr(0, 32);
  out.push_back(std::move(f));
}

std::vector<core::Finding> job_findings(const JobAnalysis& a, const FileContext& ctx,
                                        const rules::RuleSet& rules) {
  Emitter emit(a, ctx, rules);
  for (const auto& entry : workflow_rules()) {
    entry.rule->find_any(a, ctx, emit);
  }
  const auto& r = a.report;
  if (r.publishes_npm == core::Publishes::unknown) {
    for (const auto& entry : workflow_rules()) {
      entry.rule->find_unknown(a, ctx, emit);
    }
    return std::move(emit.out);
  }
  if (!r.publishes() || r.publish_steps.empty()) {
    return std::move(emit.out);
  }
  const PublishHit& first = a.npm_publishes.front();
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
  PublishingJob job{a,
                    a.callee_job ? *a.callee_job : a,
                    ctx,
                    "job '" + a.job->id + "'",
                    first,
                    token_at,
                    token_list(a)};
  for (const auto& entry : workflow_rules()) {
    entry.rule->find(job, emit);
  }
  return std::move(emit.out);
}

}  // namespace nts::workflow
