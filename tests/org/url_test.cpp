#include "org/url.hpp"

#include "org/mirror.hpp"
#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("url: userinfo is stripped wherever a URL is shown or stored") {
  CHECK(org::without_userinfo("https://user:secret@host.test/acme/x.git") ==
        "https://host.test/acme/x.git");
  CHECK(org::without_userinfo("https://secret@host.test:8443/x?y=@z") ==
        "https://host.test:8443/x?y=@z");
  CHECK(org::without_userinfo("git://a:b@127.0.0.1:9418/x") == "git://127.0.0.1:9418/x");
  CHECK(org::without_userinfo("https://host.test/a@b") == "https://host.test/a@b");
  // No scheme: a path or scp-like syntax, whose user name is no secret.
  CHECK(org::without_userinfo("git@github.com:acme/x.git") == "git@github.com:acme/x.git");
  CHECK(org::without_userinfo("/srv/git/a@b") == "/srv/git/a@b");
  // The mirror folder is the same with or without the credential, and names none.
  CHECK(org::mirror_path("/c", "https://u:secret@host.test/x.git") ==
        org::mirror_path("/c", "https://host.test/x.git"));
  CHECK(org::mirror_path("/c", "https://u:secret@host.test/x.git").find("secret") ==
        std::string::npos);
}

TEST_CASE("url: authority and transport") {
  auto parts = org::url_authority("HTTPS://u:p@GitHub.com:443/x");
  REQUIRE(parts);
  CHECK(parts->scheme == "https");
  CHECK(parts->host == "github.com");
  CHECK(parts->port == "443");
  CHECK(org::url_authority("http://[::1]:8080/x")->host == "::1");
  CHECK_FALSE(org::url_authority("/srv/x").has_value());
  CHECK(org::is_secure_transport("https://example.test/x"));
  CHECK(org::is_secure_transport("http://127.0.0.1:9/x"));
  CHECK(org::is_secure_transport("http://[::1]:9/x"));
  CHECK_FALSE(org::is_secure_transport("http://example.test/x"));
  CHECK_FALSE(org::is_secure_transport("file:///srv/x"));
  org::TokenScope scope{{"ghe.test", "127.0.0.1:80"}};
  CHECK(scope.allows("https://ghe.test:8443/x"));
  CHECK(scope.allows("http://127.0.0.1:80/x"));
  CHECK_FALSE(scope.allows("http://ghe.test/x"));
  CHECK_FALSE(scope.allows("http://127.0.0.1:81/x"));
}

TEST_CASE("url: reports name a repository owner/name from its remote URL") {
  CHECK(org::repository_slug("https://github.com/acme/widgets.git") == "acme/widgets");
  CHECK(org::repository_slug("https://user:secret@ghe.test:8443/acme/widgets/") == "acme/widgets");
  CHECK(org::repository_slug("git@github.com:acme/widgets.git") == "acme/widgets");
  CHECK(org::repository_slug("ssh://git@gitlab.com/group/sub/tool.git") == "group/sub/tool");
  CHECK(org::repository_slug("git://127.0.0.1:9418/acme/x") == "acme/x");
  // No owner/name to show: the caller shows the path.
  CHECK(org::repository_slug("https://host.test/single").empty());
  CHECK(org::repository_slug("/srv/git/acme/widgets").empty());
  CHECK(org::repository_slug("file:///srv/git/acme/widgets").empty());
  CHECK(org::repository_slug("relative/path").empty());
}
