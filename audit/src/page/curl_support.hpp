// Small RAII and formatting helpers around libcurl, shared by fetching and URL resolution.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "photoaudit/audit/url_scheme.hpp"

namespace photoaudit::audit::page {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) once per process (std::call_once). Returns false when it failed;
// later calls return the same answer. curl_global_cleanup is never called.
bool ensure_curl_initialized();

struct CurlEasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using CurlMultiPtr = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

// A URL for error messages: at most 200 characters (data: URLs at most 64), control characters replaced.
std::string display_url(std::string_view url);

// "30 s", "1.5 s".
std::string format_seconds(std::chrono::milliseconds duration);

// "50 MB", "512 KB", "1000 bytes" (MB = 1024 * 1024 bytes).
std::string format_byte_limit(std::uint64_t bytes);

}  // namespace photoaudit::audit::page
