// Fetching pages and images over HTTP(S) with libcurl, with the bounds a newsroom tool needs.
//
// Every fetch is bounded: connect and total timeouts, a maximum body size (counted on the decoded body, so a
// compressed "bomb" is stopped too), a maximum number of redirects, http/https only (also on every redirect).
// Loopback, private, link-local and other non-public addresses are refused unless allow_private is set: the
// check runs on the address curl is about to connect to (after DNS resolution), for the first request and for
// every redirect hop, so neither a DNS name pointing inward nor a redirect reaches the intranet.
// `data:` URLs are decoded locally (no network). Other schemes (file:, ftp:, javascript:, ...) are refused and
// never touched.
//
// Proxies: environment proxy variables (http_proxy, ...) are ignored, because through a proxy the address
// check would see the proxy, not the target.
//
// libcurl: curl_global_init(CURL_GLOBAL_DEFAULT) runs exactly once per process (std::call_once) on the first
// call into this module or into page extraction's URL resolver; curl_global_cleanup is never called (the
// process keeps libcurl initialised until exit). All functions here are thread-safe; each call uses its own
// curl handles.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

struct FetchOptions {
  // Time to establish the TCP (and TLS) connection. Default: 10 s.
  std::chrono::milliseconds connect_timeout{10'000};
  // Time for the whole transfer including redirects. Default: 30 s.
  std::chrono::milliseconds total_timeout{30'000};
  // Largest accepted body, counted after content decoding. Default: 50 MB (50 * 1024 * 1024 bytes).
  std::uint64_t max_response_bytes = 50ull * 1024 * 1024;
  // Redirects followed before giving up. Default: 5.
  int max_redirects = 5;
  // Sent as User-Agent. Default: empty, meaning default_user_agent() ("photoaudit/<version> (+credit audit)").
  std::string user_agent;
  // Allow loopback, private, link-local and other non-public addresses (the CLI's --allow-private).
  // Default: false.
  bool allow_private = false;
  // fetch_all: transfers in flight at once (CURLMOPT_MAX_TOTAL_CONNECTIONS). Default: 8.
  int max_parallel = 8;
  // fetch_all: transfers in flight per host name (CURLMOPT_MAX_HOST_CONNECTIONS). Default: 4.
  int max_per_host = 4;
};

// One fetched (or data:-decoded) resource.
struct FetchedResource {
  std::string url;           // the URL as requested
  std::string final_url;     // after redirects (== url for data: URLs)
  long status = 0;           // final HTTP status (2xx or 3xx without Location); 200 for data: URLs
  std::string content_type;  // media type from Content-Type, lower-case, no parameters ("image/jpeg"); may be ""
  std::string charset;       // charset parameter of Content-Type, lower-case, unquoted ("iso-8859-1"); may be ""
  std::string body;          // the body bytes (decoded from gzip/deflate/br/zstd), not necessarily text
};

// "photoaudit/<version> (+credit audit)".
std::string default_user_agent();

// Fetches one URL (http, https or data:).
// Returns the resource for a final status below 400.
// Fails (the message starts with the URL and names the reason):
//   kNetwork        "URL: HTTP 404", "URL: timed out after 30 s", "URL: connect timed out after 10 s",
//                   "URL: connection refused", "URL: too many redirects (5)",
//                   "URL: refused: resolves to private address 127.0.0.1 (use --allow-private)",
//                   "URL: redirect to a scheme other than http/https refused", DNS and TLS errors;
//   kLimitExceeded  "URL: response exceeds 50 MB limit" (declared Content-Length or streamed body);
//   kUnsupported    "URL: refused: scheme \"file\" is not fetched (only http, https, data)";
//   kInvalidArgument  not an absolute URL; kCorruption  a malformed data: URL.
// Never throws. Blocks for at most about options.total_timeout.
Result<FetchedResource> fetch(std::string_view url, const FetchOptions& options);

// Fetches many URLs in parallel with curl's multi interface, at most options.max_parallel at once and
// options.max_per_host per host name. Returns one result per input URL, in input order; one URL failing
// never affects the others. Each transfer has its own options.total_timeout, counted from its start.
std::vector<Result<FetchedResource>> fetch_all(const std::vector<std::string>& urls, const FetchOptions& options);

// Decodes a data: URL ("data:[<media type>][;base64],<data>", base64 or percent-encoded) without any I/O.
// Fails with kCorruption (malformed: no comma, bad base64 or percent escape), kLimitExceeded (decoded data
// over max_bytes) or kInvalidArgument (not a data: URL). Error messages show at most the URL's first 64 chars.
Result<FetchedResource> decode_data_url(std::string_view url, std::uint64_t max_bytes);

// True when numeric_ip (an IPv4 or IPv6 literal, without brackets) is an address fetch refuses without
// allow_private: 0.0.0.0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4 and above,
// ::, ::1, fc00::/7, fe80::/10, ff00::/8, and IPv4-mapped/-compatible, NAT64 (64:ff9b::/96) and 6to4
// (2002::/16) forms of those. Also true for text that is not an IP literal (refuse what cannot be checked).
bool is_private_address(std::string_view numeric_ip);

// The image format that bytes start with: hashing::sniff_image_format()'s name ("jpeg", "png", "gif", "webp",
// "tiff", "bmp", "heif" for HEIF and AVIF, "cr3", "jxl", "svg"); "" when none matches.
std::string_view sniff_image_format(std::string_view bytes);

// True when sniff_image_format(bytes) is not "".
inline bool looks_like_image(std::string_view bytes) { return !sniff_image_format(bytes).empty(); }

// Checks that a resource fetched as an image is one. Returns the sniffed format ("jpeg", ...).
// Fails with kCorruption when the body is not an image, e.g.
//   "URL: not an image: content type text/html, body starts with \"<!DOCTYPE html>\"" (an HTML error page
//   served with status 200), or "URL: not an image: empty body". The excerpt is at most 32 printable chars.
Result<std::string_view> verify_image_response(const FetchedResource& resource);

}  // namespace photoaudit::audit
