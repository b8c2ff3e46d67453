// fetch() and fetch_all(): scheme gate, data: URLs, and the easy/multi drivers around Transfer.
#include "photoaudit/audit/fetch.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <memory>

#include "page/curl_support.hpp"
#include "page/fetch_transfer.hpp"

#ifndef PHOTOAUDIT_VERSION
#define PHOTOAUDIT_VERSION "0"
#endif

namespace photoaudit::audit {
namespace {

using page::display_url;

// What to do with a URL before any network I/O.
enum class UrlKind { kHttp, kData, kRefused };

struct Classified {
  UrlKind kind = UrlKind::kRefused;
  Error refusal;
};

Classified classify(std::string_view url) {
  const std::string scheme = page::url_scheme(url);
  if (scheme == "http" || scheme == "https") return {UrlKind::kHttp, {}};
  if (scheme == "data") return {UrlKind::kData, {}};
  if (scheme.empty()) {
    return {UrlKind::kRefused, Error::invalid_argument(display_url(url) + ": not an absolute URL")};
  }
  return {UrlKind::kRefused, Error::unsupported(display_url(url) + ": refused: scheme \"" + scheme +
                                                "\" is not fetched (only http, https, data)")};
}

Error curl_unavailable(std::string_view url) {
  return Error::network(display_url(url) + ": libcurl could not be initialised");
}

// "host:port" as curl groups connections, or "" when curl cannot parse the URL.
std::string host_key(const std::string& url) {
  page::CurlUrlPtr handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  char* host = nullptr;
  char* port = nullptr;
  std::string key;
  if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK) key = host;
  if (curl_url_get(handle.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
    key += std::string(":") + port;
  curl_free(host);
  curl_free(port);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

}  // namespace

std::string default_user_agent() { return std::string("photoaudit/") + PHOTOAUDIT_VERSION + " (+credit audit)"; }

Result<FetchedResource> fetch(std::string_view url, const FetchOptions& options) {
  const Classified classified = classify(url);
  if (classified.kind == UrlKind::kRefused) return std::unexpected(classified.refusal);
  if (classified.kind == UrlKind::kData) return decode_data_url(url, options.max_response_bytes);
  if (!page::ensure_curl_initialized()) return std::unexpected(curl_unavailable(url));
  page::Transfer transfer{std::string(url), options};
  if (transfer.handle() == nullptr) return transfer.finish(CURLE_OUT_OF_MEMORY);
  return transfer.finish(curl_easy_perform(transfer.handle()));
}

std::vector<Result<FetchedResource>> fetch_all(const std::vector<std::string>& urls, const FetchOptions& options) {
  std::vector<Result<FetchedResource>> results(urls.size());
  const int max_parallel = std::max(1, options.max_parallel);
  const int max_per_host = std::max(1, options.max_per_host);
  std::deque<std::size_t> pending;
  std::vector<std::string> hosts(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const Classified classified = classify(urls[i]);
    if (classified.kind == UrlKind::kRefused) {
      results[i] = std::unexpected(classified.refusal);
    } else if (classified.kind == UrlKind::kData) {
      results[i] = decode_data_url(urls[i], options.max_response_bytes);
    } else {
      hosts[i] = host_key(urls[i]);
      pending.push_back(i);
    }
  }
  if (pending.empty()) return results;
  page::CurlMultiPtr multi;
  if (page::ensure_curl_initialized()) multi.reset(curl_multi_init());
  if (!multi) {
    for (std::size_t i : pending) results[i] = std::unexpected(curl_unavailable(urls[i]));
    return results;
  }
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_parallel));
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_per_host));

  // Transfers are added only when a slot is free (overall and for their host), so a queued transfer's
  // timeout does not run while it waits; curl's own limits above are a second guard.
  std::vector<std::unique_ptr<page::Transfer>> transfers(urls.size());
  std::map<std::string, int> in_flight_per_host;
  int in_flight = 0;
  const auto start_more = [&] {
    for (auto it = pending.begin(); it != pending.end() && in_flight < max_parallel;) {
      const std::size_t i = *it;
      if (in_flight_per_host[hosts[i]] >= max_per_host) {
        ++it;
        continue;
      }
      it = pending.erase(it);
      transfers[i] = std::make_unique<page::Transfer>(urls[i], options);
      CURL* easy = transfers[i]->handle();
      if (easy == nullptr || curl_multi_add_handle(multi.get(), easy) != CURLM_OK) {
        results[i] = transfers[i]->finish(CURLE_OUT_OF_MEMORY);
        transfers[i].reset();
        continue;
      }
      curl_easy_setopt(easy, CURLOPT_PRIVATE, reinterpret_cast<char*>(i + 1));
      ++in_flight;
      ++in_flight_per_host[hosts[i]];
    }
  };

  start_more();
  while (in_flight > 0) {
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      char* tag = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &tag);
      const auto i = static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(tag) - 1);
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi.get(), message->easy_handle);
      results[i] = transfers[i]->finish(code);
      transfers[i].reset();
      --in_flight;
      --in_flight_per_host[hosts[i]];
    }
    start_more();
    if (in_flight > 0) curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
  }
  return results;
}

}  // namespace photoaudit::audit
