#include "page/fetch_transfer.hpp"

#include <sys/socket.h>

#include <cctype>
#include <cerrno>

#include "page/fetch_address.hpp"
#include "photoaudit/common/ascii_text.hpp"

namespace photoaudit::audit::page {
namespace {

// Splits "text/html; charset=\"ISO-8859-1\"" into "text/html" and "iso-8859-1".
void parse_content_type(std::string_view header, FetchedResource& out) {
  const std::size_t semicolon = header.find(';');
  out.content_type = lower_trimmed(header.substr(0, semicolon));
  std::string_view rest = semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon + 1);
  while (!rest.empty()) {
    const std::size_t next = rest.find(';');
    const std::string_view param = rest.substr(0, next);
    const std::size_t equals = param.find('=');
    if (equals != std::string_view::npos && lower_trimmed(param.substr(0, equals)) == "charset") {
      std::string value(trim_ascii_space(param.substr(equals + 1)));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      out.charset = lower_trimmed(value);
    }
    if (next == std::string_view::npos) break;
    rest.remove_prefix(next + 1);
  }
}

}  // namespace

Transfer::Transfer(std::string url, const FetchOptions& options)
    : url_(std::move(url)), options_(options), easy_(curl_easy_init()) {
  CURL* easy = easy_.get();
  if (easy == nullptr) return;
  const std::string user_agent = options.user_agent.empty() ? default_user_agent() : options.user_agent;
  curl_easy_setopt(easy, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");            // every encoding this libcurl decodes
  curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent.c_str());  // curl copies the string
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");  // ignore *_proxy variables: the address check must see the target
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Transfer::on_open_socket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* transfer = static_cast<Transfer*>(self);
  const size_t bytes = size * count;
  if (transfer->body_.size() + bytes > transfer->options_.max_response_bytes) {
    transfer->over_limit_ = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body_.append(data, bytes);
  return bytes;
}

// Called for every connection curl opens (first request, each redirect hop, each address tried): the address
// here is the resolved one, so a DNS name or redirect pointing into the intranet is caught.
curl_socket_t Transfer::on_open_socket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(self);
  if (!transfer->options_.allow_private) {
    const std::string ip = numeric_address(&address->addr, address->addrlen);
    if (ip.empty() || is_private_address(ip)) {
      if (transfer->refused_address_.empty()) transfer->refused_address_ = ip.empty() ? "(non-IP address)" : ip;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

Result<FetchedResource> Transfer::finish(CURLcode code) {
  if (easy_ == nullptr) return std::unexpected(Error::network(display_url(url_) + ": cannot create a curl handle"));
  if (code != CURLE_OK) return std::unexpected(failure(code));
  FetchedResource resource;
  resource.url = url_;
  char* effective = nullptr;
  curl_easy_getinfo(easy_.get(), CURLINFO_EFFECTIVE_URL, &effective);
  resource.final_url = effective != nullptr ? effective : url_;
  curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &resource.status);
  char* content_type = nullptr;
  curl_easy_getinfo(easy_.get(), CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) parse_content_type(content_type, resource);
  if (resource.status >= 400) {
    return std::unexpected(Error::network(display_url(url_) + ": HTTP " + std::to_string(resource.status)));
  }
  resource.body = std::move(body_);
  return resource;
}

Error Transfer::failure(CURLcode code) const {
  const std::string subject = display_url(url_) + ": ";
  const std::string detail = error_buffer_[0] != '\0' ? std::string(error_buffer_) : curl_easy_strerror(code);
  switch (code) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (code == CURLE_FILESIZE_EXCEEDED || over_limit_) {
        return Error::limit_exceeded(subject + "response exceeds " + format_byte_limit(options_.max_response_bytes) +
                                     " limit");
      }
      break;
    case CURLE_COULDNT_CONNECT: {
      if (!refused_address_.empty()) {
        return Error::network(subject + "refused: resolves to private address " + refused_address_ +
                              " (use --allow-private)");
      }
      long os_errno = 0;
      curl_easy_getinfo(easy_.get(), CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNREFUSED) return Error::network(subject + "connection refused");
      return Error::network(subject + "cannot connect: " + detail);
    }
    case CURLE_OPERATION_TIMEDOUT: {
      curl_off_t connect_time = 0;
      curl_easy_getinfo(easy_.get(), CURLINFO_CONNECT_TIME_T, &connect_time);
      if (connect_time == 0 && options_.connect_timeout < options_.total_timeout) {
        return Error::network(subject + "connect timed out after " + format_seconds(options_.connect_timeout));
      }
      return Error::network(subject + "timed out after " + format_seconds(options_.total_timeout));
    }
    case CURLE_TOO_MANY_REDIRECTS:
      return Error::network(subject + "too many redirects (" + std::to_string(options_.max_redirects) + ")");
    case CURLE_UNSUPPORTED_PROTOCOL:
      return Error::network(subject + "refused: redirect to a scheme other than http/https (" + detail + ")");
    case CURLE_COULDNT_RESOLVE_HOST:
      return Error::network(subject + "cannot resolve host (" + detail + ")");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return Error::network(subject + "TLS error: " + detail);
    default:
      break;
  }
  return Error::network(subject + detail);
}

}  // namespace photoaudit::audit::page
