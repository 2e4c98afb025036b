#include "tests/org/http_server.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace nts::test {

LoopbackHttpServer::LoopbackHttpServer(Handler handler) : m_handler(std::move(handler)) {
  m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the kernel picks a free port
  socklen_t length = sizeof address;
  if (m_listener < 0 ||
      ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(m_listener, 16) != 0 ||
      ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("loopback HTTP server: cannot listen");
  }
  m_port = ntohs(address.sin_port);
  m_thread = std::thread([this] { serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  m_stop = true;
  m_thread.join();
  ::close(m_listener);
}

std::vector<LoopbackHttpServer::Request> LoopbackHttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

void LoopbackHttpServer::serve() {
  while (!m_stop) {
    pollfd waiting{m_listener, POLLIN, 0};
    if (::poll(&waiting, 1, 50) <= 0) {
      continue;
    }
    int client = ::accept(m_listener, nullptr, nullptr);
    if (client < 0) {
      continue;
    }
    std::string raw;
    char buffer[4096];
    while (raw.find("\r\n\r\n") == std::string::npos) {
      ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) {
        break;
      }
      raw.append(buffer, static_cast<std::size_t>(got));
    }
    Request request;
    auto line_end = raw.find("\r\n");
    auto first_space = raw.find(' ');
    auto second_space = raw.find(' ', first_space + 1);
    if (first_space != std::string::npos && second_space != std::string::npos) {
      request.target = raw.substr(first_space + 1, second_space - first_space - 1);
    }
    for (auto pos = line_end + 2; pos < raw.size();) {
      auto end = raw.find("\r\n", pos);
      if (end == std::string::npos || end == pos) {
        break;
      }
      std::string header = raw.substr(pos, end - pos);
      auto colon = header.find(':');
      if (colon != std::string::npos) {
        std::string name = header.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        request.headers[name] = header.substr(header.find_first_not_of(' ', colon + 1));
      }
      pos = end + 2;
    }
    Response response = m_handler(request);
    {
      std::lock_guard lock(m_mutex);
      m_requests.push_back(request);
    }
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " Status\r\n";
    for (const auto& header : response.headers) {
      out += header + "\r\n";
    }
    out += "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n" + response.body;
    std::size_t sent = 0;
    while (sent < out.size()) {
      ssize_t n = ::send(client, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    ::close(client);
  }
}

}  // namespace nts::test
