#pragma once
// Test certificates made with the openssl CLI: a self-signed CA, and leaf certificates it signs (server
// certificates naming IPs and DNS names, client certificates naming a user). The TLS suites and the real
// control plane all need them; one implementation keeps the openssl invocations and their flags in one place.
#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace cachepilot::testing {

// Paths of a certificate and its private key (PEM files).
struct CertificatePaths {
  std::string cert{};
  std::string key{};
};

enum class KeyType {
  kEcP256,   // quick to make on a busy machine, and common in clusters
  kRsa2048,  // what most setup guides use (`openssl req -newkey rsa:2048`)
};

// Extended key usage written into a leaf. kAny writes no usage extensions at all, which OpenSSL and Go both
// accept for either role.
enum class Usage { kAny, kServer, kClient };

struct LeafOptions {
  std::string common_name;                       // empty: the leaf's file name
  std::vector<std::string> subject_alt_names{};  // openssl form: "IP:127.0.0.1", "DNS:localhost"
  Usage usage = Usage::kAny;
};

// Writes <name>.crt and <name>.key into one directory (which must exist); openssl's output goes to
// <dir>/openssl.log, whose tail an error carries. Not thread-safe: the CA's serial file is shared.
class CertificateFactory {
 public:
  explicit CertificateFactory(std::string dir, KeyType key_type = KeyType::kEcP256);

  // A self-signed CA valid for 2 days.
  [[nodiscard]] Result<CertificatePaths> make_ca(const std::string& name, const std::string& common_name = {});
  // A leaf signed by the CA `issuer` (made by make_ca in this directory), valid for 2 days.
  [[nodiscard]] Result<CertificatePaths> issue(const std::string& name, const std::string& issuer,
                                               const LeafOptions& options);

  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }
  [[nodiscard]] std::string path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  [[nodiscard]] Status run(const std::string& what, const std::string& command) const;
  [[nodiscard]] std::string key_option() const;

  std::string dir_;
  KeyType key_type_;
};

// A directory of certificates a suite makes once: a fresh directory `dir`, filled by `make` (calls to make_ca
// and issue on the factory it is given). Failures are kept, not thrown, so each test can assert on ok().
class CertificateDir {
 public:
  CertificateDir(std::string dir, KeyType key_type, const std::function<Status(CertificateFactory&)>& make);

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }
  [[nodiscard]] std::string path(const std::string& file) const { return dir_ + "/" + file; }
  [[nodiscard]] std::string pem(const std::string& file) const;  // the file's text ("" when missing)

 private:
  std::string dir_;
  std::string error_;
};

}  // namespace cachepilot::testing
