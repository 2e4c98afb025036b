#include "core/verdict.hpp"

#include "tests/support/catch.hpp"

using namespace nts::core;

TEST_CASE("verdicts: every value has one spelling that parses back") {
  for (auto p : {Publishes::no, Publishes::yes, Publishes::unknown}) {
    CHECK(parse_publishes(to_string(p)) == p);
  }
  for (auto a : {Auth::none, Auth::token, Auth::oidc, Auth::hybrid}) {
    CHECK(parse_auth(to_string(a)) == a);
  }
  for (auto r : {Readiness::not_applicable, Readiness::ready, Readiness::needs_changes,
                 Readiness::blocked}) {
    CHECK(parse_readiness(to_string(r)) == r);
  }
  CHECK(to_string(Readiness::needs_changes) == "needs-changes");
  CHECK(to_string(Readiness::not_applicable) == "not-applicable");
  CHECK_FALSE(parse_auth("Token"));
  CHECK_FALSE(parse_readiness("not_applicable"));
}
