#include "org/http.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace nts::org {
namespace {

// libcurl is opened on first use rather than linked: like git, which keeps
// its HTTP stack in a separate git-remote-https program, we do not make every
// run pay for loading libcurl's ~25 dependent libraries (TLS, Kerberos, LDAP,
// ...), which cost the pre-commit hook about a third of its start-up.
struct Curl {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

template <typename F>
bool bind(void* library, const char* name, F& function) {
  function = reinterpret_cast<F>(::dlsym(library, name));
  return function != nullptr;
}

// The loaded library, or an error saying what to install. Loaded once, and
// globally initialised before any handle exists (not thread-safe in older libcurl).
core::Result<const Curl*> curl_library() {
  static const core::Result<const Curl*> loaded = []() -> core::Result<const Curl*> {
    static Curl api;
    const char* soname = "libcurl.so.4";
    void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = ::dlerror();
      return core::Error{std::string("cannot load ") + soname + ": " + (why ? why : "not found"),
                         {},
                         "install libcurl (Debian and Ubuntu: apt-get install libcurl4)",
                         {}};
    }
    bool complete = bind(library, "curl_global_init", api.global_init) &&
                    bind(library, "curl_easy_init", api.easy_init) &&
                    bind(library, "curl_easy_cleanup", api.easy_cleanup) &&
                    bind(library, "curl_easy_setopt", api.easy_setopt) &&
                    bind(library, "curl_easy_perform", api.easy_perform) &&
                    bind(library, "curl_easy_getinfo", api.easy_getinfo) &&
                    bind(library, "curl_easy_strerror", api.easy_strerror) &&
                    bind(library, "curl_slist_append", api.slist_append) &&
                    bind(library, "curl_slist_free_all", api.slist_free_all);
    if (!complete) {
      return core::Error{std::string(soname) + " lacks the functions npm-token-scan needs",
                         {},
                         "install a libcurl of version 7.17 or newer",
                         {}};
    }
    api.global_init(CURL_GLOBAL_DEFAULT);
    return &api;
  }();
  return loaded;
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

}  // namespace

core::Result<HttpResponse> http_get(const std::string& url, const std::vector<std::string>& headers,
                                    long timeout_seconds) {
  auto loaded = curl_library();
  if (!loaded) {
    return loaded.error();
  }
  const Curl& api = **loaded;
  auto cleanup = [&api](CURL* handle) { api.easy_cleanup(handle); };
  auto free_list = [&api](curl_slist* list) { api.slist_free_all(list); };
  std::unique_ptr<CURL, decltype(cleanup)> curl(api.easy_init(), cleanup);
  if (!curl) {
    return core::Error{"cannot start an HTTP request (libcurl)", {}, {}, {}};
  }
  std::unique_ptr<curl_slist, decltype(free_list)> list(nullptr, free_list);
  for (const auto& header : headers) {
    list.reset(api.slist_append(list.release(), header.c_str()));
  }
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  api.easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  api.easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list.get());
  api.easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  api.easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
  api.easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  api.easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response.headers);
  api.easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  api.easy_setopt(curl.get(), CURLOPT_TIMEOUT, timeout_seconds);
  api.easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM
  api.easy_setopt(curl.get(), CURLOPT_ACCEPT_ENCODING, "");
  // Redirects stay off: libcurl would resend the Authorization header only to
  // the same host anyway, and the GitHub API does not redirect org listings.
  CURLcode rc = api.easy_perform(curl.get());
  if (rc != CURLE_OK) {
    std::string message = error[0] != '\0' ? error : api.easy_strerror(rc);
    return core::Error{"HTTP request failed: " + message,
                       core::Location{url, 0, 0},
                       "check the URL (--api-url) and the network",
                       {}};
  }
  api.easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace nts::org
