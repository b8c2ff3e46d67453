// RFC 3161 time-stamps of C2PA claim signatures (see time_stamp.hpp).
#include "credentials/time_stamp.hpp"

#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "credentials/cbor_tree.hpp"
#include "credentials/cose_signature.hpp"

namespace photoaudit::audit::credentials {
namespace {

template <typename T, void (*Free)(T*)>
struct OsslFree {
  void operator()(T* p) const { Free(p); }
};
using RespPtr = std::unique_ptr<TS_RESP, OsslFree<TS_RESP, TS_RESP_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OsslFree<PKCS7, PKCS7_free>>;
using InfoPtr = std::unique_ptr<TS_TST_INFO, OsslFree<TS_TST_INFO, TS_TST_INFO_free>>;
using StorePtr = std::unique_ptr<X509_STORE, OsslFree<X509_STORE, X509_STORE_free>>;

// The token inside `der`: a TimeStampResp (sigTst v1 may hold one) or a bare TimeStampToken.
Pkcs7Ptr token_of(const std::vector<std::uint8_t>& der) {
  const unsigned char* p = der.data();
  if (RespPtr resp{d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size()))}) {
    if (PKCS7* token = TS_RESP_get_token(resp.get())) return Pkcs7Ptr(PKCS7_dup(token));
  }
  p = der.data();
  return Pkcs7Ptr(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
}

bool read_time(TS_TST_INFO* info, TimeStampVerdict& v) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm) != 1) return false;
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  v.time = buf;
  v.when = timegm(&tm);
  return true;
}

bool imprint_matches(TS_TST_INFO* info, std::span<const std::uint8_t> stamped, std::string& problem) {
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
  const EVP_MD* md = oid != nullptr ? EVP_get_digestbyobj(oid) : nullptr;
  if (md == nullptr) {
    problem = "the time-stamp's imprint names an unknown hash algorithm";
    return false;
  }
  std::vector<std::uint8_t> digest(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int n = 0;
  EVP_Digest(stamped.data(), stamped.size(), digest.data(), &n, md, nullptr);
  const ASN1_OCTET_STRING* expected = TS_MSG_IMPRINT_get_msg(imprint);
  const auto* data = ASN1_STRING_get0_data(expected);
  if (static_cast<std::size_t>(ASN1_STRING_length(expected)) != digest.size() ||
      !std::equal(digest.begin(), digest.end(), data)) {
    problem = "the time-stamp's message imprint is not the hash of the signature it stamps";
    return false;
  }
  return true;
}

// The token's CMS signature, checked with its own signer certificate (no chain: that is the TSA trust check).
bool signature_verifies(PKCS7* token, std::string& problem) {
  StorePtr empty(X509_STORE_new());
  if (PKCS7_verify(token, nullptr, empty.get(), nullptr, nullptr, PKCS7_NOVERIFY) != 1) {
    problem = "the time-stamp token's signature does not verify";
    return false;
  }
  return true;
}

// The token's signer certificate first, then the other certificates it carries, DER.
std::vector<std::vector<std::uint8_t>> signer_chain(PKCS7* token) {
  std::vector<std::vector<std::uint8_t>> out;
  STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0);
  if (signers == nullptr) return out;
  auto der_of = [](X509* cert) {
    unsigned char* buf = nullptr;
    const int n = i2d_X509(cert, &buf);
    std::vector<std::uint8_t> der;
    if (n > 0) der.assign(buf, buf + n);
    OPENSSL_free(buf);
    return der;
  };
  X509* leaf = sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
  if (leaf != nullptr) out.push_back(der_of(leaf));
  STACK_OF(X509)* certs = PKCS7_type_is_signed(token) ? token->d.sign->cert : nullptr;
  for (int i = 0; certs != nullptr && i < sk_X509_num(certs); ++i) {
    X509* c = sk_X509_value(certs, i);
    if (leaf == nullptr || X509_cmp(c, leaf) != 0) out.push_back(der_of(c));
  }
  sk_X509_free(signers);
  return out;
}

// `bytes` as one CBOR byte string (header and bytes).
std::vector<std::uint8_t> cbor_bstr(std::span<const std::uint8_t> bytes) {
  std::vector<std::uint8_t> out;
  const std::uint64_t n = bytes.size();
  if (n < 24) {
    out.push_back(static_cast<std::uint8_t>(0x40 | n));
  } else {
    const int width = n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFF ? 4 : 8;
    out.push_back(static_cast<std::uint8_t>(0x40 | (width == 1 ? 24 : width == 2 ? 25 : width == 4 ? 26 : 27)));
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

}  // namespace

TimeStampVerdict verify_time_stamp(const cbor_item_t* unprotected, std::span<const std::uint8_t> protected_bytes,
                                   std::span<const std::uint8_t> claim, std::span<const std::uint8_t> signature,
                                   const TrustAnchors* tsa) {
  TimeStampVerdict v;
  for (const char* label : {"sigTst2", "sigTst"}) {
    const cbor_item_t* tst = map_get(unprotected, label);
    if (tst == nullptr) continue;
    v.present = true;
    v.label = label;
    const bool v2 = v.label == "sigTst2";
    const std::vector<std::uint8_t> signature_bstr = v2 ? cbor_bstr(signature) : std::vector<std::uint8_t>();
    const std::vector<std::uint8_t> stamped = sig_structure("CounterSignature", protected_bytes,
                                                            v2 ? std::span<const std::uint8_t>(signature_bstr) : claim);
    for (const cbor_item_t* entry : array_of(map_get(tst, "tstTokens"))) {
      const auto der = bytes_of(map_get(entry, "val"));
      if (!der || der->empty()) continue;
      Pkcs7Ptr token = token_of(*der);
      if (!token) continue;
      InfoPtr info(PKCS7_to_TS_TST_INFO(token.get()));
      if (!info || !read_time(info.get(), v)) continue;
      v.imprint_matches = imprint_matches(info.get(), stamped, v.problem);
      v.signature_valid = v.imprint_matches && signature_verifies(token.get(), v.problem);
      if (v.validated() && tsa != nullptr) {
        v.tsa_checked = true;
        std::string why;
        v.tsa_trusted = tsa->verifies(signer_chain(token.get()), v.time, &why);
        if (!v.tsa_trusted) v.problem = "the time-stamp authority is not trusted: " + why;
      }
      return v;  // the first readable token decides
    }
    v.malformed = true;
    v.problem = "the time-stamp cannot be read";
    return v;
  }
  return v;
}

}  // namespace photoaudit::audit::credentials
