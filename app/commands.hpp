#pragma once
// Each subcommand of `cachepilot` registers itself on the root CLI app and sets the exit code when it runs.
namespace CLI {
class App;
}  // namespace CLI

namespace cachepilot::app {

void add_extender_command(CLI::App& root, int& exit_code);
void add_simulate_command(CLI::App& root, int& exit_code);
void add_autoscaler_command(CLI::App& root, int& exit_code);
void add_demo_command(CLI::App& root, int& exit_code);

}  // namespace cachepilot::app
