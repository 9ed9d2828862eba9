#include "tests/support/certificates.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/shell.hpp"

namespace cachepilot::testing {
CertificateFactory::CertificateFactory(std::string dir, KeyType key_type) : dir_(std::move(dir)), key_type_(key_type) {}

std::string CertificateFactory::key_option() const {
  return key_type_ == KeyType::kEcP256 ? "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                                       : "-newkey rsa:2048 -nodes";
}

Status CertificateFactory::run(const std::string& what, const std::string& command) const {
  const auto log = path("openssl.log");
  const std::string script = "set -e; cd " + shell_quote(dir_) + "; " + command;
  const std::string line = "bash -c " + shell_quote(script) + " >>" + shell_quote(log) + " 2>&1";
  const int rc = std::system(line.c_str());  // NOLINT(cert-env33-c,concurrency-mt-unsafe)
  if (rc != 0) {
    return make_error(ErrorCode::kIo, what + ": openssl failed (" + std::to_string(rc) + ") in " + dir_ + ":\n" +
                                          tail_of_file(log, 20));
  }
  return ok_status();
}

Result<CertificatePaths> CertificateFactory::make_ca(const std::string& name, const std::string& common_name) {
  CP_RETURN_IF_ERROR(run("CA " + name, "openssl req -x509 " + key_option() + " -keyout " + shell_quote(name + ".key") +
                                           " -out " + shell_quote(name + ".crt") + " -days 2 -subj " +
                                           shell_quote("/CN=" + (common_name.empty() ? name : common_name))));
  return CertificatePaths{path(name + ".crt"), path(name + ".key")};
}

Result<CertificatePaths> CertificateFactory::issue(const std::string& name, const std::string& issuer,
                                                   const LeafOptions& options) {
  // The extensions go in a file (openssl x509 -req takes them no other way in OpenSSL 1.1 and 3).
  std::string ext;
  if (!options.subject_alt_names.empty()) {
    ext += "subjectAltName=";
    for (std::size_t i = 0; i < options.subject_alt_names.size(); ++i) {
      ext += (i == 0 ? "" : ",") + options.subject_alt_names[i];
    }
    ext += "\n";
  }
  // keyEncipherment is an RSA key-exchange usage; an EC key only signs.
  const std::string signing = key_type_ == KeyType::kRsa2048 ? "digitalSignature,keyEncipherment" : "digitalSignature";
  switch (options.usage) {
    case Usage::kAny:
      break;
    case Usage::kServer:
      ext += "extendedKeyUsage=serverAuth\nkeyUsage=critical," + signing + "\n";
      break;
    case Usage::kClient:
      ext += "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n";
      break;
  }
  std::string extfile;
  if (!ext.empty()) {
    std::ofstream out(path(name + ".ext"), std::ios::trunc);
    out << ext;
    if (!out.flush()) {
      return make_error(ErrorCode::kIo, "cannot write " + path(name + ".ext"));
    }
    extfile = " -extfile " + shell_quote(name + ".ext");
  }
  const auto cn = options.common_name.empty() ? name : options.common_name;
  CP_RETURN_IF_ERROR(
      run("certificate " + name, "openssl req " + key_option() + " -keyout " + shell_quote(name + ".key") + " -out " +
                                     shell_quote(name + ".csr") + " -subj " + shell_quote("/CN=" + cn) +
                                     "; openssl x509 -req -in " + shell_quote(name + ".csr") + " -CA " +
                                     shell_quote(issuer + ".crt") + " -CAkey " + shell_quote(issuer + ".key") +
                                     " -CAcreateserial -out " + shell_quote(name + ".crt") + " -days 2" + extfile));
  return CertificatePaths{path(name + ".crt"), path(name + ".key")};
}

CertificateDir::CertificateDir(std::string dir, KeyType key_type,
                               const std::function<Status(CertificateFactory&)>& make)
    : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    error_ = "cannot create " + dir_ + ": " + ec.message();
    return;
  }
  CertificateFactory factory(dir_, key_type);
  const auto made = make(factory);
  if (!made.ok()) {
    error_ = made.error().message;
  }
}

std::string CertificateDir::pem(const std::string& file) const {
  std::ifstream in(path(file));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace cachepilot::testing
