// cachepilot: data-locality scheduling and predictive cache autoscaling for Fluid on Kubernetes.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "cachepilot/version.hpp"

namespace {

int run(int argc, char** argv) {
  CLI::App root{"cachepilot: data-locality scheduling and predictive cache autoscaling for Fluid datasets"};
  root.set_version_flag("--version", std::string("cachepilot ") + cachepilot::kVersion);
  root.require_subcommand(1);
  int exit_code = 0;
  cachepilot::app::add_extender_command(root, exit_code);
  cachepilot::app::add_simulate_command(root, exit_code);
  cachepilot::app::add_autoscaler_command(root, exit_code);
  cachepilot::app::add_demo_command(root, exit_code);
  CLI11_PARSE(root, argc, argv);
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // CLI11 reports bad flags by exception (CLI11_PARSE catches those); anything else escaping a subcommand is a
  // bug, reported instead of terminating silently.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    (void)std::fprintf(stderr, "cachepilot: fatal: %s\n", e.what());
    return 70;
  } catch (...) {
    (void)std::fprintf(stderr, "cachepilot: fatal: unknown exception\n");
    return 70;
  }
}
