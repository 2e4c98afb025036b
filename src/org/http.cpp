#include "org/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace nts::org {
namespace {

void ensure_curl() {
  static std::once_flag once;
  // Not thread-safe in older libcurl, so once, before any handle exists.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (after a redirect or 100-continue) starts over
  } else if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    auto begin = value.find_first_not_of(" \t");
    auto end = value.find_last_not_of(" \t\r\n");
    (*headers)[name] = begin == std::string::npos ? "" : value.substr(begin, end - begin + 1);
  }
  return size * count;
}

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

core::Result<HttpResponse> http_get(const std::string& url, const std::vector<std::string>& headers,
                                    long timeout_seconds) {
  ensure_curl();
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) {
    return core::Error{"cannot start an HTTP request (libcurl)", {}, {}, {}};
  }
  std::unique_ptr<curl_slist, SlistFree> list;
  for (const auto& header : headers) {
    list.reset(curl_slist_append(list.release(), header.c_str()));
  }
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response.headers);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM
  curl_easy_setopt(curl.get(), CURLOPT_ACCEPT_ENCODING, "");
  // Redirects stay off: libcurl would resend the Authorization header only to
  // the same host anyway, and the GitHub API does not redirect org listings.
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    std::string message = error[0] != '\0' ? error : curl_easy_strerror(rc);
    return core::Error{"HTTP request failed: " + message,
                       core::Location{url, 0, 0},
                       "check the URL (--api-url) and the network",
                       {}};
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace nts::org
