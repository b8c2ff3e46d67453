// One HTTP(S) transfer: the curl easy handle configured with FetchOptions, the state its callbacks fill in,
// and the translation of curl's outcome into a Result. Used by fetch() (easy interface) and fetch_all() (multi).
#pragma once

#include <curl/curl.h>

#include <string>

#include "page/curl_support.hpp"
#include "photoaudit/audit/fetch.hpp"

namespace photoaudit::audit::page {

class Transfer {
 public:
  // Creates and configures the easy handle. REQUIRES: ensure_curl_initialized() returned true; url is an
  // http or https URL; options outlives the Transfer. The Transfer must not move while its handle is in use
  // (callbacks hold its address), hence not copyable or movable.
  Transfer(std::string url, const FetchOptions& options);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // The configured handle, or nullptr when curl could not create one (finish() then reports it).
  CURL* handle() const { return easy_.get(); }

  // Turns the transfer's outcome into the result; call once, after curl finished with code.
  Result<FetchedResource> finish(CURLcode code);

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);

  Error failure(CURLcode code) const;

  std::string url_;
  const FetchOptions& options_;
  CurlEasyPtr easy_;
  std::string body_;
  bool over_limit_ = false;
  std::string refused_address_;  // first address refused by the private-address policy
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace photoaudit::audit::page
