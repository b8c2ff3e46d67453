#include "photoaudit/common/openssl_ready.hpp"

#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <mutex>

namespace photoaudit {
namespace {

template <typename Method>
void ignore(Method* /*method*/, void* /*arg*/) {}

void build_tables() {
  OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, nullptr);
  // Each do_all_provided builds every method of its kind from every active provider into the library
  // context's store; afterwards a fetch finds them there. Together they cover all that photoaudit asks of
  // OpenSSL: digests, keys and their decoding (certificates, COSE signatures, time-stamps, OCSP), signature
  // verification, and what libcurl's TLS uses.
  EVP_MD_do_all_provided(nullptr, ignore<EVP_MD>, nullptr);
  EVP_CIPHER_do_all_provided(nullptr, ignore<EVP_CIPHER>, nullptr);
  EVP_MAC_do_all_provided(nullptr, ignore<EVP_MAC>, nullptr);
  EVP_KDF_do_all_provided(nullptr, ignore<EVP_KDF>, nullptr);
  EVP_RAND_do_all_provided(nullptr, ignore<EVP_RAND>, nullptr);
  EVP_KEYMGMT_do_all_provided(nullptr, ignore<EVP_KEYMGMT>, nullptr);
  EVP_SIGNATURE_do_all_provided(nullptr, ignore<EVP_SIGNATURE>, nullptr);
  EVP_ASYM_CIPHER_do_all_provided(nullptr, ignore<EVP_ASYM_CIPHER>, nullptr);
  EVP_KEYEXCH_do_all_provided(nullptr, ignore<EVP_KEYEXCH>, nullptr);
  EVP_KEM_do_all_provided(nullptr, ignore<EVP_KEM>, nullptr);
  OSSL_DECODER_do_all_provided(nullptr, ignore<OSSL_DECODER>, nullptr);
  OSSL_ENCODER_do_all_provided(nullptr, ignore<OSSL_ENCODER>, nullptr);
}

}  // namespace

void prepare_openssl() {
  static std::once_flag once;
  std::call_once(once, build_tables);
}

}  // namespace photoaudit
