// is_private_address: the ranges a newsroom tool must not reach on a reader's behalf (RFC 1918, RFC 6598,
// loopback, link-local, unique-local, multicast, reserved) and IPv6 forms that embed an IPv4 address.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "page/fetch_address.hpp"
#include "photoaudit/audit/fetch.hpp"

namespace photoaudit::audit {
namespace {

bool is_private_ipv4(std::uint32_t a) {  // a in host byte order
  const auto in = [a](std::uint32_t net, int prefix) {
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (a & mask) == net;
  };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 shared address space (carrier NAT, cloud metadata)
         in(0x7F000000, 8) ||   // 127/8 loopback
         in(0xA9FE0000, 16) ||  // 169.254/16 link-local (cloud metadata 169.254.169.254)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // 192.0.0/24 IETF protocol assignments
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xE0000000, 4) ||   // 224/4 multicast
         in(0xF0000000, 4);     // 240/4 reserved, 255.255.255.255 broadcast
}

std::uint32_t ipv4_at(const std::array<unsigned char, 16>& b, std::size_t offset) {
  return (std::uint32_t{b[offset]} << 24) | (std::uint32_t{b[offset + 1]} << 16) | (std::uint32_t{b[offset + 2]} << 8) |
         std::uint32_t{b[offset + 3]};
}

bool is_private_ipv6(const std::array<unsigned char, 16>& b) {
  bool first_ten_zero = true;
  for (std::size_t i = 0; i < 10; ++i) first_ten_zero = first_ten_zero && b[i] == 0;
  if (first_ten_zero && b[10] == 0xff && b[11] == 0xff) return is_private_ipv4(ipv4_at(b, 12));  // ::ffff:a.b.c.d
  if (first_ten_zero && b[10] == 0 && b[11] == 0) return true;         // ::, ::1, ::a.b.c.d (deprecated compatible)
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {  // 64:ff9b::/96 NAT64
    return is_private_ipv4(ipv4_at(b, 12));
  }
  if (b[0] == 0x20 && b[1] == 0x02) return is_private_ipv4(ipv4_at(b, 2));  // 2002::/16 6to4
  if ((b[0] & 0xfe) == 0xfc) return true;                                   // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;                   // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;                   // fec0::/10 site-local (deprecated)
  if (b[0] == 0xff) return true;                                            // ff00::/8 multicast
  return false;
}

}  // namespace

bool is_private_address(std::string_view numeric_ip) {
  const std::string text(numeric_ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return is_private_ipv4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::array<unsigned char, 16> bytes{};
    std::memcpy(bytes.data(), &v6, bytes.size());
    return is_private_ipv6(bytes);
  }
  return true;  // not an IP literal: cannot be checked, so refused
}

namespace page {

std::string numeric_address(const sockaddr* address, socklen_t length) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    if (inet_ntop(AF_INET, &v4.sin_addr, buf, sizeof buf) != nullptr) return buf;
  } else if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    if (inet_ntop(AF_INET6, &v6.sin6_addr, buf, sizeof buf) != nullptr) return buf;
  }
  return "";
}

}  // namespace page
}  // namespace photoaudit::audit
