#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace nts::org {

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  std::string body;
};

// One GET through the curl program (http:// and https://, proxies and CA store
// as the system configures them; headers reach it on stdin, never argv).
// `headers` are "Name: value" lines. An Error means no HTTP response at all
// (DNS, connect, TLS, timeout); any status is a response.
core::Result<HttpResponse> http_get(const std::string& url, const std::vector<std::string>& headers,
                                    long timeout_seconds = 60);

}  // namespace nts::org
