#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nts::test {

// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) in a thread, for tests of
// the GitHub API client: one request per connection, answered by `handler`.
class LoopbackHttpServer {
 public:
  struct Request {
    std::string target;                          // "/orgs/acme/repos?per_page=100&type=all"
    std::map<std::string, std::string> headers;  // names lower-cased
  };
  struct Response {
    int status = 200;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
  };
  using Handler = std::function<Response(const Request&)>;

  explicit LoopbackHttpServer(Handler handler);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  std::vector<Request> requests() const;

 private:
  void serve();
  Handler m_handler;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<Request> m_requests;
  std::thread m_thread;
};

}  // namespace nts::test
