// npm-token-registry-command: a registry write that trusted publishing does
// not cover (`npm dist-tag add`, `npm deprecate`…) runs with a token, so the
// job keeps depending on that token after its publish moves to OIDC. Any job:
// one that never publishes is as much a token user as one that does.
#include "workflow/rules/rule.hpp"

namespace nts::workflow {
namespace {

std::string token_names(const JobAnalysis::TokenCommand& command) {
  std::vector<std::string> names;
  for (const auto& token : command.tokens) {
    std::string name = token.name + (token.from.empty() ? "" : " from " + token.from);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return joined(names, ", ");
}

// "npm dist-tag add (line 31), npm deprecate (line 40)".
std::string command_places(const JobAnalysis& a) {
  std::vector<std::string> places;
  for (const auto& command : a.token_commands) {
    places.push_back(command.hit.tool + " (line " + std::to_string(command.hit.where.at.line) +
                     ")");
  }
  return joined(places, ", ");
}

std::string keep_token_advice(const JobAnalysis& a) {
  bool tags = std::any_of(
      a.token_commands.begin(), a.token_commands.end(),
      [](const auto& command) { return command.hit.tool.find("tag") != std::string::npos; });
  return "Keep a token only for " + command_places(a) +
         ": trusted publishing covers npm publish alone. Give that step its own granular token "
         "limited to these packages" +
         (tags ? std::string(", or set the dist-tag while publishing (`npm publish --tag <tag>`)")
               : std::string()) +
         ", and keep that token when you revoke the publishing one.";
}

class NpmTokenRegistryCommand final : public WorkflowRule {
 public:
  std::string_view id() const override { return "npm-token-registry-command"; }

  void find_any(const JobAnalysis& a, const FileContext& /*ctx*/, Emitter& emit) const override {
    for (const auto& command : a.token_commands) {
      emit.emit(id(), command.hit.where,
                "job '" + a.job->id + "' runs " + command.hit.tool + " with " +
                    token_names(command) +
                    "; trusted publishing covers npm publish only, so this step keeps depending "
                    "on a long-lived token after the publish moves to OIDC.");
    }
  }

  void advise(const Conclusion& c, Advice& out) const override {
    if (!c.exec.token_commands.empty()) {
      out.add(keep_token_advice(c.exec));
    }
  }

  void advise_unknown(const JobAnalysis& a, Advice& out) const override {
    if (!a.token_commands.empty()) {
      out.add(keep_token_advice(a));
    }
  }

  void advise_not_npm(const JobAnalysis& a, const FileContext& /*ctx*/,
                      Advice& out) const override {
    if (!a.token_commands.empty()) {
      out.add(keep_token_advice(a));
    }
  }
};

}  // namespace

std::unique_ptr<WorkflowRule> rule::npm_token_registry_command() {
  return std::make_unique<NpmTokenRegistryCommand>();
}

}  // namespace nts::workflow
