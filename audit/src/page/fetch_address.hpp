// The address policy of fetching: which resolved addresses a fetch may connect to.
#pragma once

#include <sys/socket.h>

#include <string>

namespace photoaudit::audit::page {

// The numeric form of an IPv4/IPv6 socket address ("127.0.0.1", "::1"); "" for other families.
// REQUIRES: address points to at least length readable bytes.
std::string numeric_address(const sockaddr* address, socklen_t length);

}  // namespace photoaudit::audit::page
