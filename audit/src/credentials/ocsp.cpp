// Stapled OCSP responses (see ocsp.hpp).
#include "credentials/ocsp.hpp"

#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <optional>

#include "credentials/cbor_tree.hpp"

namespace photoaudit::audit::credentials {
namespace {

template <typename T, void (*Free)(T*)>
struct OsslFree {
  void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, OsslFree<X509, X509_free>>;
using ResponsePtr = std::unique_ptr<OCSP_RESPONSE, OsslFree<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using BasicPtr = std::unique_ptr<OCSP_BASICRESP, OsslFree<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using CertIdPtr = std::unique_ptr<OCSP_CERTID, OsslFree<OCSP_CERTID, OCSP_CERTID_free>>;
using StorePtr = std::unique_ptr<X509_STORE, OsslFree<X509_STORE, X509_STORE_free>>;

constexpr std::size_t kMaxResponses = 8;
constexpr std::size_t kMaxResponseBytes = 64u << 10;

X509Ptr parse(const std::vector<std::uint8_t>& der) {
  const unsigned char* p = der.data();
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::optional<std::time_t> time_of(const ASN1_GENERALIZEDTIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return timegm(&tm);
}

std::string rfc3339(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The signer and its issuer, and the x5chain as a stack for OpenSSL (owning the certificates).
struct Chain {
  X509Ptr leaf;
  X509Ptr issuer;
  std::vector<X509Ptr> all;
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> stack{sk_X509_new_null(),
                                                                   [](STACK_OF(X509) * s) { sk_X509_free(s); }};
};

std::optional<Chain> chain_of(const std::vector<std::vector<std::uint8_t>>& der) {
  if (der.size() < 2) return std::nullopt;
  Chain c;
  c.leaf = parse(der[0]);
  c.issuer = parse(der[1]);
  if (!c.leaf || !c.issuer) return std::nullopt;
  for (const auto& one : der) {
    if (X509Ptr cert = parse(one)) {
      sk_X509_push(c.stack.get(), cert.get());
      c.all.push_back(std::move(cert));
    }
  }
  return c;
}

// The response's signature: by the issuer, or by a responder it delegated, checked at `at`. "" when it holds.
std::string signature_problem(OCSP_BASICRESP* basic, const Chain& chain, std::time_t at) {
  StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), chain.issuer.get());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), at);
  if (OCSP_basic_verify(basic, chain.stack.get(), store.get(), OCSP_PARTIAL_CHAIN) != 1) {
    return "its signature or its responder does not verify against the signer's issuer";
  }
  return "";
}

// The SingleResponse about the leaf, or nullptr.
OCSP_SINGLERESP* single_for(OCSP_BASICRESP* basic, const Chain& chain) {
  for (int i = 0; i < OCSP_resp_count(basic); ++i) {
    OCSP_SINGLERESP* single = OCSP_resp_get0(basic, i);
    ASN1_OBJECT* md_oid = nullptr;
    OCSP_id_get0_info(nullptr, &md_oid, nullptr, nullptr, const_cast<OCSP_CERTID*>(OCSP_SINGLERESP_get0_id(single)));
    const EVP_MD* md = md_oid != nullptr ? EVP_get_digestbyobj(md_oid) : nullptr;
    if (md == nullptr) continue;
    CertIdPtr ours(OCSP_cert_to_id(md, chain.leaf.get(), chain.issuer.get()));
    if (ours && OCSP_id_cmp(ours.get(), OCSP_SINGLERESP_get0_id(single)) == 0) return single;
  }
  return nullptr;
}

OcspVerdict judge(OCSP_SINGLERESP* single, std::time_t at) {
  int reason = 0;
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  const int status = OCSP_single_get0_status(single, &reason, &revoked_at, &this_update, &next_update);
  using S = OcspVerdict::Status;
  if (status == V_OCSP_CERTSTATUS_REVOKED) {
    const auto when = time_of(revoked_at);
    if (when && *when > at) {
      return {S::kNotRevoked, true, "revoked on " + rfc3339(*when) + ", after the signing time " + rfc3339(at)};
    }
    return {S::kRevoked, true,
            "the OCSP response says the signing certificate was revoked" + (when ? " on " + rfc3339(*when) : "")};
  }
  if (status == V_OCSP_CERTSTATUS_UNKNOWN) return {S::kUnknown, true, "the OCSP responder does not know the signer"};
  // Good: usable while the signing time is not past nextUpdate (without one, past thisUpdate).
  const auto until = time_of(next_update != nullptr ? next_update : this_update);
  if (!until || at > *until) {
    return {S::kNone, true,
            "the stapled OCSP response was disregarded: it holds only until " + (until ? rfc3339(*until) : "?") +
                ", before the signing time " + rfc3339(at)};
  }
  return {S::kNotRevoked, true, "the stapled OCSP response says the signing certificate is good"};
}

// One response; nullopt when it cannot be interpreted (`why` then says why).
std::optional<OcspVerdict> check_one(const std::vector<std::uint8_t>& der, const Chain& chain, std::time_t at,
                                     std::string& why) {
  const unsigned char* p = der.data();
  ResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    why = "it is not a successful OCSP response";
    return std::nullopt;
  }
  BasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) {
    why = "it holds no basic OCSP response";
    return std::nullopt;
  }
  OCSP_SINGLERESP* single = single_for(basic.get(), chain);
  if (single == nullptr) {
    why = "it is about another certificate (no CertID matches the signer)";
    return std::nullopt;
  }
  if (why = signature_problem(basic.get(), chain, at); !why.empty()) return std::nullopt;
  return judge(single, at);
}

}  // namespace

OcspVerdict check_stapled_ocsp(const cbor_item_t* unprotected, const std::vector<std::vector<std::uint8_t>>& chain,
                               std::time_t signing_time) {
  const auto responses = array_of(map_get(map_get(unprotected, "rVals"), "ocspVals"));
  OcspVerdict out;
  if (responses.empty()) {
    out.explanation = "no OCSP response is stapled to the signature; revocation is not checked online";
    return out;
  }
  out.stapled = true;
  const std::optional<Chain> parsed = chain_of(chain);
  if (!parsed) {
    out.explanation = "the stapled OCSP response was disregarded: x5chain holds no issuer to check it against";
    return out;
  }
  std::string why = "no response could be read";
  for (std::size_t i = 0; i < responses.size() && i < kMaxResponses; ++i) {
    const auto der = bytes_of(responses[i]);
    if (!der || der->size() > kMaxResponseBytes) continue;
    if (auto verdict = check_one(*der, *parsed, signing_time, why)) {
      if (verdict->status != OcspVerdict::Status::kNone) return *verdict;
      why = verdict->explanation;
    }
  }
  out.explanation = why.starts_with("the stapled") ? why : "the stapled OCSP response was disregarded: " + why;
  return out;
}

}  // namespace photoaudit::audit::credentials
