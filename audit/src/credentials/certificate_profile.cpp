// The C2PA claim-signing certificate profile (see certificate_profile.hpp).
#include "credentials/certificate_profile.hpp"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string_view>

namespace photoaudit::audit::credentials {
namespace {

constexpr std::string_view kC2paClaimSigning = "1.3.6.1.4.1.62558.2.1";
constexpr std::string_view kDocumentSigning = "1.3.6.1.5.5.7.3.36";

std::string oid_text(const ASN1_OBJECT* oid) {
  char buf[128];
  const int n = OBJ_obj2txt(buf, sizeof buf, oid, 1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof buf ? std::string(buf, static_cast<std::size_t>(n)) : "";
}

void check_key_usage(X509* leaf, std::vector<std::string>& out) {
  const int at = X509_get_ext_by_NID(leaf, NID_key_usage, -1);
  if (at < 0) {
    out.emplace_back("the signing certificate has no key usage extension");
    return;
  }
  if (X509_EXTENSION_get_critical(X509_get_ext(leaf, at)) != 1) {
    out.emplace_back("the signing certificate's key usage extension is not critical");
  }
  const std::uint32_t usage = X509_get_key_usage(leaf);
  if ((usage & KU_DIGITAL_SIGNATURE) == 0) out.emplace_back("the key usage does not assert digitalSignature");
  if ((usage & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) != 0) {
    out.emplace_back("the key usage of a signing (end-entity) certificate asserts keyCertSign or cRLSign");
  }
}

void check_extended_key_usage(X509* leaf, std::vector<std::string>& out) {
  int critical = 0;
  std::unique_ptr<EXTENDED_KEY_USAGE, void (*)(EXTENDED_KEY_USAGE*)> eku(
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(leaf, NID_ext_key_usage, &critical, nullptr)),
      EXTENDED_KEY_USAGE_free);
  if (!eku || sk_ASN1_OBJECT_num(eku.get()) == 0) {
    out.emplace_back("the signing certificate has no (or an empty) extended key usage extension");
    return;
  }
  bool signing_purpose = false;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    const ASN1_OBJECT* oid = sk_ASN1_OBJECT_value(eku.get(), i);
    const int nid = OBJ_obj2nid(oid);
    if (nid == NID_anyExtendedKeyUsage) {
      out.emplace_back("the extended key usage contains anyExtendedKeyUsage");
    } else if (nid == NID_time_stamp) {
      out.emplace_back("the extended key usage contains id-kp-timeStamping (a time-stamping authority's purpose)");
    } else if (nid == NID_OCSP_sign) {
      out.emplace_back("the extended key usage contains id-kp-OCSPSigning (an OCSP responder's purpose)");
    } else if (nid == NID_email_protect) {
      signing_purpose = true;
    } else {
      const std::string text = oid_text(oid);
      if (text == kDocumentSigning || text == kC2paClaimSigning) signing_purpose = true;
    }
  }
  if (!signing_purpose) {
    out.emplace_back(
        "the extended key usage names none of id-kp-emailProtection, id-kp-documentSigning, c2pa-kp-claimSigning");
  }
}

void check_key(X509* leaf, std::vector<std::string>& out) {
  EVP_PKEY* key = X509_get0_pubkey(leaf);
  if (key == nullptr) {
    out.emplace_back("the signing certificate's public key cannot be read");
    return;
  }
  const int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
    if (EVP_PKEY_get_bits(key) < 2048) {
      out.emplace_back("the RSA key has " + std::to_string(EVP_PKEY_get_bits(key)) + " bits, fewer than 2048");
    }
  } else if (id == EVP_PKEY_EC) {
    char curve[64] = {0};
    std::size_t n = 0;
    EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &n);
    const std::string_view name(curve, n);
    if (name != "prime256v1" && name != "P-256" && name != "secp384r1" && name != "P-384" && name != "secp521r1" &&
        name != "P-521") {
      out.emplace_back("the EC key is on curve " + std::string(name.empty() ? "(unknown)" : name) +
                       ", not P-256, P-384 or P-521");
    }
  } else if (id != EVP_PKEY_ED25519) {
    out.emplace_back("the signing key's type is not RSA, EC or Ed25519");
  }
}

}  // namespace

ProfileVerdict check_signing_certificate(X509* leaf, std::time_t signing_time) {
  ProfileVerdict v;
  if (X509_get_version(leaf) != X509_VERSION_3) v.violations.emplace_back("the signing certificate is not X.509 v3");
  const ASN1_BIT_STRING* issuer_uid = nullptr;
  const ASN1_BIT_STRING* subject_uid = nullptr;
  X509_get0_uids(leaf, &issuer_uid, &subject_uid);
  if (issuer_uid != nullptr || subject_uid != nullptr) {
    v.violations.emplace_back("the signing certificate carries an issuer or subject unique identifier");
  }
  check_key_usage(leaf, v.violations);
  check_extended_key_usage(leaf, v.violations);
  // X509_get_extension_flags computes EXFLAG_CA from basicConstraints (cA true).
  if ((X509_get_extension_flags(leaf) & EXFLAG_CA) != 0 && X509_get_ext_by_NID(leaf, NID_basic_constraints, -1) >= 0) {
    v.violations.emplace_back("the signing certificate's basic constraints say it is a CA (cA true)");
  }
  check_key(leaf, v.violations);
  const ASN1_TIME* not_before = X509_get0_notBefore(leaf);
  const ASN1_TIME* not_after = X509_get0_notAfter(leaf);
  std::time_t at = signing_time;
  const int before = X509_cmp_time(not_before, &at);  // -1: notBefore < at
  const int after = X509_cmp_time(not_after, &at);    // 1: notAfter > at
  if (before != 0 && after != 0) v.inside_validity = before < 0 && after > 0;
  return v;
}

}  // namespace photoaudit::audit::credentials
