#include "common/subprocess.hpp"

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cachepilot {

Result<std::unique_ptr<Subprocess>> Subprocess::spawn(std::string name, std::vector<std::string> argv,
                                                      const std::string& log_path) {
  if (argv.empty()) {
    return make_error(ErrorCode::kInvalidArgument, name + ": no command");
  }
  if (::access(argv[0].c_str(), X_OK) != 0) {
    return make_error(ErrorCode::kNotFound, name + ": " + argv[0] + " is missing or not executable");
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (auto& a : argv) {
    args.push_back(a.data());
  }
  args.push_back(nullptr);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return make_error(ErrorCode::kUnavailable, name + ": cannot open " + log_path);
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::unique_ptr<Subprocess> process(new Subprocess(std::move(name), log_path));
  const pid_t parent = ::getpid();
  process->pid_ = ::fork();
  if (process->pid_ == 0) {
    // Child: async-signal-safe calls only until exec. Die with the parent, whatever way it dies.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
      ::_exit(127);
    }
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close_range(3, ~0U, 0);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;  // NOLINT(cppcoreguidelines-pro-type-union-access)
    ::sigaction(SIGPIPE, &dfl, nullptr);
    ::sigaction(SIGINT, &dfl, nullptr);
    ::sigaction(SIGTERM, &dfl, nullptr);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // NOLINT(concurrency-mt-unsafe): the child has one thread
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(log_fd);
  if (null_fd >= 0) {
    ::close(null_fd);
  }
  if (process->pid_ < 0) {
    return make_error(ErrorCode::kUnavailable, process->name_ + ": fork failed");
  }
  return process;
}

Subprocess::~Subprocess() { stop(std::chrono::seconds(3)); }

void Subprocess::reap(bool block) {
  if (pid_ <= 0 || status_) {
    return;
  }
  int status = 0;
  pid_t r = 0;
  do {
    r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    status_ = status;
  }
}

bool Subprocess::running() {
  reap(false);
  return pid_ > 0 && !status_;
}

std::optional<int> Subprocess::wait_for_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!status_) {
    return std::nullopt;
  }
  return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : -WTERMSIG(*status_);
}

void Subprocess::signal(int sig) const {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, sig);
  }
}

void Subprocess::stop(std::chrono::milliseconds grace) {
  if (!running()) {
    return;
  }
  ::kill(pid_, SIGTERM);
  if (!wait_for_exit(grace)) {
    kill();
  }
}

void Subprocess::kill() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
}

std::string Subprocess::describe_exit() const {
  if (!status_) {
    return name_ + " is running";
  }
  return name_ + (WIFEXITED(*status_) ? " exited with status " + std::to_string(WEXITSTATUS(*status_))
                                      : " was killed by signal " + std::to_string(WTERMSIG(*status_)));
}

std::string Subprocess::log_tail(std::size_t bytes) const {
  std::ifstream in(log_path_, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

Result<std::uint16_t> free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return make_error(ErrorCode::kUnavailable, "socket() failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API takes sockaddr*
  auto* generic = reinterpret_cast<sockaddr*>(&addr);
  if (::bind(fd, generic, sizeof addr) != 0 || ::getsockname(fd, generic, &len) != 0) {
    ::close(fd);
    return make_error(ErrorCode::kUnavailable, "no free port on 127.0.0.1");
  }
  ::close(fd);
  return static_cast<std::uint16_t>(ntohs(addr.sin_port));
}

}  // namespace cachepilot
