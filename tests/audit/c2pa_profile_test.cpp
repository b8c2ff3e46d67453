// The C2PA claim-signing certificate profile: one certificate per rule (fixtures/c2pa/certs, README there), and the
// c2pa-rs samples' real signers, which follow it.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "credentials/certificate_profile.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using photoaudit::audit::credentials::check_signing_certificate;
using photoaudit::audit::credentials::ProfileVerdict;

const std::filesystem::path kCerts = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa" / "certs";

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

std::unique_ptr<X509, X509Free> load(const std::string& name) {
  const std::string pem = photoaudit::test::read_file(kCerts / (name + ".pem"));
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  REQUIRE(cert);
  return cert;
}

// A time inside the certificate's validity: a day after notBefore.
std::time_t inside(X509* cert) {
  std::tm tm{};
  REQUIRE(ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm) == 1);
  return timegm(&tm) + 86'400;
}

ProfileVerdict check(const std::string& name) {
  auto cert = load(name);
  return check_signing_certificate(cert.get(), inside(cert.get()));
}

bool names(const ProfileVerdict& v, std::string_view words) {
  return std::any_of(v.violations.begin(), v.violations.end(),
                     [&](const std::string& s) { return s.find(words) != std::string::npos; });
}

}  // namespace

TEST_CASE("c2pa profile: certificates that follow the claim-signing profile pass", "[c2pa]") {
  for (const char* name : {"good", "document_signing"}) {
    const ProfileVerdict v = check(name);
    INFO(name);
    CHECK(v.violations.empty());
    CHECK(v.inside_validity == true);
  }
}

TEST_CASE("c2pa profile: each broken rule is named", "[c2pa]") {
  CHECK(names(check("ca_true"), "cA true"));
  CHECK(names(check("any_eku"), "anyExtendedKeyUsage"));
  CHECK(names(check("no_key_usage"), "no key usage"));
  CHECK(names(check("key_usage_not_critical"), "not critical"));
  CHECK(names(check("no_eku"), "no (or an empty) extended key usage"));
  CHECK(names(check("tsa_eku"), "id-kp-timeStamping"));
  CHECK(names(check("server_eku"), "names none of"));
  CHECK(names(check("rsa1024"), "fewer than 2048"));
  CHECK(names(check("secp256k1"), "not P-256"));
  // Each of these breaks exactly one rule.
  for (const char* name : {"ca_true", "any_eku", "no_key_usage", "key_usage_not_critical", "no_eku", "tsa_eku",
                           "server_eku", "rsa1024", "secp256k1"}) {
    INFO(name);
    CHECK(check(name).violations.size() == 1);
  }
}

TEST_CASE("c2pa profile: validity is judged at the signing time", "[c2pa]") {
  auto cert = load("good");
  CHECK(check_signing_certificate(cert.get(), inside(cert.get())).inside_validity == true);
  CHECK(check_signing_certificate(cert.get(), inside(cert.get()) - std::time_t{10} * 86'400).inside_validity == false);
}
